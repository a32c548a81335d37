// Conv beyond LeNet: 1-D, grouped, depthwise (its own kernel), asymmetric pads, dilations;
// each against a naive direct convolution.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "conv_reference.h"
#include "graph_builder.h"
#include "test_util.h"
#include "wnn/graph/passes/fuse_activation.h"
#include "wnn/graph/passes/fuse_residual_add.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/runtime/session.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;

namespace {

using wnn::test::ConvCase;
using wnn::test::naive_conv;

std::vector<float> run_conv(const ConvCase& cc, const std::vector<float>& x,
                            const std::vector<float>& wt, const std::vector<float>& b, bool one_d,
                            bool scalar) {
  Node node;
  node.inputs = {"w", "b"};
  auto pick = [&](const std::vector<int64_t>& v2, std::vector<int64_t> v1) {
    return one_d ? v1 : v2;
  };
  node.attributes["strides"] = test::ints(pick(cc.strides, {cc.strides[1]}));
  node.attributes["dilations"] = test::ints(pick(cc.dilations, {cc.dilations[1]}));
  node.attributes["pads"] = test::ints(pick(cc.pads, {cc.pads[1], cc.pads[3]}));
  node.attributes["group"] = test::int1(cc.group);
  const Shape xs = one_d ? Shape{cc.n, cc.c, cc.w} : Shape{cc.n, cc.c, cc.h, cc.w};
  Graph g = test::single_node_graph("Conv", xs, node);
  const Shape ws =
      one_d ? Shape{cc.m, cc.c / cc.group, cc.kw} : Shape{cc.m, cc.c / cc.group, cc.kh, cc.kw};
  g.initializers["w"] = test::f32(ws, wt);
  g.initializers["b"] = test::f32({cc.m}, b);
  SessionOptions options;
  options.scalar_kernels = scalar;
  auto s = Session::create(std::move(g), options);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  REQUIRE(s.value()->prepare({xs}).ok());
  std::memcpy(s.value()->input_data(0), x.data(), x.size() * 4);
  REQUIRE(s.value()->run().ok());
  const float* y = static_cast<const float*>(s.value()->output_data(0));
  return std::vector<float>(y, y + shape_elements(s.value()->output_shape(0)));
}

void check_against_naive(const ConvCase& cc, bool one_d) {
  auto x = test::random_floats(cc.n * cc.c * cc.h * cc.w, 1);
  auto wt = test::random_floats(cc.m * (cc.c / cc.group) * cc.kh * cc.kw, 2);
  auto b = test::random_floats(cc.m, 3);
  int64_t oh = 0, ow = 0;
  auto want = naive_conv(cc, x, wt, b, oh, ow);
  for (bool scalar : {false, true}) {
    auto got = run_conv(cc, x, wt, b, one_d, scalar);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5));
  }
}

}  // namespace

TEST_CASE("Conv 2-D: grouped, strided, dilated, asymmetric pads") {
  ConvCase cc;
  cc.c = 6;
  cc.m = 4;
  cc.group = 2;
  cc.strides = {2, 1};
  cc.dilations = {1, 2};
  cc.pads = {1, 0, 2, 3};
  check_against_naive(cc, false);
}

TEST_CASE("Conv 1x1 padded only at the bottom: the padded row is bias, not the next channel") {
  // im2col took such a window for a plain copy of the input plane (it checked the width only).
  ConvCase cc;
  cc.kh = cc.kw = 1;
  cc.pads = {0, 0, 1, 0};
  check_against_naive(cc, false);
}

TEST_CASE("Conv 2-D depthwise (5x5, stride 2, pads 1/2) takes the depthwise kernel") {
  ConvCase cc;
  cc.c = cc.m = cc.group = 5;
  cc.h = 16;
  cc.w = 19;
  cc.kh = cc.kw = 5;
  cc.strides = {2, 2};
  cc.pads = {1, 1, 2, 2};
  check_against_naive(cc, false);
  cc.strides = {1, 1};
  cc.pads = {2, 2, 2, 2};
  check_against_naive(cc, false);
}

TEST_CASE("Conv 1-D (TextCNN widths 3, 4, 5) over [N, C, L]") {
  for (int64_t k : {3, 4, 5}) {
    ConvCase cc;
    cc.n = 2;
    cc.h = cc.kh = 1;
    cc.w = 20;
    cc.kw = k;
    cc.c = 8;
    cc.m = 6;
    check_against_naive(cc, true);
  }
}

#if defined(__wasm_simd128__)
// The SIMD128 depthwise kernel against the scalar one on random data: the same bits. The scratch
// is poisoned: a kernel must not read what it did not write there.
namespace {
bool simd_dwconv_matches_scalar(const kernels::Window2d& w, size_t c, const Activation& act,
                                std::mt19937& rng) {
  auto x = test::random_floats(c * w.in_h * w.in_w, rng());
  auto wt = test::random_floats(c * w.kernel_h * w.kernel_w, rng());
  auto b = test::random_floats(c, rng());
  std::vector<float> a(c * w.out_h * w.out_w), s(a.size());
  std::vector<float> scratch(kernels::dwconv_scratch_floats(w),
                             std::numeric_limits<float>::quiet_NaN());
  kernels::scalar_kernels().dwconv(x.data(), c, w, wt.data(), b.data(), act, a.data(),
                                   scratch.data());
  kernels::default_kernels().dwconv(x.data(), c, w, wt.data(), b.data(), act, s.data(),
                                    scratch.data());
  return std::memcmp(a.data(), s.data(), a.size() * 4) == 0;
}
}  // namespace

