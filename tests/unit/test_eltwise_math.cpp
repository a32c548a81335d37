// The math and activation kernels of kernels/eltwise_math.h and the log, sin, cos, erf
// polynomials of vec_math.h: every SIMD128 kernel against its scalar twin bit for bit (in the wasm
// build), accuracy against float64 references over float32 bit patterns spread across the
// range, and the values at the edges.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "test_util.h"
#include "wnn/kernels/activation.h"
#include "wnn/kernels/binary.h"
#include "wnn/kernels/kernel_config.h"

using namespace wnn::kernels;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

std::vector<float> nasty(size_t n, std::mt19937& rng, float range) {
  const float specials[] = {0.0f,    -0.0f, kInf, -kInf, kNaN, -kNaN, 1e-40f, -3e-39f, 90.0f,
                            -105.0f, 1e30f, 0.5f, -2.5f, 3.0f, -1.0f, 1.0f,   2.0f,    8192.5f};
  constexpr size_t kSpecials = sizeof specials / sizeof specials[0];
  auto v = wnn::test::random_floats(n, rng(), -range, range);
  for (size_t i = 0; i < n; i += 1 + rng() % 5) v[i] = specials[rng() % kSpecials];
  return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

// The first element whose bits differ, for the failure message: "x[i] = <bits>: <bits> vs <bits>".
std::string first_difference(const std::vector<float>& x, const std::vector<float>& a,
                             const std::vector<float>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    uint32_t xa, ya, yb;
    std::memcpy(&xa, &x[i], 4);
    std::memcpy(&ya, &a[i], 4);
    std::memcpy(&yb, &b[i], 4);
    if (ya != yb) {
      char text[160];
      std::snprintf(text, sizeof text, "x[%zu] = %.9g (0x%08x): scalar 0x%08x, default 0x%08x", i,
                    static_cast<double>(x[i]), xa, ya, yb);
      return text;
    }
  }
  return "";
}

struct NamedUnary {
  const char* name;
  UnaryFn scalar, fast;
};

std::vector<NamedUnary> unary_kernels() {
  const UnaryConfig& d = default_kernels().unary;
  const UnaryConfig& s = scalar_kernels().unary;
  std::vector<NamedUnary> v;
#define WNN_PAIR(name) v.push_back({#name, s.name, d.name});
  WNN_MATH_UNARY_KERNELS(WNN_PAIR)
#undef WNN_PAIR
  return v;
}

double ulp_at(double ref) {
  double mag = std::fabs(ref);
  int e;
  std::frexp(mag, &e);
  return std::fmax(std::ldexp(1.0, e - 24), std::ldexp(1.0, -149));
}

// Max error in ulps of `fn` against `ref` over float32 bit patterns (1 in `stride`) whose value
// lies in [lo, hi].
template <class Ref>
double max_ulp(UnaryFn fn, Ref ref, double lo, double hi, float* worst) {
  std::vector<float> x, y;
  for (uint64_t b = 0; b < (1ull << 32); b += 509) {
    const uint32_t bits = static_cast<uint32_t>(b);
    float v;
    std::memcpy(&v, &bits, 4);
    if (v >= lo && v <= hi) x.push_back(v);
  }
  y.resize(x.size());
  fn(x.size(), x.data(), y.data());
  double m = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = ref(static_cast<double>(x[i]));
    const double u = std::fabs(y[i] - r) / ulp_at(r);
    if (u > m) m = u, *worst = x[i];
  }
  return m;
}

}  // namespace

