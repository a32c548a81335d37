// exp, sigmoid and tanh for float32, written once over a Lanes type (scalar/lanes_scalar.h: one
// float; wasmsimd/lanes_simd128.h: four) so that the scalar reference and the SIMD128 kernels run
// the same IEEE operations in the same order and give the same bits, in every browser and
// natively. No libm: its results differ between platforms.
//
// Accuracy against correctly rounded results, measured over every float32 (the unit test
// tests/unit/test_vec_math.cpp samples 1 in 1021 bit patterns; WNN_EXHAUSTIVE=1 checks all):
//   exp      0.99 ulp   (denormal results: within 1 ulp of the denormal spacing)
//   sigmoid  2.40 ulp   (absolute error <= 9e-8; the error of exp carries into e / (1 + e))
//   tanh     1.33 ulp
// NaN inputs come back unchanged, bit for bit; exp(+inf) = +inf, exp(-inf) = +0,
// sigmoid(+-inf) = 1 / 0, tanh(+-inf) = +-1.
#pragma once
#include <cstdint>

namespace wnn::kernels::vec_math {

// Range reduction of exp (Cody-Waite): x = n ln2 + r, |r| <= ln2/2, n rounded to nearest with the
// 1.5 * 2^23 trick (pure float adds, so no rounding-mode intrinsic is involved). ln2_hi has few
// enough bits that n * ln2_hi is exact for every |n| <= 150.
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kRoundMagic = 12582912.0f;  // 1.5 * 2^23
// Below -104 exp is 0 even as a denormal; above 89 it is +inf. Clamping there keeps n in
// [-150, 129], so the two half scales below are normal floats.
constexpr float kExpMinArg = -104.0f;
constexpr float kExpMaxArg = 89.0f;
// e^r = 1 + r + r^2 * P(r) on |r| <= ln2/2: the Cephes expf minimax polynomial.
constexpr float kExpP0 = 5.0000001201e-1f;
constexpr float kExpP1 = 1.6666665459e-1f;
constexpr float kExpP2 = 4.1665795894e-2f;
constexpr float kExpP3 = 8.3334519073e-3f;
constexpr float kExpP4 = 1.3981999507e-3f;
constexpr float kExpP5 = 1.9875691500e-4f;
// tanh(a) = a + a * s * Q(s), s = a^2, for 0 <= a < kTanhSmall: minimax for relative error,
// fitted by Lawson's iteration in float64 then rounded to float32 (0.75 ulp in float32 Horner).
// At and above kTanhSmall, tanh(a) = 1 - 2 / (e^(2a) + 1) loses nothing to cancellation.
constexpr float kTanhSmall = 0.625f;
constexpr float kTanhQ0 = -0.333332807f;
constexpr float kTanhQ1 = 0.133314416f;
constexpr float kTanhQ2 = -0.0537397154f;
constexpr float kTanhQ3 = 0.0206390899f;
constexpr float kTanhQ4 = -0.00570498873f;

// e^x for x that is not NaN (NaN is mapped to 0 by the callers' final select).
template <class L>
inline typename L::F exp_not_nan(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  x = L::select(L::gt(x, L::splat(kExpMinArg)), x, L::splat(kExpMinArg));  // NaN -> min too
  x = L::select(L::lt(x, L::splat(kExpMaxArg)), x, L::splat(kExpMaxArg));
  const F t = L::add(L::mul(x, L::splat(kLog2e)), L::splat(kRoundMagic));
  const F n = L::sub(t, L::splat(kRoundMagic));
  const I n_int = L::isub(L::bits(t), L::bits(L::splat(kRoundMagic)));
  F r = L::sub(x, L::mul(n, L::splat(kLn2Hi)));
  r = L::sub(r, L::mul(n, L::splat(kLn2Lo)));
  F p = L::splat(kExpP5);
  p = L::add(L::mul(p, r), L::splat(kExpP4));
  p = L::add(L::mul(p, r), L::splat(kExpP3));
  p = L::add(L::mul(p, r), L::splat(kExpP2));
  p = L::add(L::mul(p, r), L::splat(kExpP1));
  p = L::add(L::mul(p, r), L::splat(kExpP0));
  p = L::add(L::add(L::mul(p, L::mul(r, r)), r), L::splat(1.0f));
  // 2^n as two normal halves: (p * 2^n1) is exact, the second product rounds once, so
  // denormal results are correctly rounded from p and overflow gives +inf.
  const I n1 = L::shr_signed(n_int, 1);
  const I n2 = L::isub(n_int, n1);
  const F s1 = L::from_bits(L::shl(L::iadd(n1, L::isplat(127)), 23));
  const F s2 = L::from_bits(L::shl(L::iadd(n2, L::isplat(127)), 23));
  return L::mul(L::mul(p, s1), s2);
}

template <class L>
inline typename L::F exp(typename L::F x) {
  return L::select(L::is_nan(x), x, exp_not_nan<L>(x));
}

// 1 / (1 + e^-x) from e = e^-|x| <= 1, which never overflows: 1 / (1 + e) for x >= 0 and
// e / (1 + e) for x < 0 (rather than 1 - 1 / (1 + e), which would cancel).
template <class L>
inline typename L::F sigmoid(typename L::F x) {
  using F = typename L::F;
  const F minus_abs = L::from_bits(L::ior(L::bits(x), L::isplat(0x80000000u)));
  const F e = exp_not_nan<L>(minus_abs);
  const F numerator = L::select(L::lt(x, L::splat(0.0f)), e, L::splat(1.0f));
  const F y = L::div(numerator, L::add(L::splat(1.0f), e));
  return L::select(L::is_nan(x), x, y);
}

template <class L>
inline typename L::F tanh(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  const I sign = L::iand(L::bits(x), L::isplat(0x80000000u));
  const F a = L::from_bits(L::iand(L::bits(x), L::isplat(0x7fffffffu)));
  const F s = L::mul(a, a);
  F q = L::splat(kTanhQ4);
  q = L::add(L::mul(q, s), L::splat(kTanhQ3));
  q = L::add(L::mul(q, s), L::splat(kTanhQ2));
  q = L::add(L::mul(q, s), L::splat(kTanhQ1));
  q = L::add(L::mul(q, s), L::splat(kTanhQ0));
  const F small = L::add(a, L::mul(a, L::mul(s, q)));
  const F e = exp_not_nan<L>(L::add(a, a));
  const F large = L::sub(L::splat(1.0f), L::div(L::splat(2.0f), L::add(e, L::splat(1.0f))));
  const F magnitude = L::select(L::lt(a, L::splat(kTanhSmall)), small, large);
  const F y = L::from_bits(L::ior(L::bits(magnitude), sign));
  return L::select(L::is_nan(x), x, y);
}

}  // namespace wnn::kernels::vec_math