TEST_CASE("SIMD128 depthwise conv is bitwise equal to scalar on random geometry") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    kernels::Window2d w;
    // Horizontal dilation only now and then: the SIMD path needs dilation_w = 1.
    const int64_t max_dilation_w = trial % 7 == 0 ? 2 : 1;
    if (!test::random_window(rng, {18, 25, 5, 5, 2, 3, 2, max_dilation_w}, w)) continue;
    const size_t c = 1 + rng() % 3;
    const Activation acts[3] = {Activation::none(), Activation::relu(),
                                Activation::clip(-0.5f, 0.75f)};
    const Activation act = acts[rng() % 3];
    CAPTURE(trial);
    CHECK(simd_dwconv_matches_scalar(w, c, act, rng));
  }
}
TEST_CASE("SIMD128 depthwise 3x3 (its own kernel) is bitwise equal to scalar, strides 1 and 2") {
  // MobileNet/BlazeFace shapes: pads 1/1 ('same', stride 1), 0/1 (TF 'same', stride 2), 1/1 and
  // none, widths around the 16- and 4-column blocks, vertical dilation and stride 3.
  std::mt19937 rng(9);
  int checked = 0;
  for (int64_t in_w : {1, 2, 5, 8, 15, 16, 17, 33, 64})
    for (int64_t stride : {1, 2})
      for (int64_t pad : {0, 1})
        for (int64_t rows_case = 0; rows_case < 3; ++rows_case) {
          kernels::Window2d w;
          w.in_h = 1 + static_cast<int64_t>(rng() % 9);
          w.in_w = in_w;
          w.kernel_h = w.kernel_w = 3;
          w.stride_w = stride;
          w.stride_h = rows_case == 2 ? 3 : stride;
          w.dilation_h = rows_case == 1 ? 2 : 1;
          w.pad_top = w.pad_left = pad;
          const int64_t pad_end = stride == 2 ? 1 : pad;  // TF 'same' pads the end with stride 2
          w.out_h = (w.in_h + w.pad_top + pad_end - (2 * w.dilation_h + 1)) / w.stride_h + 1;
          w.out_w = (w.in_w + w.pad_left + pad_end - 3) / w.stride_w + 1;
          if (w.out_h < 1 || w.out_w < 1) continue;
          const Activation act = rng() % 2 ? Activation::relu() : Activation::clip(0.0f, 6.0f);
          CAPTURE(in_w);
          CAPTURE(stride);
          CAPTURE(pad);
          CAPTURE(rows_case);
          CHECK(simd_dwconv_matches_scalar(w, 2, act, rng));
          ++checked;
        }
  CHECK(checked > 90);
}
#endif

TEST_CASE("Conv -> Clip (ReLU6) and Conv -> Relu fuse into the epilogue with the same bits") {
  // Dense and depthwise convs, Clip with bounds as attributes (opset 6) and as inputs (opset 13).
  for (int64_t opset : {6, 13}) {
    for (int64_t group : {1, 4}) {
      for (const char* act : {"Relu", "Clip"}) {
        CAPTURE(opset);
        CAPTURE(group);
        CAPTURE(act);
        test::GraphBuilder b(opset);
        b.input("x", DType::kFloat32, {1, 4, 7, 6});
        b.init("w", test::f32({4, 4 / group, 3, 3}, test::random_floats(4 * (4 / group) * 9, 3)));
        b.init("lo", test::f32({}, {-0.25f}));
        b.init("hi", test::f32({}, {0.5f}));
        b.node("Conv", {"x", "w"}, {"c"},
               {{"group", test::int1(group)}, {"pads", test::ints({1, 1, 1, 1})}});
        if (std::string(act) == "Relu")
          b.node("Relu", {"c"}, {"y"});
        else if (opset < 11)
          b.node("Clip", {"c"}, {"y"}, {{"min", test::flt(-0.25f)}, {"max", test::flt(0.5f)}});
        else
          b.node("Clip", {"c", "lo", "hi"}, {"y"});
        b.output("y");
        const Tensor x = test::f32({1, 4, 7, 6}, test::random_floats(4 * 42, 9));
        SessionOptions separate;
        separate.fuse_epilogues = false;
        auto fused = test::run_graph(b.g, {x});
        auto apart = test::run_graph(b.g, {x}, separate);
        REQUIRE(fused.ok());
        REQUIRE(apart.ok());
        CHECK(fused.value()[0].bytes == apart.value()[0].bytes);
        bool clipped = false;
        for (size_t i = 0; i < 4 * 42; ++i) clipped = clipped || fused.value()[0].f32()[i] == 0.5f;
        CHECK(clipped == (std::string(act) == "Clip"));
      }
    }
  }
}

