// ConvTranspose against its definition (each input pixel scatters W into the output), over
// strides, pads, dilations, output_padding, output_shape, auto_pad, groups (depthwise too) and
// 1-D; its refusals; the same bits at any thread count and in both kernel sets.
#include <doctest/doctest.h>

#include <cmath>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/kernels/col2im.h"
#include "wnn/runtime/session.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;

namespace {

struct Geometry {  // 2-D inside; a 1-D case has unit height
  int64_t k[2], s[2], d[2], pad[2];
  int64_t out[2];
};

// y[n, g*Mg + m, oy, ox] += x[n, g*Cg + c, iy, ix] * W[g*Cg + c, m, i, j]
// where oy = iy*s - pad + i*d (and the same for x), plus the bias.
std::vector<float> naive(const Shape& xs, const std::vector<float>& x, const Shape& ws,
                         const std::vector<float>& w, const std::vector<float>& b, int64_t group,
                         const Geometry& g) {
  const bool one_d = xs.size() == 3;
  const int64_t N = xs[0], C = xs[1], H = one_d ? 1 : xs[2], W = xs.back();
  const int64_t Mg = ws[1], Cg = C / group, M = Mg * group;
  const int64_t OH = g.out[0], OW = g.out[1];
  std::vector<float> y(static_cast<size_t>(N * M * OH * OW), 0.0f);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t gr = 0; gr < group; ++gr)
      for (int64_t c = 0; c < Cg; ++c)
        for (int64_t iy = 0; iy < H; ++iy)
          for (int64_t ix = 0; ix < W; ++ix)
            for (int64_t m = 0; m < Mg; ++m)
              for (int64_t i = 0; i < g.k[0]; ++i)
                for (int64_t j = 0; j < g.k[1]; ++j) {
                  const int64_t oy = iy * g.s[0] - g.pad[0] + i * g.d[0];
                  const int64_t ox = ix * g.s[1] - g.pad[1] + j * g.d[1];
                  if (oy < 0 || oy >= OH || ox < 0 || ox >= OW) continue;
                  const float xv = x[((n * C + gr * Cg + c) * H + iy) * W + ix];
                  const float wv = w[(((gr * Cg + c) * Mg + m) * g.k[0] + i) * g.k[1] + j];
                  y[((n * M + gr * Mg + m) * OH + oy) * OW + ox] += xv * wv;
                }
  for (int64_t n = 0; n < N; ++n)
    for (int64_t m = 0; m < M; ++m)
      for (int64_t p = 0; p < OH * OW; ++p) y[(n * M + m) * OH * OW + p] += b.empty() ? 0 : b[m];
  return y;
}

Expected<Tensor> run_conv_transpose(const Tensor& x, const Tensor& w, const Tensor* b,
                                    std::map<std::string, Attribute> attrs, bool scalar = false,
                                    size_t threads = 1, bool computed_bias = false) {
  test::GraphBuilder gb;
  gb.input("x", DType::kFloat32, x.shape).init("w", w);
  std::vector<Tensor> inputs = {x};
  std::vector<std::string> names = {"x", "w"};
  if (b) {
    names.push_back("b");
    if (computed_bias) {
      gb.input("b", DType::kFloat32, b->shape);
      inputs.push_back(*b);
    } else {
      gb.init("b", *b);
    }
  }
  gb.node("ConvTranspose", names, {"y"}, std::move(attrs)).output("y");
  SessionOptions options;
  options.scalar_kernels = scalar;
  options.threads = threads;
  Expected<std::vector<Tensor>> out = test::run_graph(gb.g, inputs, options);
  if (!out.ok()) return out.status();
  return out.value()[0];
}

struct Case {
  Shape x, w;
  int64_t group;
  std::map<std::string, Attribute> attrs;
  Geometry g;
};

