// Kernels: the scalar reference against a naive definition, and (in SIMD builds) every SIMD128
// kernel against the scalar one, bit for bit, on random shapes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.h"
#include "wnn/kernels/activation.h"
#include "wnn/kernels/gemm.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/kernels/pool.h"
#include "wnn/kernels/reduce.h"
#include "wnn/kernels/strided_copy.h"

using namespace wnn;
using namespace wnn::kernels;

namespace {

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

// `bias` is [M], [N] or [M, N] as `what` says: 0 none, 1 per row, 2 per column, 3 a matrix.
std::vector<float> run_gemm(const GemmConfig& gemm, size_t M, size_t N, size_t K,
                            const std::vector<float>& A, const std::vector<float>& B,
                            const std::vector<float>& bias, int what, Activation act) {
  std::vector<float> packed(gemm.packed_b_floats(K, N));
  gemm.pack_b(K, N, B.data(), N, packed.data());
  std::vector<float> C(M * N, -7.0f);
  GemmEpilogue ep;
  if (what == 1) ep.add_row_bias(bias.data());
  if (what == 2) ep.add_column_bias(bias.data());
  if (what == 3) ep.add_matrix(bias.data(), N);
  ep.activate(act);
  gemm.gemm(M, N, K, A.data(), K, packed.data(), C.data(), N, ep);
  return C;
}

}  // namespace

TEST_CASE("scalar GEMM matches the naive definition, with bias and ReLU") {
  const size_t M = 5, N = 11, K = 7;
  auto A = test::random_floats(M * K, 1);
  auto B = test::random_floats(K * N, 2);
  auto bias = test::random_floats(N, 3);
  auto C = run_gemm(scalar_kernels().gemm, M, N, K, A, B, bias, 2, Activation::relu());
  for (size_t m = 0; m < M; ++m)
    for (size_t n = 0; n < N; ++n) {
      float acc = 0;
      for (size_t k = 0; k < K; ++k) acc += A[m * K + k] * B[k * N + n];
      acc += bias[n];
      CHECK(C[m * N + n] == doctest::Approx(std::max(acc, 0.0f)).epsilon(1e-6));
    }
}

TEST_CASE("GEMM epilogue: matrix add then Clip, in list order") {
  const size_t M = 3, N = 5, K = 4;
  auto A = test::random_floats(M * K, 11);
  auto B = test::random_floats(K * N, 12);
  auto R = test::random_floats(M * N, 13);
  for (const KernelConfig* config : {&scalar_kernels(), &default_kernels()}) {
    auto C = run_gemm(config->gemm, M, N, K, A, B, R, 3, Activation::clip(-0.25f, 0.5f));
    for (size_t m = 0; m < M; ++m)
      for (size_t n = 0; n < N; ++n) {
        float acc = 0;
        for (size_t k = 0; k < K; ++k) acc += A[m * K + k] * B[k * N + n];
        acc += R[m * N + n];
        acc = acc < -0.25f ? -0.25f : acc;
        CHECK(C[m * N + n] == (acc > 0.5f ? 0.5f : acc));
      }
  }
}

TEST_CASE("packing B transposed equals packing B") {
  const size_t K = 9, N = 13;
  auto B = test::random_floats(K * N, 4);
  std::vector<float> Bt(N * K);
  for (size_t k = 0; k < K; ++k)
    for (size_t n = 0; n < N; ++n) Bt[n * K + k] = B[k * N + n];
  const GemmConfig& gemm = default_kernels().gemm;
  std::vector<float> p1(gemm.packed_b_floats(K, N)), p2(p1.size());
  gemm.pack_b(K, N, B.data(), N, p1.data());
  gemm.pack_b_transposed(K, N, Bt.data(), K, p2.data());
  CHECK(bitwise_equal(p1, p2));
}

