// exp, sigmoid and tanh (kernels/vec_math.h) against correctly rounded float64 references, over
// float32 bit patterns spread across the whole range, through the default kernels (SIMD128 in
// the wasm build) and the scalar ones, which must agree bit for bit.
// WNN_EXHAUSTIVE=1 checks every float32 (a few minutes natively).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "wnn/kernels/activation.h"
#include "wnn/kernels/kernel_config.h"

using namespace wnn::kernels;

namespace {

// The spacing of float32 around the correctly rounded result (denormal spacing below 2^-126).
double ulp_at(double ref) {
  double mag = std::fabs(ref);
  if (mag > 3.4028234663852886e38) mag = 3.4028234663852886e38;
  int e;
  std::frexp(mag, &e);
  return std::fmax(std::ldexp(1.0, e - 24), std::ldexp(1.0, -149));
}

struct Accuracy {
  double max_ulp = 0, max_abs = 0;
  float worst_x = 0;
  size_t mismatched_specials = 0, scalar_simd_differences = 0;
};

// Feeds x through `fast` and `scalar`, compares to `ref` in ulps. Results beyond float's range
// must be inf; NaN inputs must come back with their exact bits.
template <class Ref>
void measure(UnaryFn fast, UnaryFn scalar, Ref ref, uint64_t stride, Accuracy& acc) {
  constexpr size_t kChunk = 4096;
  std::vector<float> x, y(kChunk), ys(kChunk);
  for (uint64_t b = 0; b < (1ull << 32); b += stride) {
    const uint32_t bits = static_cast<uint32_t>(b);
    float v;
    std::memcpy(&v, &bits, 4);
    x.push_back(v);
    if (x.size() < kChunk && b + stride < (1ull << 32)) continue;
    fast(x.size(), x.data(), y.data());
    scalar(x.size(), x.data(), ys.data());
    if (std::memcmp(y.data(), ys.data(), x.size() * 4) != 0) ++acc.scalar_simd_differences;
    for (size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) {
        if (std::memcmp(&x[i], &y[i], 4) != 0) ++acc.mismatched_specials;
        continue;
      }
      const double r = ref(static_cast<double>(x[i]));
      if (std::fabs(r) >= 3.4028235677973366e38) {  // rounds to inf in float
        if (!std::isinf(y[i])) ++acc.mismatched_specials;
        continue;
      }
      const double err = std::fabs(static_cast<double>(y[i]) - r);
      const double u = err / ulp_at(r);
      if (u > acc.max_ulp) {
        acc.max_ulp = u;
        acc.worst_x = x[i];
      }
      acc.max_abs = std::fmax(acc.max_abs, err);
    }
    x.clear();
  }
}

uint64_t stride() { return std::getenv("WNN_EXHAUSTIVE") ? 1 : 1021; }

// The build's kernel for the same function as `scalar` (the scalar one in native builds).
UnaryFn fast_or_scalar(UnaryFn scalar, UnaryFn UnaryConfig::*fn) {
  return default_kernels().unary.*fn;
}

}  // namespace

TEST_CASE("exp is within 1 ulp of the correctly rounded result") {
  Accuracy a;
  measure(
      fast_or_scalar(f32_exp__scalar, &UnaryConfig::exp), f32_exp__scalar,
      [](double x) { return std::exp(x); }, stride(), a);
  MESSAGE("exp: max ", a.max_ulp, " ulp at x = ", a.worst_x);
  CHECK(a.max_ulp <= 1.0);
  CHECK(a.mismatched_specials == 0);
  CHECK(a.scalar_simd_differences == 0);
}

TEST_CASE("sigmoid is within 2.5 ulp and 1e-7 absolute") {
  Accuracy a;
  measure(
      fast_or_scalar(f32_sigmoid__scalar, &UnaryConfig::sigmoid), f32_sigmoid__scalar,
      [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, stride(), a);
  MESSAGE("sigmoid: max ", a.max_ulp, " ulp at x = ", a.worst_x, ", max abs ", a.max_abs);
  CHECK(a.max_ulp <= 2.5);
  CHECK(a.max_abs <= 1e-7);
  CHECK(a.mismatched_specials == 0);
  CHECK(a.scalar_simd_differences == 0);
}

TEST_CASE("tanh is within 1.5 ulp") {
  Accuracy a;
  measure(
      fast_or_scalar(f32_tanh__scalar, &UnaryConfig::tanh), f32_tanh__scalar,
      [](double x) { return std::tanh(x); }, stride(), a);
  MESSAGE("tanh: max ", a.max_ulp, " ulp at x = ", a.worst_x);
  CHECK(a.max_ulp <= 1.5);
  CHECK(a.mismatched_specials == 0);
  CHECK(a.scalar_simd_differences == 0);
}

TEST_CASE("exp, sigmoid, tanh at the special values") {
  const float inf = INFINITY;
  const float x[] = {0.0f, -0.0f, inf, -inf, 88.7228f, 89.0f, -87.0f, -103.0f, -104.5f, 1e-30f};
  constexpr size_t n = sizeof x / sizeof x[0];
  float e[n], s[n], t[n];
  f32_exp__scalar(n, x, e);
  f32_sigmoid__scalar(n, x, s);
  f32_tanh__scalar(n, x, t);
  CHECK(e[0] == 1.0f);
  CHECK(e[1] == 1.0f);
  CHECK(e[2] == inf);
  CHECK(e[3] == 0.0f);
  CHECK(std::isfinite(e[4]));
  CHECK(e[5] == inf);
  CHECK(e[6] == doctest::Approx(std::exp(-87.0)).epsilon(1e-6));
  CHECK(e[7] > 0.0f);  // a denormal
  CHECK(e[8] == 0.0f);
  CHECK(s[0] == 0.5f);
  CHECK(s[2] == 1.0f);
  CHECK(s[3] == 0.0f);
  CHECK(t[0] == 0.0f);
  CHECK(std::signbit(t[1]));  // tanh(-0) = -0
  CHECK(t[2] == 1.0f);
  CHECK(t[3] == -1.0f);
  CHECK(t[9] == 1e-30f);
}

TEST_CASE("exp, sigmoid, tanh give the same bits in every build (golden hash)") {
  // FNV-1a over the outputs for 1 in 1021 float32 bit patterns, through the default kernels:
  // the native scalar build and the wasm SIMD128 build must both print this value. A deliberate
  // change of the polynomials changes it; update it then, with the accuracy numbers.
  const UnaryFn fns[3] = {fast_or_scalar(f32_exp__scalar, &UnaryConfig::exp),
                          fast_or_scalar(f32_sigmoid__scalar, &UnaryConfig::sigmoid),
                          fast_or_scalar(f32_tanh__scalar, &UnaryConfig::tanh)};
  std::vector<float> x, y;
  for (uint64_t b = 0; b < (1ull << 32); b += 1021) {
    const uint32_t bits = static_cast<uint32_t>(b);
    float v;
    std::memcpy(&v, &bits, 4);
    x.push_back(v);
  }
  y.resize(x.size());
  uint64_t hash = 1469598103934665603ull;
  for (UnaryFn fn : fns) {
    fn(x.size(), x.data(), y.data());
    const unsigned char* p = reinterpret_cast<const unsigned char*>(y.data());
    for (size_t i = 0; i < y.size() * 4; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  }
  MESSAGE("vec_math golden hash: ", hash);
  CHECK(hash == 18144025440180343446ull);
}
