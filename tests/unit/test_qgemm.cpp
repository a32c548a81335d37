// The integer GEMM (kernels/qgemm.h): the build's kernel (SIMD128 under wasm) gives the scalar
// reference's bits and both the exact sums, on every remainder of rows, columns and odd K; the
// int16 im2col moves the same values as the float one.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "test_util.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/kernels/qgemm.h"

using namespace wnn;

TEST_CASE("qgemm: the build's kernel equals the scalar one and the exact sum") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-255, 255);
  const kernels::QGemmFn simd = kernels::default_kernels().qgemm;
  for (size_t M : {1, 3, 4, 9}) {
    for (size_t N : {1, 7, 8, 13, 24}) {
      for (size_t K : {1, 2, 5, 16, 33}) {
        std::vector<int16_t> a(M * K), b(K * N);
        for (int16_t& v : a) v = static_cast<int16_t>(value(rng));
        for (int16_t& v : b) v = static_cast<int16_t>(value(rng));
        // uint8 B with zero point 0 cannot hold negatives: pack through int16 directly.
        std::vector<int16_t> packed(kernels::qgemm_packed_b_size(K, N), 0);
        for (size_t n = 0; n < N; ++n)
          for (size_t k = 0; k < K; ++k) packed[(n / 8) * 8 * K + k * 8 + n % 8] = b[k * N + n];
        std::vector<int32_t> ref(M * N, 0), got(M * N, -1);
        kernels::qgemm_1x8__scalar(M, N, K, a.data(), K, packed.data(), ref.data(), N);
        simd(M, N, K, a.data(), K, packed.data(), got.data(), N);
        CHECK(got == ref);
        for (size_t m = 0; m < M; ++m) {
          for (size_t n = 0; n < N; ++n) {
            int64_t sum = 0;
            for (size_t k = 0; k < K; ++k) sum += a[m * K + k] * b[k * N + n];
            CHECK(ref[m * N + n] == sum);
          }
        }
      }
    }
  }
}

TEST_CASE("qgemm_pack_b and q8_widen_rows take the zero points off, per column and per row") {
  const std::vector<uint8_t> b = {0, 255, 10, 20, 30, 40};  // [2, 3]
  const std::vector<uint8_t> zb = {1, 2, 3};
  kernels::Q8View v{b.data(), false, zb.data(), 3};
  std::vector<int16_t> packed(kernels::qgemm_packed_b_size(2, 3));
  kernels::qgemm_pack_b(v, 2, 3, 3, packed.data());
  CHECK(std::vector<int16_t>(packed.begin(), packed.begin() + 3) ==
        std::vector<int16_t>{-1, 253, 7});
  CHECK(std::vector<int16_t>(packed.begin() + 8, packed.begin() + 11) ==
        std::vector<int16_t>{19, 28, 37});
  CHECK(packed[3] == 0);                             // columns past N are zero
  const std::vector<int8_t> a = {-128, 127, 5, -5};  // [2, 2]
  const std::vector<int8_t> za = {-128, 5};
  kernels::Q8View av{a.data(), true, za.data(), 2};
  std::vector<int16_t> rows(4);
  kernels::q8_widen_rows(av, 0, 2, 2, 2, rows.data(), 2);
  CHECK(rows == std::vector<int16_t>{0, 255, 0, -10});
}

TEST_CASE("im2col: the int16 panels hold the float panels' values") {
  std::mt19937 rng(11);
  kernels::Window2d w;
  w.in_h = 5, w.in_w = 6, w.kernel_h = 3, w.kernel_w = 2, w.stride_h = 2, w.stride_w = 1;
  w.dilation_w = 2, w.pad_top = 1, w.pad_left = 1;
  w.out_h = (5 + 2 - 3) / 2 + 1, w.out_w = (6 + 2 - 3) / 1 + 1;
  const size_t C = 2, pixels = static_cast<size_t>(w.out_h * w.out_w), K = C * 6;
  std::vector<int16_t> img(C * 30);
  std::vector<float> imgf(img.size());
  for (size_t i = 0; i < img.size(); ++i)
    imgf[i] = img[i] = static_cast<int16_t>(rng() % 511) - 255;
  std::vector<int16_t> qi(kernels::qgemm_packed_b_size(K, pixels));
  std::vector<float> fi(qi.size());
  std::vector<int16_t> rows(kernels::im2col_scratch_values(C, w, pixels));
  kernels::im2col_packed_i16__rows(img.data(), C, w, 0, pixels, 8, qi.data(), rows.data());
  kernels::im2col_packed__scalar(imgf.data(), C, w, 0, pixels, 8, fi.data());
  for (size_t i = 0; i < qi.size(); ++i) REQUIRE(static_cast<float>(qi[i]) == fi[i]);
}

TEST_CASE("im2col: int16 panels of a 1x1 stride-1 filter (the pointwise copy) hold the values") {
  std::mt19937 rng(13);
  kernels::Window2d w;
  w.in_h = w.out_h = 3, w.in_w = w.out_w = 7;  // 21 pixels: two full panels of 8 and 5 lanes
  const size_t C = 3, pixels = 21;
  std::vector<int16_t> img(C * pixels);
  std::vector<float> imgf(img.size());
  for (size_t i = 0; i < img.size(); ++i)
    imgf[i] = img[i] = static_cast<int16_t>(rng() % 511) - 255;
  std::vector<int16_t> qi(kernels::qgemm_packed_b_size(C, pixels), -7);
  std::vector<float> fi(qi.size(), -9.0f);
  std::vector<int16_t> rows(kernels::im2col_scratch_values(C, w, pixels));
  kernels::im2col_packed_i16__rows(img.data(), C, w, 0, pixels, 8, qi.data(), rows.data());
  kernels::im2col_packed__scalar(imgf.data(), C, w, 0, pixels, 8, fi.data());
  for (size_t i = 0; i < qi.size(); ++i) REQUIRE(static_cast<float>(qi[i]) == fi[i]);
}