TEST_CASE("im2col of a 1x1 stride-2 window samples even rows and columns") {
  // The TF.js 0.14 "1x1 Conv2D" bug sampled odd ones: x = 0..15 on 4x4 must give 0, 2, 8, 10.
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
  Window2d w;
  w.in_h = w.in_w = 4;
  w.out_h = w.out_w = 2;
  w.stride_h = w.stride_w = 2;
  const GemmConfig& gemm = default_kernels().gemm;
  std::vector<float> packed(gemm.packed_b_floats(1, 4)), scratch(im2col_scratch_values(1, w, 4));
  gemm.im2col(x.data(), 1, w, 0, 4, gemm.nr, packed.data(), scratch.data());
  CHECK(packed[0] == 0);
  CHECK(packed[1] == 2);
  CHECK(packed[2] == 8);
  CHECK(packed[3] == 10);
}

TEST_CASE("scalar max pool: padding never wins, NaN propagates") {
  std::vector<float> x = {-5, -6, -7, -8};
  Window2d w;
  w.in_h = w.in_w = 2;
  w.kernel_h = w.kernel_w = 2;
  w.pad_top = w.pad_left = 1;
  w.out_h = w.out_w = 2;
  w.stride_h = w.stride_w = 2;
  std::vector<float> y(4);
  f32_maxpool__scalar(x.data(), 1, w, y.data());
  CHECK(y == std::vector<float>{-5, -6, -7, -8});
  x[3] = std::numeric_limits<float>::quiet_NaN();
  w.pad_top = w.pad_left = 0;
  w.out_h = w.out_w = 1;
  f32_maxpool__scalar(x.data(), 1, w, y.data());
  CHECK(std::isnan(y[0]));
}

TEST_CASE("scalar ReLU keeps NaN and maps -0 to +0") {
  std::vector<float> x = {-1.0f, -0.0f, 2.0f, std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> y(4);
  f32_relu__scalar(4, x.data(), y.data());
  CHECK(y[0] == 0.0f);
  CHECK(!std::signbit(y[1]));
  CHECK(y[2] == 2.0f);
  CHECK(std::isnan(y[3]));
}

#if defined(__wasm_simd128__)
TEST_CASE("convolutions with short sums take the wide tile where its panels are well filled") {
  const KernelConfig& k = default_kernels();
  REQUIRE(k.gemm_wide != nullptr);
  CHECK(&k.short_sum_gemm(150, 100) == k.gemm_wide);  // LeNet-5's conv2: 64 pixels and more
  CHECK(&k.short_sum_gemm(192, 62) == k.gemm_wide);   // TextCNN: 4 panels of 16, the last 14 full
  CHECK(&k.short_sum_gemm(256, 16) == k.gemm_wide);   // Winograd over 16 tiles: one whole panel
  CHECK(&k.short_sum_gemm(192, 24) == &k.gemm);       // a last panel of 16 half empty
  CHECK(&k.short_sum_gemm(256, 40) == &k.gemm);
  CHECK(&k.short_sum_gemm(4608, 100) == &k.gemm);  // long sums
}

TEST_CASE("every SIMD128 GEMM tile is bitwise equal to scalar on random shapes") {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    // One row in a quarter of the trials (the matrix-vector path), N past several panel groups.
    const size_t M = trial % 4 == 0 ? 1 : 1 + rng() % 13, N = 1 + rng() % 100, K = 1 + rng() % 70;
    const int what = static_cast<int>(rng() % 4);
    const Activation acts[3] = {Activation::none(), Activation::relu(),
                                Activation::clip(-0.5f, 0.75f)};
    const Activation act = acts[rng() % 3];
    auto A = test::random_floats(M * K, rng());
    auto B = test::random_floats(K * N, rng());
    auto bias = test::random_floats(M * N, rng());
    CAPTURE(M);
    CAPTURE(N);
    CAPTURE(K);
    CAPTURE(what);
    const auto reference = run_gemm(scalar_kernels().gemm, M, N, K, A, B, bias, what, act);
    for (const GemmConfig& tile : gemm_configs()) {  // every tile the build has
      CAPTURE(tile.name);
      CHECK(bitwise_equal(reference, run_gemm(tile, M, N, K, A, B, bias, what, act)));
    }
  }
}