TEST_CASE("math kernels: the default kernels equal the scalar reference bit for bit") {
  std::mt19937 rng(29);
  const auto pairs = unary_kernels();
  const UnaryConfig& d = default_kernels().unary;
  for (size_t n = 0; n < 70; ++n) {
    for (float range : {4.0f, 40.0f, 1e4f}) {
      const auto x = nasty(n, rng, range);
      std::vector<float> y0(n), y1(n);
      for (const NamedUnary& k : pairs) {
        CAPTURE(std::string(k.name));
        k.scalar(n, x.data(), y0.data());
        k.fast(n, x.data(), y1.data());
        CHECK_MESSAGE(same_bits(y0, y1), first_difference(x, y0, y1));
      }
      f32_hard_sigmoid__scalar(n, x.data(), y0.data(), 0.2f, 0.5f);
      d.hard_sigmoid(n, x.data(), y1.data(), 0.2f, 0.5f);
      CHECK(same_bits(y0, y1));
      f32_elu__scalar(n, x.data(), y0.data(), 1.6732632f, 1.0507010f);
      d.elu(n, x.data(), y1.data(), 1.6732632f, 1.0507010f);
      CHECK(same_bits(y0, y1));
      // The binary kinds, every run shape.
      const auto b = nasty(n, rng, range / 4);
      for (BinaryOpKind kind :
           {BinaryOpKind::kMin, BinaryOpKind::kMax, BinaryOpKind::kPow, BinaryOpKind::kPRelu}) {
        const BinaryKernels<float> ks = f32_binary__scalar(kind);
        const BinaryKernels<float> kd = default_kernels().binary(kind);
        if (n == 0) continue;
        ks.vv(n, x.data(), b.data(), y0.data());
        kd.vv(n, x.data(), b.data(), y1.data());
        CHECK(same_bits(y0, y1));
        ks.vs(n, x.data(), b.data(), y0.data());
        kd.vs(n, x.data(), b.data(), y1.data());
        CHECK(same_bits(y0, y1));
        ks.sv(n, x.data(), b.data(), y0.data());
        kd.sv(n, x.data(), b.data(), y1.data());
        CHECK(same_bits(y0, y1));
      }
    }
  }
}

TEST_CASE("log, sin, cos, erf and their composites: accuracy against float64") {
  const UnaryConfig& d = default_kernels().unary;
  float worst = 0;
  auto check = [&](const char* name, UnaryFn fn, double (*ref)(double), double lo, double hi,
                   double bound) {
    const double u = max_ulp(fn, ref, lo, hi, &worst);
    MESSAGE(std::string(name), ": max ", u, " ulp at ", worst, " over [", lo, ", ", hi, "]");
    CHECK(u <= bound);
  };
  check(
      "log", d.log, [](double x) { return std::log(x); }, 1e-45, 3.4e38, 1.0);
  check(
      "erf", d.erf, [](double x) { return std::erf(x); }, -10, 10, 2.5);
  // sin/cos near their zeros: relative error grows with the reduction's error of |x| 2^-37.
  check(
      "sin", d.sin, [](double x) { return std::sin(x); }, -100, 100, 2.0);
  check(
      "cos", d.cos, [](double x) { return std::cos(x); }, -100, 100, 2.0);
  check(
      "sin", d.sin, [](double x) { return std::sin(x); }, -8192, 8192, 16.0);
  check(
      "cos", d.cos, [](double x) { return std::cos(x); }, -8192, 8192, 16.0);
  check(
      "softplus", d.softplus, [](double x) { return std::log1p(std::exp(x)); }, -80, 80, 3.0);
  check(
      "mish", d.mish, [](double x) { return x * std::tanh(std::log1p(std::exp(x))); }, -80, 80,
      5.0);
  check(
      "gelu tanh", d.gelu_tanh,
      [](double x) {
        return x / (1 + std::exp(-2 * 0.7978845608028654 * (x + 0.044715 * x * x * x)));
      },
      -9, 9, 200.0);
  // x / sqrt 2 rounds before erf: up to 2 t^2 2^-24 relative, ~30 ulp at the low end.
  check(
      "gelu", d.gelu, [](double x) { return 0.5 * x * std::erfc(-x / std::sqrt(2.0)); }, -5.5, 9,
      40.0);
}