void check_case(const Case& c) {
  CAPTURE(shape_string(c.x));
  CAPTURE(shape_string(c.w));
  const Tensor x = test::f32(c.x, test::random_floats(shape_elements(c.x), 1));
  const Tensor w = test::f32(c.w, test::random_floats(shape_elements(c.w), 2));
  const Tensor b = test::f32({c.w[1] * c.group}, test::random_floats(c.w[1] * c.group, 3));
  std::map<std::string, Attribute> attrs = c.attrs;
  attrs["group"] = test::int1(c.group);
  const std::vector<float> want = naive(c.x, test::values<float>(x), c.w, test::values<float>(w),
                                        test::values<float>(b), c.group, c.g);
  Shape want_shape = {c.x[0], c.w[1] * c.group};
  if (c.x.size() == 4) want_shape.push_back(c.g.out[0]);
  want_shape.push_back(c.g.out[1]);
  Expected<Tensor> scalar = run_conv_transpose(x, w, &b, attrs, true);
  REQUIRE_MESSAGE(scalar.ok(), scalar.status().message());
  CHECK(scalar.value().shape == want_shape);
  const std::vector<float> got = test::values<float>(scalar.value());
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) CHECK(std::fabs(got[i] - want[i]) <= 1e-5f);
  Expected<Tensor> simd = run_conv_transpose(x, w, &b, attrs, false);
  REQUIRE(simd.ok());
  CHECK(simd.value().bytes == scalar.value().bytes);  // the SIMD GEMM gives the scalar bits
  Expected<Tensor> computed = run_conv_transpose(x, w, &b, attrs, false, 1, true);
  REQUIRE_MESSAGE(computed.ok(), computed.status().message());
  CHECK(computed.value().bytes == scalar.value().bytes);
}

}  // namespace

TEST_CASE("ConvTranspose 2-D: strides, pads, dilations, output_padding") {
  // out = s*(in-1) + output_padding + (k-1)*d + 1 - pads
  check_case({{1, 2, 3, 4}, {2, 3, 3, 3}, 1, {}, {{3, 3}, {1, 1}, {1, 1}, {0, 0}, {5, 6}}});
  check_case({{2, 3, 4, 3},
              {3, 2, 3, 2},
              1,
              {{"strides", test::ints({2, 3})}, {"pads", test::ints({1, 0, 2, 1})}},
              {{3, 2}, {2, 3}, {1, 1}, {1, 0}, {6, 7}}});
  check_case({{1, 2, 5, 5},
              {2, 2, 3, 3},
              1,
              {{"strides", test::ints({2, 2})},
               {"dilations", test::ints({2, 1})},
               {"output_padding", test::ints({1, 1})}},
              {{3, 3}, {2, 2}, {2, 1}, {0, 0}, {14, 12}}});
}

TEST_CASE("ConvTranspose: groups, depthwise, 1-D") {
  check_case({{1, 4, 3, 3},
              {4, 3, 2, 2},
              2,
              {{"strides", test::ints({2, 2})}},
              {{2, 2}, {2, 2}, {1, 1}, {0, 0}, {6, 6}}});
  check_case({{2, 3, 4, 4},
              {3, 1, 3, 3},
              3,
              {{"strides", test::ints({2, 2})}, {"pads", test::ints({1, 1, 1, 1})}},
              {{3, 3}, {2, 2}, {1, 1}, {1, 1}, {7, 7}}});  // depthwise
  check_case({{2, 3, 6},
              {3, 2, 4},
              1,
              {{"strides", test::ints({3})}, {"pads", test::ints({1, 2})}},
              {{1, 4}, {1, 3}, {1, 1}, {0, 1}, {1, 16}}});  // 1-D
}