TEST_CASE("SIMD128 max pool is bitwise equal to scalar on random windows") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    Window2d w;
    if (!test::random_window(rng, {20, 20, 3, 3, 3, 3, 2, 2}, w)) continue;
    const size_t channels = 1 + rng() % 3;
    auto x = test::random_floats(channels * w.in_h * w.in_w, rng());
    if (trial % 10 == 0) x[rng() % x.size()] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> a(channels * w.out_h * w.out_w), b(a.size());
    f32_maxpool__scalar(x.data(), channels, w, a.data());
    f32_maxpool__wasmsimd(x.data(), channels, w, b.data());
    CAPTURE(trial);
    CHECK(bitwise_equal(a, b));
  }
}

TEST_CASE("SIMD128 ReLU is bitwise equal to scalar") {
  for (size_t n : {0u, 1u, 3u, 4u, 17u, 1000u}) {
    auto x = test::random_floats(n, static_cast<uint32_t>(n));
    if (n > 2) {
      x[1] = -0.0f;
      x[2] = std::numeric_limits<float>::quiet_NaN();
    }
    std::vector<float> a(n), b(n);
    f32_relu__scalar(n, x.data(), a.data());
    f32_relu__wasmsimd(n, x.data(), b.data());
    CHECK(bitwise_equal(a, b));
  }
}
TEST_CASE("SIMD128 2-D transpose copies what the strided walk copies") {
  // Views [outer, rows, cols] with strides [rows_in * cols, 1, rows_in]: the transpose of
  // [outer, cols, rows_in] (rows_in >= rows: a slice of its rows), and RGB deinterleaves (rows 3,
  // stride 3). Every element is distinct, so any misplaced one shows.
  std::mt19937 rng(11);
  for (int trial = 0; trial < 400; ++trial) {
    const int64_t outer = 1 + rng() % 3, rows = 1 + rng() % 11, cols = 1 + rng() % 13;
    const int64_t rows_in = trial % 3 == 0 ? rows : rows + rng() % 3;
    std::vector<float> in(static_cast<size_t>(outer * cols * rows_in));
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i);
    StridedView v;
    v.dims = {outer, rows, cols};
    v.strides = {rows_in * cols, 1, rows_in};
    v.offset = 0;
    v = coalesce(v);
    std::vector<float> walk(static_cast<size_t>(outer * rows * cols), -1.0f), simd(walk);
    strided_copy(in.data(), 4, v, walk.data());
    strided_copy(in.data(), 4, v, simd.data(), transpose32__wasmsimd);
    CAPTURE(trial);
    CAPTURE(rows);
    CAPTURE(cols);
    CHECK(bitwise_equal(walk, simd));
    // The walk against the definition.
    bool ok = true;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
          ok = ok && walk[(o * rows + r) * cols + c] == in[o * rows_in * cols + r + c * rows_in];
    CHECK(ok);
  }
}