TEST_CASE("math kernels at the edges") {
  const UnaryConfig& k = default_kernels().unary;
  auto one = [](UnaryFn fn, float x) {
    float y;
    fn(1, &x, &y);
    return y;
  };
  CHECK(std::isnan(one(k.sqrt, -1.0f)));
  CHECK(std::signbit(one(k.sqrt, -0.0f)));
  CHECK(one(k.sqrt, kInf) == kInf);
  CHECK(one(k.log, 0.0f) == -kInf);
  CHECK(one(k.log, -0.0f) == -kInf);
  CHECK(std::isnan(one(k.log, -1.0f)));
  CHECK(one(k.log, kInf) == kInf);
  CHECK(one(k.log, 1.0f) == 0.0f);
  CHECK(one(k.log, 1e-45f) == doctest::Approx(std::log(double{1e-45f})).epsilon(1e-6));
  // Round: half to even.
  CHECK(one(k.round, 0.5f) == 0.0f);
  CHECK(one(k.round, 1.5f) == 2.0f);
  CHECK(one(k.round, 2.5f) == 2.0f);
  CHECK(one(k.round, -2.5f) == -2.0f);
  CHECK(std::signbit(one(k.round, -0.4f)));
  CHECK(one(k.floor, -0.5f) == -1.0f);
  CHECK(one(k.ceil, -0.5f) == 0.0f);
  CHECK(one(k.reciprocal, 0.0f) == kInf);
  CHECK(one(k.reciprocal, -4.0f) == -0.25f);
  CHECK(std::signbit(one(k.neg, 0.0f)));
  CHECK(one(k.abs, -kInf) == kInf);
  CHECK(std::signbit(one(k.sin, -0.0f)));
  CHECK(one(k.cos, 0.0f) == 1.0f);
  CHECK(std::isnan(one(k.sin, kInf)));
  CHECK(std::isnan(one(k.cos, -kInf)));
  CHECK(one(k.erf, 0.0f) == 0.0f);
  CHECK(std::signbit(one(k.erf, -0.0f)));
  CHECK(one(k.erf, 4.0f) == 1.0f);
  CHECK(one(k.erf, -kInf) == -1.0f);
  CHECK(one(k.softplus, 100.0f) == 100.0f);
  CHECK(one(k.softplus, -100.0f) == doctest::Approx(std::exp(-100.0)).epsilon(1e-5));
  CHECK(one(k.softplus, kInf) == kInf);
  CHECK(one(k.softplus, -kInf) == 0.0f);
  CHECK(one(k.softsign, kInf) == 1.0f);
  CHECK(one(k.softsign, -kInf) == -1.0f);
  CHECK(one(k.softsign, 3.0f) == 0.75f);
  CHECK(one(k.mish, 50.0f) == 50.0f);
  CHECK(one(k.mish, -kInf) == 0.0f);
  CHECK(one(k.hard_swish, 3.0f) == 3.0f);
  CHECK(one(k.hard_swish, -3.0f) == 0.0f);
  CHECK(one(k.hard_swish, 1.0f) == doctest::Approx(2.0 / 3.0));
  CHECK(one(k.gelu, 0.0f) == 0.0f);
  CHECK(one(k.gelu, 1.0f) == doctest::Approx(0.8413447460685429).epsilon(1e-6));
  CHECK(one(k.gelu_tanh, 1.0f) == doctest::Approx(0.8411919906082768).epsilon(1e-6));
  CHECK(one(k.gelu_tanh, -kInf) == 0.0f);
  CHECK(one(k.gelu, -kInf) == 0.0f);
  CHECK(one(k.gelu, kInf) == kInf);
  CHECK(one(k.mish, kInf) == kInf);
  // NaN keeps its bits through every function.
  const uint32_t payload = 0xffc01234u;
  float odd_nan;
  std::memcpy(&odd_nan, &payload, 4);
  for (const NamedUnary& f : unary_kernels()) {
    CAPTURE(f.name);
    const float y = one(f.fast, odd_nan);
    uint32_t bits;
    std::memcpy(&bits, &y, 4);
    if (std::string(f.name) == "neg")
      CHECK(bits == (payload ^ 0x80000000u));
    else if (std::string(f.name) == "abs")
      CHECK(bits == (payload & 0x7fffffffu));
    else
      CHECK(bits == payload);
  }
}