TEST_CASE("ConvTranspose: output_shape and auto_pad give the pads ONNX and onnxruntime give") {
  // in 3, k 3, s 2: full = 7. SAME: out 6, total 1: SAME_UPPER pads 0 before, SAME_LOWER 1.
  const Shape x = {1, 1, 3, 3}, w = {1, 1, 3, 3};
  check_case({x,
              w,
              1,
              {{"strides", test::ints({2, 2})}, {"auto_pad", test::str("SAME_UPPER")}},
              {{3, 3}, {2, 2}, {1, 1}, {0, 0}, {6, 6}}});
  check_case({x,
              w,
              1,
              {{"strides", test::ints({2, 2})}, {"auto_pad", test::str("SAME_LOWER")}},
              {{3, 3}, {2, 2}, {1, 1}, {1, 1}, {6, 6}}});
  check_case({x,
              w,
              1,
              {{"strides", test::ints({2, 2})}, {"auto_pad", test::str("VALID")}},
              {{3, 3}, {2, 2}, {1, 1}, {0, 0}, {7, 7}}});
  // output_shape [6, 5]: totals 1, 2; NOTSET puts the odd one first.
  check_case({x,
              w,
              1,
              {{"strides", test::ints({2, 2})}, {"output_shape", test::ints({6, 5})}},
              {{3, 3}, {2, 2}, {1, 1}, {1, 1}, {6, 5}}});
  check_case({x,
              w,
              1,
              {{"strides", test::ints({2, 2})},
               {"output_shape", test::ints({1, 1, 6, 5})},
               {"auto_pad", test::str("SAME_UPPER")}},
              {{3, 3}, {2, 2}, {1, 1}, {0, 1}, {6, 5}}});
  // output_shape beyond the full output (ONNX's test_convtranspose_output_shape): up to
  // stride - 1 extra outputs at the end.
  check_case({x,
              w,
              1,
              {{"strides", test::ints({3, 2})}, {"output_shape", test::ints({11, 8})}},
              {{3, 3}, {3, 2}, {1, 1}, {0, 0}, {11, 8}}});
  // k 1 < s 3: onnxruntime clamps the SAME padding at 0 (out 7, not in * s = 9).
  check_case({{1, 1, 3},
              {1, 1, 1},
              1,
              {{"strides", test::ints({3})}, {"auto_pad", test::str("SAME_UPPER")}},
              {{1, 1}, {1, 3}, {1, 1}, {0, 0}, {1, 7}}});
}

TEST_CASE("ConvTranspose refuses what it lacks, naming it") {
  const Tensor x = test::f32({1, 2, 3, 3}, std::vector<float>(18, 1.0f));
  auto error = [&](const Tensor& xx, const Tensor& w, std::map<std::string, Attribute> attrs) {
    Expected<Tensor> y = run_conv_transpose(xx, w, nullptr, std::move(attrs));
    return y.ok() ? std::string() : y.status().message();
  };
  const Tensor w = test::f32({2, 1, 2, 2}, std::vector<float>(8, 1.0f));
  CHECK(error(test::f32({1, 2, 2, 2, 2}, std::vector<float>(16)),
              test::f32({2, 1, 2, 2, 2}, std::vector<float>(16)), {})
            .find("3-D ConvTranspose (weights [2,1,2,2,2]) is not supported; only 1-D and 2-D") !=
        std::string::npos);
  CHECK(error(x, w, {{"strides", test::ints({2, 2})}, {"output_padding", test::ints({2, 0})}})
            .find("output_padding [2,0] must be smaller than the stride or the dilation") !=
        std::string::npos);
  CHECK(error(x, w, {{"group", test::int1(3)}}).find("group 3 does not divide the 2 input") !=
        std::string::npos);
  CHECK(error(x, w, {{"output_shape", test::ints({5, 4})}})
            .find("output_shape asks for 5 outputs along an axis where the input of 3 gives 4 to "
                  "4 (the output_shape does not match the input)") != std::string::npos);
  CHECK(error(test::f32({1, 3, 3, 3}, std::vector<float>(27)), w, {})
            .find("has 3 channels, but the weights expect 2") != std::string::npos);
  CHECK(error(x, w, {{"kernel_shape", test::ints({3, 3})}})
            .find("kernel_shape [3,3] does not match the weights [2,1,2,2]") != std::string::npos);
  CHECK(error(x, w, {{"pads", test::ints({2, 2, 2, 2})}}).find("the pads leave no output") !=
        std::string::npos);
  // Computed weights.
  test::GraphBuilder gb;
  gb.input("x", DType::kFloat32, {1, 2, 3, 3}).input("w", DType::kFloat32, {2, 1, 2, 2});
  gb.node("ConvTranspose", {"x", "w"}, {"y"}).output("y");
  Expected<std::unique_ptr<Session>> s = Session::create(gb.g, {});
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("must be an initializer") != std::string::npos);
}

