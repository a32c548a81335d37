// Loading holds each weight once: the weights an op keeps in the file's layout (Conv) are moved
// out of the graph, not copied, and [out, in] Gemm weights are packed where they lie. The heap's
// high-water mark itself is checked on the shipped allocator by ./test (wnn-profile --load-only
// --max-load-ratio on VGG-16, in wasm); here, that the moves and the in-place packing give the
// same bits as the copies did.
#include <doctest/doctest.h>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/kernels/gemm.h"

using namespace wnn;

TEST_CASE("[out, in] weights packed in place give the panels of the packing into a copy") {
  for (size_t nr : {size_t{8}, size_t{16}})
    for (size_t K : {size_t{1}, size_t{3}, size_t{40}})
      for (size_t N : {nr, 2 * nr, 5 * nr}) {
        CAPTURE(nr);
        CAPTURE(K);
        CAPTURE(N);
        std::vector<float> bt = test::random_floats(N * K, static_cast<uint32_t>(N * 131 + K));
        std::vector<float> packed(kernels::gemm_packed_b_floats(K, N, nr));
        kernels::pack_gemm_b_transposed(K, N, bt.data(), K, nr, packed.data());
        kernels::pack_gemm_b_transposed_in_place(K, N, nr, bt.data());
        CHECK(bt == packed);
      }
}

namespace {
// y = Gemm(x, W, b, transB=1) with W [N, K], once with W an initializer and once fed as an input
// (packed per run into scratch, the path that never took the weights).
std::vector<float> gemm_trans_b(size_t K, size_t N, bool constant, const std::vector<float>& w,
                                bool scalar) {
  test::GraphBuilder b;
  b.input("x", DType::kFloat32, {2, static_cast<int64_t>(K)});
  std::vector<Tensor> feeds = {test::f32({2, static_cast<int64_t>(K)}, test::random_floats(2 * K, 7))};
  const Tensor wt = test::f32({static_cast<int64_t>(N), static_cast<int64_t>(K)}, w);
  if (constant) {
    b.init("w", wt);
  } else {
    b.input("w", DType::kFloat32, wt.shape);
    feeds.push_back(wt);
  }
  b.init("bias", test::f32({static_cast<int64_t>(N)}, test::random_floats(N, 9)));
  b.node("Gemm", {"x", "w", "bias"}, {"y"}, {{"transB", test::int1(1)}});
  b.output("y");
  SessionOptions options;
  options.scalar_kernels = scalar;
  auto out = test::run_graph(b.g, feeds, options);
  REQUIRE(out.ok());
  const Tensor& y = out.value()[0];
  return std::vector<float>(y.f32(), y.f32() + y.elements());
}
}  // namespace

TEST_CASE("a constant [out, in] Gemm weight packed in place computes what a fed one does") {
  for (bool scalar : {false, true})
    for (size_t N : {size_t{16}, size_t{48}, size_t{20}}) {  // 20: not whole panels, copied
      CAPTURE(scalar);
      CAPTURE(N);
      const size_t K = 37;
      const std::vector<float> w = test::random_floats(N * K, 3);
      CHECK(gemm_trans_b(K, N, true, w, scalar) == gemm_trans_b(K, N, false, w, scalar));
    }
}

TEST_CASE("a weight two nodes read is copied by the first and taken by the last") {
  // y = Gemm(Gemm(x, W), W) and z = Conv(Conv(img, K), K): tied weights stay right for both.
  test::GraphBuilder b;
  b.input("x", DType::kFloat32, {1, 16});
  b.init("w", test::f32({16, 16}, test::random_floats(256, 5)));
  b.node("Gemm", {"x", "w"}, {"h"}, {{"transB", test::int1(1)}});
  b.node("Gemm", {"h", "w"}, {"y"}, {{"transB", test::int1(1)}});
  b.input("img", DType::kFloat32, {1, 2, 4, 4});
  b.init("k", test::f32({2, 2, 1, 1}, {1, 2, -1, 0.5f}));
  b.node("Conv", {"img", "k"}, {"c"});
  b.node("Conv", {"c", "k"}, {"z"});
  b.output("y");
  b.output("z");
  const std::vector<float> x = test::random_floats(16, 11);
  const std::vector<float> img = test::random_floats(32, 12);
  auto s = Session::create(Graph(b.g));
  REQUIRE(s.ok());
  CHECK(s.value()->initializer_bytes() == 0);  // both weights taken or packed
  auto out = test::run_graph(b.g, {test::f32({1, 16}, x), test::f32({1, 2, 4, 4}, img)});
  REQUIRE(out.ok());
  // By hand: h = W x, y = W h; c = K img per pixel, z = K c.
  const Tensor& w = b.g.initializers.at("w");
  std::vector<float> h(16, 0.0f), y(16, 0.0f);
  for (size_t n = 0; n < 16; ++n)
    for (size_t k = 0; k < 16; ++k) h[n] += w.f32()[n * 16 + k] * x[k];
  for (size_t n = 0; n < 16; ++n)
    for (size_t k = 0; k < 16; ++k) y[n] += w.f32()[n * 16 + k] * h[k];
  for (size_t n = 0; n < 16; ++n) CHECK(out.value()[0].f32()[n] == doctest::Approx(y[n]).epsilon(1e-5));
  const float kk[4] = {1, 2, -1, 0.5f};
  for (size_t p = 0; p < 16; ++p) {
    const float c0 = kk[0] * img[p] + kk[1] * img[16 + p], c1 = kk[2] * img[p] + kk[3] * img[16 + p];
    CHECK(out.value()[1].f32()[p] == doctest::Approx(kk[0] * c0 + kk[1] * c1));
    CHECK(out.value()[1].f32()[16 + p] == doctest::Approx(kk[2] * c0 + kk[3] * c1));
  }
}