namespace {

// x [1,C,H,W] -> Conv(M channels, 3x3, pad 1, group) -> c; y = Relu(Add(c, r)) or Add(r, c), r a
// graph input of any shape; `c_is_output` also makes c a graph output.
struct ResidualCase {
  int64_t c = 4, m = 4, h = 7, w = 6, group = 1;
  bool residual_first = false, c_is_output = false;
};

wnn::test::GraphBuilder residual_graph(const ResidualCase& k) {
  using namespace wnn;
  test::GraphBuilder b(13);
  b.input("x", DType::kFloat32, {1, k.c, k.h, k.w});
  b.input("r", DType::kFloat32, {});  // any rank
  const int64_t taps = k.c / k.group * 9;
  b.init("w", test::f32({k.m, k.c / k.group, 3, 3}, test::random_floats(k.m * taps, 5)));
  b.init("b", test::f32({k.m}, test::random_floats(k.m, 6)));
  b.node("Conv", {"x", "w", "b"}, {"c"},
         {{"group", test::int1(k.group)}, {"pads", test::ints({1, 1, 1, 1})}});
  b.node("Add",
         k.residual_first ? std::vector<std::string>{"r", "c"} : std::vector<std::string>{"c", "r"},
         {"s"});
  b.node("Relu", {"s"}, {"y"});
  b.output("y");
  if (k.c_is_output) b.output("c");
  return b;
}

}  // namespace

TEST_CASE("Conv -> Add -> Relu folds into one Conv step with the residual in its epilogue") {
  Graph g = residual_graph({}).g;
  fuse_residual_add(g);
  fuse_activation(g);
  REQUIRE(g.nodes.size() == 1);
  CHECK(g.nodes[0].op_type == "Conv");
  CHECK(g.nodes[0].inputs == std::vector<std::string>{"x", "w", "b", "r"});
  CHECK(g.nodes[0].outputs == std::vector<std::string>{"y"});
  CHECK(g.nodes[0].activation.kind == Activation::Kind::kRelu);

  // Not folded: a depthwise conv, and a conv output that is also a graph output.
  ResidualCase depthwise, also_output;
  depthwise.group = 4;
  also_output.c_is_output = true;
  for (const ResidualCase& k : {depthwise, also_output}) {
    Graph h = residual_graph(k).g;
    fuse_residual_add(h);
    CHECK(h.nodes.size() == 3);
  }
}

TEST_CASE("A folded residual Add gives the bits of Conv, Add and Relu run apart") {
  // Geometries that split into one task, into pixel blocks, and into output-channel blocks;
  // residuals of the output's shape (in the epilogue), and shapes that broadcast into the conv
  // output or widen it.
  const ResidualCase geometries[] = {{4, 4, 7, 6}, {4, 16, 24, 24}, {64, 64, 3, 3}};
  for (ResidualCase k : geometries) {
    const Shape y = {1, k.m, k.h, k.w};
    const std::vector<Shape> residual_shapes = {y, {1, k.m, 1, 1}, {k.w}, {3, k.m, k.h, k.w}};
    for (const Shape& r_shape : residual_shapes) {
      for (bool residual_first : {false, true}) {
        for (int64_t group : {1, 2}) {
          k.residual_first = residual_first;
          k.group = group;
          CAPTURE(shape_string(y));
          CAPTURE(shape_string(r_shape));
          CAPTURE(residual_first);
          CAPTURE(group);
          test::GraphBuilder b = residual_graph(k);
          const Tensor x = test::f32({1, k.c, k.h, k.w}, test::random_floats(k.c * k.h * k.w, 9));
          const Tensor r = test::f32(r_shape, test::random_floats(shape_elements(r_shape), 10));
          SessionOptions separate;
          separate.fuse_epilogues = false;
          auto apart = test::run_graph(b.g, {x, r}, separate);
          REQUIRE(apart.ok());
          // With threads the conv also splits by output channels (the 3x3 geometry).
          for (size_t threads : {size_t{1}, size_t{3}}) {
            if (threads > 1 && !ThreadPool::supported()) continue;
            CAPTURE(threads);
            SessionOptions options;
            options.threads = threads;
            auto fused = test::run_graph(b.g, {x, r}, options);
            REQUIRE(fused.ok());
            CHECK(fused.value()[0].shape == apart.value()[0].shape);
            CHECK(fused.value()[0].bytes == apart.value()[0].bytes);
          }
        }
      }
    }
  }
}

TEST_CASE("A folded residual Add that does not broadcast is refused naming the Add") {
  test::GraphBuilder b = residual_graph({});
  const Tensor x = test::f32({1, 4, 7, 6}, test::random_floats(4 * 42, 9));
  const Tensor r = test::f32({1, 4, 7, 5}, test::random_floats(4 * 35, 10));
  auto fused = test::run_graph(b.g, {x, r});
  REQUIRE(!fused.ok());
  CHECK(fused.status().message().find("the Add after this Conv") != std::string::npos);
  CHECK(fused.status().message().find("do not broadcast") != std::string::npos);
}
