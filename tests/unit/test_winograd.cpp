// Winograd F(2x2, 3x3) convolutions (kernels/winograd.h, ops/nn/conv.cpp): against the
// definition, against the direct path it replaces, and its own bits everywhere (scalar and
// SIMD kernels, thread counts, fused epilogues).
#include <doctest/doctest.h>

#include <cstring>
#include <limits>

#include "conv_reference.h"
#include "graph_builder.h"
#include "test_util.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/runtime/session.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;

namespace {

// Geometries Winograd takes (3x3, stride 1, >= 8 channels each way, >= 16 tiles): tile rows that
// end inside a panel and across one, odd output sizes (tiles over the edge), pads 0, 1, 2 and
// asymmetric, batches.
std::vector<test::ConvCase> winograd_cases() {
  auto make = [](int64_t n, int64_t c, int64_t h, int64_t w, int64_t m, std::vector<int64_t> pads) {
    test::ConvCase cc;
    cc.n = n;
    cc.c = c;
    cc.h = h;
    cc.w = w;
    cc.m = m;
    cc.pads = std::move(pads);
    return cc;
  };
  return {make(1, 8, 7, 7, 8, {1, 1, 1, 1}), make(2, 16, 14, 14, 16, {1, 1, 1, 1}),
          make(1, 9, 9, 13, 11, {0, 2, 1, 0}), make(1, 17, 28, 28, 20, {1, 1, 1, 1}),
          make(1, 8, 8, 8, 8, {2, 2, 2, 2}), make(3, 12, 11, 10, 9, {0, 0, 0, 0}),
          make(1, 64, 16, 16, 32, {1, 1, 1, 1}), make(1, 8, 3, 40, 8, {1, 1, 1, 1}),
          // U over 1 MB and 16 tiles: tasks of all the tiles and a block of output channels
          make(2, 128, 8, 8, 129, {1, 1, 1, 1})};
}

struct ConvRun {
  Graph graph;
  Tensor x;
};

// Conv(x, w, b) -> Relu when `relu`; with a residual r of y's shape added before it when
// `residual` (the fused epilogue), r's values fixed.
ConvRun conv_graph(const test::ConvCase& cc, bool relu, bool residual) {
  test::GraphBuilder b(13);
  const Shape xs = {cc.n, cc.c, cc.h, cc.w};
  b.input("x", DType::kFloat32, xs);
  b.init("w", test::f32({cc.m, cc.c, 3, 3}, test::random_floats(cc.m * cc.c * 9, 2)));
  b.init("b", test::f32({cc.m}, test::random_floats(cc.m, 3)));
  b.node("Conv", {"x", "w", "b"}, {relu || residual ? "c" : "y"}, {{"pads", test::ints(cc.pads)}});
  std::string last = "c";
  if (residual) {
    const int64_t oh = cc.h + cc.pads[0] + cc.pads[2] - 2, ow = cc.w + cc.pads[1] + cc.pads[3] - 2;
    const Shape ys = {cc.n, cc.m, oh, ow};
    b.init("r", test::f32(ys, test::random_floats(shape_elements(ys), 4)));
    b.node("Add", {"c", "r"}, {relu ? "s" : "y"});
    last = "s";
  }
  if (relu) b.node("Relu", {last}, {"y"});
  b.output("y");
  return {b.g, test::f32(xs, test::random_floats(shape_elements(xs), 1))};
}

std::vector<float> floats_of(const Tensor& t) { return {t.f32(), t.f32() + t.elements()}; }

Tensor run(const ConvRun& r, SessionOptions options) {
  auto out = test::run_graph(r.graph, {r.x}, options);
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  return out.value()[0];
}

}  // namespace

TEST_CASE("Winograd convs agree with the definition; turned off, the direct sum runs instead") {
  for (const test::ConvCase& cc : winograd_cases()) {
    CAPTURE(cc.n);
    CAPTURE(cc.c);
    CAPTURE(cc.h);
    CAPTURE(cc.w);
    CAPTURE(cc.m);
    const ConvRun r = conv_graph(cc, false, false);
    int64_t oh = 0, ow = 0;
    const std::vector<float> want =
        test::naive_conv(cc, floats_of(r.x), floats_of(r.graph.initializers.at("w")),
                         floats_of(r.graph.initializers.at("b")), oh, ow);
    for (bool scalar : {false, true}) {
      CAPTURE(scalar);
      SessionOptions options, direct;
      options.scalar_kernels = direct.scalar_kernels = scalar;
      direct.winograd = false;
      const Tensor w = run(r, options), d = run(r, direct);
      REQUIRE(w.elements() == want.size());
      double worst = 0, worst_direct = 0, scale = 0;
      for (size_t i = 0; i < want.size(); ++i) {
        worst = std::max(worst, std::abs(double(w.f32()[i]) - want[i]));
        worst_direct = std::max(worst_direct, std::abs(double(d.f32()[i]) - want[i]));
        scale = std::max(scale, std::abs(double(want[i])));
      }
      // Random weights and inputs in [-1, 1], sums of 72-1152 products: float32's rounding (an
      // absolute bound: an output near 0 from 1152 products has no relative precision to keep).
      CHECK(worst <= 2e-6 * scale * std::sqrt(double(cc.c)));
      // The option decides: with it off the bits differ (another sum), still the definition's.
      CHECK(w.bytes != d.bytes);
      CHECK(worst_direct <= 2e-6 * scale * std::sqrt(double(cc.c)));
      // Sums of up to 600 products also hold each output to 1e-5 of itself (doctest's Approx).
      if (9 * cc.c <= 600)
        for (size_t i = 0; i < want.size(); ++i)
          CHECK(d.f32()[i] == doctest::Approx(want[i]).epsilon(1e-5));
    }
  }
}