TEST_CASE("Pow, Min, Max, PRelu per element: C's pow specials, NaN propagation") {
  const BinaryKernels<float> pow = default_kernels().binary(BinaryOpKind::kPow);
  auto p = [&](float x, float y) {
    float r;
    pow.vv(1, &x, &y, &r);
    return r;
  };
  CHECK(p(2.0f, 10.0f) == doctest::Approx(1024.0f).epsilon(1e-6));
  CHECK(p(-2.0f, 3.0f) == -8.0f);
  CHECK(p(-2.0f, 4.0f) == doctest::Approx(16.0f).epsilon(1e-6));
  CHECK(p(-2.0f, -1.0f) == -0.5f);
  CHECK(std::isnan(p(-2.0f, 0.5f)));
  CHECK(p(4.0f, 0.5f) == 2.0f);
  CHECK(p(3.0f, 2.0f) == 9.0f);
  CHECK(p(1.1f, 3.0f) == 1.1f * 1.1f * 1.1f);
  CHECK(p(0.0f, -1.0f) == kInf);
  CHECK(p(-0.0f, -1.0f) == -kInf);
  CHECK(p(0.0f, -0.5f) == kInf);
  CHECK(p(0.0f, 2.5f) == 0.0f);
  CHECK(p(kNaN, 0.0f) == 1.0f);
  CHECK(p(1.0f, kNaN) == 1.0f);
  CHECK(p(-1.0f, kInf) == 1.0f);
  CHECK(std::isnan(p(kNaN, 2.0f)));
  CHECK(std::isnan(p(2.0f, kNaN)));
  CHECK(p(-kInf, 0.5f) == kInf);
  CHECK(p(-kInf, 3.0f) == -kInf);
  CHECK(p(0.5f, kInf) == 0.0f);
  CHECK(p(10.0f, 38.0f) == doctest::Approx(1e38f).epsilon(1e-4));
  CHECK(p(10.0f, 39.0f) == kInf);
  CHECK(f32_pow_one(2.0f, 3.0f) == 8.0f);

  const BinaryKernels<float> mn = default_kernels().binary(BinaryOpKind::kMin);
  const BinaryKernels<float> mx = default_kernels().binary(BinaryOpKind::kMax);
  const float a[4] = {1.0f, kNaN, 3.0f, -0.0f}, b[4] = {2.0f, 1.0f, kNaN, 0.0f};
  float y[4];
  mn.vv(4, a, b, y);
  CHECK(y[0] == 1.0f);
  CHECK(std::isnan(y[1]));
  CHECK(std::isnan(y[2]));
  CHECK(std::signbit(y[3]));
  mx.vv(4, a, b, y);
  CHECK(y[0] == 2.0f);
  CHECK(std::isnan(y[1]));
  CHECK(std::isnan(y[2]));

  const BinaryKernels<float> prelu = default_kernels().binary(BinaryOpKind::kPRelu);
  const float x[4] = {-2.0f, 3.0f, kNaN, -0.0f}, s = 0.25f;
  prelu.vs(4, x, &s, y);
  CHECK(y[0] == -0.5f);
  CHECK(y[1] == 3.0f);
  CHECK(std::isnan(y[2]));
  CHECK(y[3] == 0.0f);

  // Integer Pow and PRelu (shape arithmetic).
  CHECK(IntArith<int64_t>::pow(3, 4) == 81);
  CHECK(IntArith<int64_t>::pow(-2, 3) == -8);
  CHECK(IntArith<int64_t>::pow(5, 0) == 1);
  CHECK(IntArith<int64_t>::pow(2, -1) == 0);
  CHECK(IntArith<int64_t>::pow(-1, -3) == -1);
  CHECK(IntArith<int32_t>::pow(2, 31) == INT32_MIN);  // wraps
  CHECK(IntArith<int64_t>::prelu(-4, 3) == -12);
  CHECK(IntArith<uint8_t>::prelu(200, 3) == 200);
}
