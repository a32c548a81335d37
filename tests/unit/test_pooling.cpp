// AveragePool, GlobalAveragePool, GlobalMaxPool, ReduceMean and ReduceMax: against naive
// definitions, the documented summation orders bit for bit, SIMD128 == scalar bit for bit, and
// the errors for what is not supported.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/kernels/avg_pool.h"

using namespace wnn;
using namespace wnn::test;

namespace {

[[maybe_unused]] bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

Expected<std::vector<Tensor>> run_op(const std::string& op, const Tensor& x,
                                     std::map<std::string, Attribute> attrs, int64_t opset = 13) {
  GraphBuilder b(opset);
  b.input("x", x.dtype, x.shape);
  b.node(op, {"x"}, {"y"}, std::move(attrs)).output("y");
  return run_graph(b.g, {x});
}

Tensor only(Expected<std::vector<Tensor>> r) {
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return r.value()[0];
}

// A random 2-D average-pool geometry whose windows all start inside the padded input.
kernels::AvgPool2d random_pool(std::mt19937& rng) {
  kernels::AvgPool2d p;
  kernels::Window2d& w = p.w;
  w.in_h = 1 + rng() % 14;
  w.in_w = 1 + rng() % 22;
  w.kernel_h = 1 + rng() % 4;
  w.kernel_w = 1 + rng() % 4;
  w.stride_h = 1 + rng() % 3;
  w.stride_w = 1 + rng() % 3;
  w.pad_top = rng() % w.kernel_h;
  w.pad_left = rng() % w.kernel_w;
  p.pad_bottom = rng() % w.kernel_h;
  p.pad_right = rng() % w.kernel_w;
  p.count_include_pad = rng() % 2;
  const bool ceil_mode = rng() % 2;
  auto out = [&](int64_t in, int64_t k, int64_t s, int64_t pb, int64_t pe) {
    const int64_t room = in + pb + pe - k;
    if (room < 0) return int64_t{0};
    int64_t o = (ceil_mode ? (room + s - 1) / s : room / s) + 1;
    if (ceil_mode && (o - 1) * s >= in + pb) --o;
    return o;
  };
  w.out_h = out(w.in_h, w.kernel_h, w.stride_h, w.pad_top, p.pad_bottom);
  w.out_w = out(w.in_w, w.kernel_w, w.stride_w, w.pad_left, p.pad_right);
  return p;
}

// The definition: mean over the window's taps inside the image, divided by the taps inside the
// image (count_include_pad=0) or inside the padded input (1); in double.
std::vector<double> naive_avgpool(const std::vector<float>& x, size_t channels,
                                  const kernels::AvgPool2d& p) {
  const kernels::Window2d& w = p.w;
  std::vector<double> y;
  for (size_t c = 0; c < channels; ++c)
    for (int64_t oy = 0; oy < w.out_h; ++oy)
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
        double sum = 0;
        int64_t inside = 0, padded = 0;
        for (int64_t i = 0; i < w.kernel_h; ++i)
          for (int64_t j = 0; j < w.kernel_w; ++j) {
            const int64_t yy = oy * w.stride_h - w.pad_top + i;
            const int64_t xx = ox * w.stride_w - w.pad_left + j;
            if (yy < w.in_h + p.pad_bottom && xx < w.in_w + p.pad_right) ++padded;
            if (yy < 0 || yy >= w.in_h || xx < 0 || xx >= w.in_w) continue;
            sum += x[(c * w.in_h + yy) * w.in_w + xx];
            ++inside;
          }
        y.push_back(sum / static_cast<double>(p.count_include_pad ? padded : inside));
      }
  return y;
}

}  // namespace

TEST_CASE("scalar average pool matches the definition on random geometries") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const kernels::AvgPool2d p = random_pool(rng);
    if (p.w.out_h < 1 || p.w.out_w < 1) continue;
    const size_t channels = 1 + rng() % 3;
    auto x = random_floats(channels * p.w.in_h * p.w.in_w, rng());
    std::vector<float> y(channels * p.w.out_h * p.w.out_w);
    kernels::f32_avgpool__scalar(x.data(), channels, p, y.data());
    const auto want = naive_avgpool(x, channels, p);
    CAPTURE(trial);
    for (size_t i = 0; i < y.size(); ++i) CHECK(y[i] == doctest::Approx(want[i]).epsilon(1e-5));
  }
}

TEST_CASE("global average pool sums in the documented order, bit for bit") {
  for (size_t n : {1u, 7u, 16u, 17u, 49u, 64u, 100u, 1000u}) {
    auto x = random_floats(2 * n, static_cast<uint32_t>(n), -3.0f, 5.0f);
    std::vector<float> y(2);
    kernels::f32_global_avgpool__scalar(x.data(), 2, n, y.data());
    for (size_t p = 0; p < 2; ++p) {
      const float* in = x.data() + p * n;
      float s[16] = {};
      const size_t blocks = n / 16 * 16;
      for (size_t i = 0; i < blocks; ++i) s[i % 16] += in[i];
      float r[4];
      for (size_t k = 0; k < 4; ++k) r[k] = (s[k] + s[4 + k]) + (s[8 + k] + s[12 + k]);
      float sum = (r[0] + r[1]) + (r[2] + r[3]);
      for (size_t i = blocks; i < n; ++i) sum += in[i];
      const float want = sum / static_cast<float>(n);
      CHECK(std::memcmp(&y[p], &want, 4) == 0);
    }
  }
}