TEST_CASE("SIMD128 Max and Min runs fold as the sequential loop does, zeros' signs and NaNs too") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // NaNs with different payloads, so that which NaN wins shows in the bits.
  float nan2;
  const uint32_t nan2_bits = 0x7fc01234u;
  std::memcpy(&nan2, &nan2_bits, 4);
  const float pool[] = {0.0f, -0.0f, 1.5f, -1.5f, 3.0f, -3.0f, inf, -inf, nan, nan2, 0.25f};
  std::mt19937 rng(5);
  for (int trial = 0; trial < 4000; ++trial) {
    const size_t n = rng() % 41;
    std::vector<float> run(n);
    // Mostly ordinary values; a few trials draw only from the pool (zeros, NaNs, infinities).
    const bool special = trial % 4 == 0;
    for (float& x : run)
      x = special || rng() % 16 == 0 ? pool[rng() % std::size(pool)]
                                     : static_cast<float>(static_cast<int>(rng() % 200) - 100);
    const float acc = pool[rng() % std::size(pool)];
    for (bool max : {true, false}) {
      const float a = f32_extreme_run__scalar(max, acc, run.data(), n);
      const float b = f32_extreme_run__wasmsimd(max, acc, run.data(), n);
      CAPTURE(trial);
      CAPTURE(max);
      CHECK(std::memcmp(&a, &b, 4) == 0);
    }
  }
  // Through f32_reduce: a run per output and a reduced outer axis, so each output folds several
  // runs, each starting from the fold so far.
  ReduceView v;
  v.dims = {3, 5, 9};
  v.out_strides = {0, 1, 0};
  v.out_elements = 5;
  auto x = test::random_floats(3 * 5 * 9, 9);
  x[10] = -0.0f;
  x[50] = nan;
  for (ReduceFold fold : {ReduceFold::kMax, ReduceFold::kMin}) {
    std::vector<float> a(5), b(5);
    f32_reduce(fold, x.data(), v, a.data());
    f32_reduce(fold, x.data(), v, b.data(), f32_extreme_run__wasmsimd);
    CHECK(bitwise_equal(a, b));
  }
}
#endif

TEST_CASE("im2col of a 1x1 stride-1 window padded only at the bottom or right is no plain copy") {
  // Its last output row (or column) is padding: a copy of the input plane would read the next
  // channel there (or past the image).
  for (int bottom = 0; bottom < 2; ++bottom) {
    Window2d w;
    w.in_h = 3, w.in_w = 4;
    w.out_h = w.in_h + bottom, w.out_w = w.in_w + 1 - bottom;
    const size_t channels = 2, N = static_cast<size_t>(w.out_h * w.out_w), nr = 8;
    auto x = test::random_floats(channels * 12, 5);
    std::vector<float> a(gemm_packed_b_floats(channels, N, nr)), b(a.size());
    im2col_packed__scalar(x.data(), channels, w, 0, N, nr, a.data());
    std::vector<float> scratch(im2col_scratch_values(channels, w, N));
    im2col_packed__rows(x.data(), channels, w, 0, N, nr, b.data(), scratch.data());
    CAPTURE(bottom);
    CHECK(bitwise_equal(a, b));
  }
}

TEST_CASE("im2col of a 1x1 stride-1 unpadded filter (the pointwise copy) equals the definition") {
  std::mt19937 rng(37);
  for (int trial = 0; trial < 120; ++trial) {
    Window2d w;
    w.in_h = w.out_h = 1 + static_cast<int64_t>(rng() % 9);
    w.in_w = w.out_w = 1 + static_cast<int64_t>(rng() % 21);
    w.dilation_h = w.dilation_w = 1 + static_cast<int64_t>(rng() % 2);  // no effect at 1x1
    const size_t channels = 1 + rng() % 5;
    const size_t nr = trial % 3 == 0 ? 16 : trial % 3 == 1 ? 8 : 1 + rng() % 13;
    const size_t N = static_cast<size_t>(w.out_h * w.out_w);
    const size_t begin = (rng() % (N / nr + 1)) * nr;
    if (begin >= N) continue;
    const size_t end = begin + 1 + rng() % (N - begin);
    auto x = test::random_floats(channels * N, rng());
    std::vector<float> a(gemm_packed_b_floats(channels, end - begin, nr), -1.0f),
        b(a.size(), -2.0f);
    im2col_packed__scalar(x.data(), channels, w, begin, end, nr, a.data());
    CHECK(im2col_scratch_values(channels, w, end - begin) == 0);
    im2col_packed__rows(x.data(), channels, w, begin, end, nr, b.data(), nullptr);
    CAPTURE(trial);
    CHECK(bitwise_equal(a, b));
  }
}