TEST_CASE(
    "Winograd: scalar and SIMD kernels, thread counts and fused epilogues give the same bits") {
  for (const test::ConvCase& cc : winograd_cases()) {
    for (bool residual : {false, true}) {
      CAPTURE(cc.c);
      CAPTURE(cc.h);
      CAPTURE(cc.w);
      CAPTURE(residual);
      const ConvRun r = conv_graph(cc, true, residual);
      SessionOptions apart;
      apart.fuse_epilogues = false;
      const Tensor want = run(r, apart);
      for (bool scalar : {false, true})
        for (size_t threads : {size_t{1}, size_t{2}, size_t{3}}) {
          if (threads > 1 && !ThreadPool::supported()) continue;
          CAPTURE(scalar);
          CAPTURE(threads);
          SessionOptions options;
          options.scalar_kernels = scalar;
          options.threads = threads;
          CHECK(run(r, options).bytes == want.bytes);
        }
    }
  }
}

#if defined(__wasm_simd128__)
TEST_CASE("Winograd SIMD128 transforms write what the scalar ones write, for any block of tiles") {
  // The kernels alone, scratch poisoned with NaN: blocks that start and end inside a tile row,
  // panels of 8 and 16.
  for (const test::ConvCase& cc : winograd_cases()) {
    kernels::Window2d w;
    w.in_h = cc.h;
    w.in_w = cc.w;
    w.kernel_h = w.kernel_w = 3;
    w.pad_top = cc.pads[0];
    w.pad_left = cc.pads[1];
    w.out_h = cc.h + cc.pads[0] + cc.pads[2] - 2;
    w.out_w = cc.w + cc.pads[1] + cc.pads[3] - 2;
    const size_t tiles = static_cast<size_t>(kernels::winograd_tiles(w));
    const size_t c = static_cast<size_t>(cc.c);
    const std::vector<float> x = test::random_floats(c * cc.h * cc.w, 7);
    for (size_t nr : {size_t{8}, size_t{16}})
      for (size_t t0 : {size_t{0}, nr})
        for (size_t t1 : {tiles, tiles - 1, t0 + 5}) {
          if (t1 <= t0 || t1 > tiles) continue;
          CAPTURE(nr);
          CAPTURE(t0);
          CAPTURE(t1);
          const size_t v_stride =
              kernels::winograd_point_stride(kernels::gemm_packed_b_floats(c, t1 - t0, nr));
          const size_t v_floats = kernels::kWinogradPoints * v_stride;
          const float nan = std::numeric_limits<float>::quiet_NaN();
          std::vector<float> vs(v_floats, nan), vv(v_floats, nan);
          std::vector<float> scratch(kernels::winograd_input_scratch_floats(w), nan);
          kernels::winograd_f2x3_input__scalar(x.data(), c, w, t0, t1, nr, vs.data(), v_stride,
                                               scratch.data());
          kernels::winograd_f2x3_input__wasmsimd(x.data(), c, w, t0, t1, nr, vv.data(), v_stride,
                                                 scratch.data());
          CHECK(std::memcmp(vs.data(), vv.data(), v_floats * 4) == 0);
          // M for 5 rows (output channels), then Y through bias, residual and ReLU.
          const size_t rows = 5, ldm = t1 - t0 + 4, m_stride = rows * ldm;
          const std::vector<float> m = test::random_floats(kernels::kWinogradPoints * m_stride, 8);
          const size_t plane = static_cast<size_t>(w.out_h * w.out_w);
          const std::vector<float> bias = test::random_floats(rows, 9);
          const std::vector<float> res = test::random_floats(rows * plane, 10);
          kernels::GemmEpilogue ep;
          ep.add_row_bias(bias.data()).add_matrix(res.data(), plane).activate(Activation::relu());
          std::vector<float> ys(rows * plane, nan), yv(rows * plane, nan);
          kernels::winograd_f2x3_output__scalar(m.data(), m_stride, ldm, rows, w, t0, t1, ep,
                                                ys.data());
          kernels::winograd_f2x3_output__wasmsimd(m.data(), m_stride, ldm, rows, w, t0, t1, ep,
                                                  yv.data());
          CHECK(std::memcmp(ys.data(), yv.data(), ys.size() * 4) == 0);
        }
  }
}
#endif