TEST_CASE("AveragePool op: 1-D, count_include_pad, ceil_mode, SAME_UPPER; dilations rejected") {
  // 1-D: [1, 1, 5], kernel 2, stride 2, ceil_mode: windows {0,1}, {2,3}, {4}.
  Tensor y =
      only(run_op("AveragePool", f32({1, 1, 5}, {1, 2, 3, 4, 5}),
                  {{"kernel_shape", ints({2})}, {"strides", ints({2})}, {"ceil_mode", int1(1)}}));
  CHECK(y.shape == Shape{1, 1, 3});
  CHECK(values<float>(y) == std::vector<float>{1.5f, 3.5f, 5.0f});
  // 2x2 image, 3x3 window, pads 1: each corner window sees all 4 values over 9 (or 4) cells.
  Tensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  for (int include : {0, 1}) {
    y = only(run_op("AveragePool", x,
                    {{"kernel_shape", ints({3, 3})},
                     {"pads", ints({1, 1, 1, 1})},
                     {"count_include_pad", int1(include)}}));
    CHECK(y.shape == Shape{1, 1, 2, 2});
    CHECK(values<float>(y)[0] == (include ? 10.0f / 9.0f : 2.5f));
  }
  y = only(run_op("AveragePool", f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                  {{"kernel_shape", ints({2, 2})}, {"auto_pad", str("SAME_UPPER")}}));
  CHECK(values<float>(y) == std::vector<float>{3, 4, 4.5f, 6, 7, 7.5f, 7.5f, 8.5f, 9});
  auto r = run_op("AveragePool", x, {{"kernel_shape", ints({2, 2})}, {"dilations", ints({2, 2})}});
  REQUIRE(!r.ok());
  CHECK(r.status().message() ==
        "AveragePool node 'AveragePool_0' (opset 13): dilations [2,2] are defined from opset 19 "
        "on (AveragePool-19); this model is opset 13");
}

TEST_CASE("GlobalAveragePool and GlobalMaxPool over N x C x D1 x D2 (NaN wins the max)") {
  Tensor x = f32({1, 2, 2, 2}, {1, 2, 3, 4, -1, -2, -3, std::nanf("")});
  Tensor y = only(run_op("GlobalAveragePool", x, {}));
  CHECK(y.shape == Shape{1, 2, 1, 1});
  CHECK(values<float>(y)[0] == 2.5f);
  y = only(run_op("GlobalMaxPool", x, {}));
  CHECK(values<float>(y)[0] == 4.0f);
  CHECK(std::isnan(values<float>(y)[1]));
}

TEST_CASE("ReduceMean and ReduceMax: axes (negative), keepdims, all axes, int ReduceMax") {
  Tensor x = f32({2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  Tensor y = only(run_op("ReduceMean", x, {{"axes", ints({-2})}}));
  CHECK(y.shape == Shape{2, 1, 2});
  CHECK(values<float>(y) == std::vector<float>{3, 4, 9, 10});
  y = only(run_op("ReduceMean", x, {{"axes", ints({0, 2})}, {"keepdims", int1(0)}}));
  CHECK(y.shape == Shape{3});
  CHECK(values<float>(y) == std::vector<float>{4.5f, 6.5f, 8.5f});
  y = only(run_op("ReduceMean", x, {}));
  CHECK(y.shape == Shape{1, 1, 1});
  CHECK(values<float>(y)[0] == 6.5f);
  y = only(run_op("ReduceMax", x, {{"axes", ints({1})}, {"keepdims", int1(0)}}));
  CHECK(values<float>(y) == std::vector<float>{5, 6, 11, 12});
  y = only(run_op("ReduceMax", tensor_of<int32_t>(DType::kInt32, {2, 2}, {-5, -7, 3, -1}),
                  {{"axes", ints({-1})}}));
  CHECK(y.dtype == DType::kInt32);
  CHECK(values<int32_t>(y) == std::vector<int32_t>{-5, 3});

  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2, 3, 2}).init("axes", i64({1}, {1}));
  b.node("ReduceMean", {"x", "axes"}, {"y"}).output("y");
  auto r = run_graph(b.g, {x});
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("has 2 inputs, but ReduceMean takes 1 input") !=
        std::string::npos);
  r = run_op("ReduceMean", i64({2}, {1, 2}), {});
  REQUIRE(!r.ok());
  CHECK(r.status().message() ==
        "ReduceMean node 'ReduceMean_0' (opset 13): input is int64; supported: float32");
}

#if defined(__wasm_simd128__)
TEST_CASE("SIMD128 average pool is bitwise equal to scalar on random geometries") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 500; ++trial) {
    const kernels::AvgPool2d p = random_pool(rng);
    if (p.w.out_h < 1 || p.w.out_w < 1) continue;
    const size_t channels = 1 + rng() % 3;
    auto x = random_floats(channels * p.w.in_h * p.w.in_w, rng());
    std::vector<float> a(channels * p.w.out_h * p.w.out_w), b(a.size());
    kernels::f32_avgpool__scalar(x.data(), channels, p, a.data());
    kernels::f32_avgpool__wasmsimd(x.data(), channels, p, b.data());
    CAPTURE(trial);
    CHECK(bitwise_equal(a, b));
  }
}

TEST_CASE("SIMD128 global average pool is bitwise equal to scalar") {
  for (size_t n : {1u, 3u, 15u, 16u, 31u, 49u, 64u, 196u, 1001u}) {
    auto x = random_floats(3 * n, static_cast<uint32_t>(n) + 1, -10.0f, 10.0f);
    std::vector<float> a(3), b(3);
    kernels::f32_global_avgpool__scalar(x.data(), 3, n, a.data());
    kernels::f32_global_avgpool__wasmsimd(x.data(), 3, n, b.data());
    CHECK(bitwise_equal(a, b));
  }
}
#endif