TEST_CASE("ConvTranspose gives the same bits at 1 and 3 threads") {
  if (!ThreadPool::supported()) return;
  const Tensor x = test::f32({1, 16, 20, 20}, test::random_floats(16 * 400, 4));
  const Tensor w = test::f32({16, 24, 4, 4}, test::random_floats(16 * 24 * 16, 5));
  const Tensor b = test::f32({24}, test::random_floats(24, 6));
  const std::map<std::string, Attribute> attrs = {{"strides", test::ints({2, 2})},
                                                  {"pads", test::ints({1, 1, 1, 1})}};
  Expected<Tensor> one = run_conv_transpose(x, w, &b, attrs, false, 1);
  Expected<Tensor> three = run_conv_transpose(x, w, &b, attrs, false, 3);
  REQUIRE(one.ok());
  REQUIRE(three.ok());
  CHECK(one.value().bytes == three.value().bytes);
}

TEST_CASE("col2im is the adjoint of im2col: <im2col(x), c> == <x, col2im(c)>") {
  kernels::Window2d w;
  w.in_h = 7;
  w.in_w = 6;
  w.kernel_h = 3;
  w.kernel_w = 2;
  w.stride_h = 2;
  w.dilation_w = 2;
  w.pad_top = 1;
  w.pad_left = 1;
  w.out_h = 4;
  w.out_w = 5;
  const size_t channels = 2, K = channels * 6, P = 20;
  const std::vector<float> x = test::random_floats(channels * 42, 7);
  const std::vector<float> c = test::random_floats(K * P, 8);
  std::vector<float> back(channels * 42, 0.0f);
  kernels::col2im_add__scalar(c.data(), channels, w, 0, P, back.data());
  // im2col by definition, as doubles.
  double lhs = 0, rhs = 0;
  for (size_t ch = 0; ch < channels; ++ch)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 2; ++j)
        for (size_t p = 0; p < P; ++p) {
          const int64_t y = static_cast<int64_t>(p / 5) * 2 - 1 + i;
          const int64_t xx = static_cast<int64_t>(p % 5) - 1 + j * 2;
          if (y < 0 || y >= 7 || xx < 0 || xx >= 6) continue;
          lhs += static_cast<double>(x[ch * 42 + y * 6 + xx]) * c[((ch * 3 + i) * 2 + j) * P + p];
        }
  for (size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(x[i]) * back[i];
  CHECK(std::fabs(lhs - rhs) < 1e-4);
  // A block of columns adds only its own columns.
  std::vector<float> part(channels * 42, 0.0f);
  std::vector<float> block(K * 7);
  for (size_t r = 0; r < K; ++r)
    for (size_t p = 0; p < 7; ++p) block[r * 7 + p] = c[r * P + 5 + p];
  kernels::col2im_add__scalar(block.data(), channels, w, 5, 12, part.data());
  double part_dot = 0, want = 0;
  for (size_t i = 0; i < x.size(); ++i) part_dot += static_cast<double>(x[i]) * part[i];
  for (size_t ch = 0; ch < channels; ++ch)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 2; ++j)
        for (size_t p = 5; p < 12; ++p) {
          const int64_t y = static_cast<int64_t>(p / 5) * 2 - 1 + i;
          const int64_t xx = static_cast<int64_t>(p % 5) - 1 + j * 2;
          if (y < 0 || y >= 7 || xx < 0 || xx >= 6) continue;
          want += static_cast<double>(x[ch * 42 + y * 6 + xx]) * c[((ch * 3 + i) * 2 + j) * P + p];
        }
  CHECK(std::fabs(part_dot - want) < 1e-4);
}