TEST_CASE("im2col of a 1x1 filter with strides (a shortcut's gather) equals the definition") {
  std::mt19937 rng(41);
  int strided = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Window2d w;
    w.stride_h = 1 + static_cast<int64_t>(rng() % 3),
    w.stride_w = 1 + static_cast<int64_t>(rng() % 3);
    w.in_h = 1 + static_cast<int64_t>(rng() % 9), w.in_w = 1 + static_cast<int64_t>(rng() % 40);
    // Every output inside the image; one in four trials pads the bottom or right (the padded
    // path then): their last output row or column is past the image.
    const bool pad = trial % 4 == 0;
    w.out_h = (w.in_h - 1) / w.stride_h + 1 + (pad && trial % 8 == 0);
    w.out_w = (w.in_w - 1) / w.stride_w + 1 + (pad && trial % 8 != 0);
    const size_t channels = 1 + rng() % 4;
    const size_t nr = trial % 3 == 0 ? 16 : trial % 3 == 1 ? 8 : 1 + rng() % 13;
    const size_t N = static_cast<size_t>(w.out_h * w.out_w);
    const size_t begin = (rng() % (N / nr + 1)) * nr;
    if (begin >= N) continue;
    const size_t end = begin + 1 + rng() % (N - begin);
    // The image at the end of its vector: a read past its last value is a fault under ASan.
    auto x = test::random_floats(channels * static_cast<size_t>(w.in_h * w.in_w), rng());
    std::vector<float> a(gemm_packed_b_floats(channels, end - begin, nr), -1.0f),
        b(a.size(), -2.0f);
    im2col_packed__scalar(x.data(), channels, w, begin, end, nr, a.data());
    std::vector<float> scratch(im2col_scratch_values(channels, w, end - begin),
                               std::numeric_limits<float>::quiet_NaN());
    CHECK(scratch.empty() == !pad);
    im2col_packed__rows(x.data(), channels, w, begin, end, nr, b.data(), scratch.data());
    CAPTURE(trial);
    CHECK(bitwise_equal(a, b));
    strided += w.stride_w == 2 && !pad && end - begin > 8 ? 1 : 0;
  }
  CHECK(strided > 10);  // stride 2 with runs long enough for the four-at-a-time gather
}

TEST_CASE("im2col by rows equals the element-wise definition on random windows and column ranges") {
  std::mt19937 rng(31);
  int checked = 0, padded = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Window2d w;
    if (!test::random_window(rng, {17, 23, 4, 4, 3, 3, 2, 2}, w)) continue;
    const size_t channels = 1 + rng() % 3;
    const size_t nr = trial % 2 ? 8 : 4 + rng() % 13;
    const size_t N = static_cast<size_t>(w.out_h * w.out_w);
    const size_t begin = (rng() % (N / nr + 1)) * nr;
    if (begin >= N) continue;
    const size_t end = begin + 1 + rng() % (N - begin);
    const size_t K = channels * static_cast<size_t>(w.kernel_h * w.kernel_w);
    auto x = test::random_floats(channels * static_cast<size_t>(w.in_h * w.in_w), rng());
    std::vector<float> a(gemm_packed_b_floats(K, end - begin, nr), -1.0f), b(a.size(), -2.0f);
    im2col_packed__scalar(x.data(), channels, w, begin, end, nr, a.data());
    // The scratch sized for these columns or for a larger block, and poisoned: a value read
    // that im2col did not write first would show as a NaN.
    const size_t columns = end - begin + (trial % 3 ? 0 : rng() % (N - (end - begin) + 1));
    std::vector<float> scratch(im2col_scratch_values(channels, w, columns),
                               std::numeric_limits<float>::quiet_NaN());
    im2col_packed__rows(x.data(), channels, w, begin, end, nr, b.data(), scratch.data());
    CAPTURE(trial);
    CHECK(bitwise_equal(a, b));
    padded += scratch.empty() ? 0 : 1;
    ++checked;
  }
  CHECK(checked > 200);
  CHECK(padded > 50);  // every window but a pointwise one: the padded rows
}
