// exp, sigmoid, tanh, log, log1p, sin, cos and erf for float32, written once over a Lanes type
// (scalar/lanes_scalar.h: one float; wasmsimd/lanes_simd128.h: four) so that the scalar reference
// and the SIMD128 kernels run the same IEEE operations in the same order and give the same bits, in
// every browser and natively. No libm: its results differ between platforms.
//
// Accuracy against correctly rounded results, measured over every float32 (the unit test
// tests/unit/test_vec_math.cpp samples 1 in 1021 bit patterns; WNN_EXHAUSTIVE=1 checks all):
//   exp      0.99 ulp   (denormal results: within 1 ulp of the denormal spacing)
//   sigmoid  2.40 ulp   (absolute error <= 9e-8; the error of exp carries into e / (1 + e))
//   tanh     1.33 ulp
//   log      1 ulp      (Cephes logf; denormal inputs are scaled by 2^23 first)
//   sin, cos 1.5 ulp    for |x| <= 100 (Cody-Waite reduction by pi/2 in three parts, as
//                       Cephes sinf); the reduction's error grows like |x| 2^-37, which shows
//                       near the zeros (14 ulp at |x| <= 8192), and for |x| >= 2^22 the result
//                       is any value in [-1, 1]
//   tan      3.4 ulp    for |x| <= 100 (sin r / cos r after one shared reduction; measured)
//   erf      2.5 ulp    (x * P(x^2) below 1, 1 - e^-x^2 / x * S(1/x) from 1 to 3.92, 1 above;
//                       both fitted here by Lawson's iteration in float64, rounded to float32)
// log(x < 0) and sin/cos(+-inf) are NaN with one fixed bit pattern (kQuietNaN), not the
// engine's choice; log(+-0) = -inf, log(+inf) = +inf.
// NaN inputs come back unchanged, bit for bit; exp(+inf) = +inf, exp(-inf) = +0,
// sigmoid(+-inf) = 1 / 0, tanh(+-inf) = +-1.
#pragma once
#include <cmath>
#include <cstddef>
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

// log: x = 2^e * m with m in [sqrt(1/2), sqrt(2)), log(x) = e ln2 + log(m), log(1 + f) =
// f - f^2/2 + f^3 P(f) (Cephes logf).
constexpr float kSqrtHalf = 0.707106781186547524f;
constexpr float kLogP[9] = {7.0376836292e-2f,  -1.1514610310e-1f, 1.1676998740e-1f,
                            -1.2420140846e-1f, 1.4249322787e-1f,  -1.6668057665e-1f,
                            2.0000714765e-1f,  -2.4999993993e-1f, 3.3333331174e-1f};
constexpr uint32_t kQuietNaNBits = 0x7fc00000u;
// sin/cos: x = n pi/2 + r, |r| <= pi/4; pi/2 in three parts whose products with n <= 8192 are
// exact (Cephes DP1..3 times 2).
constexpr float kTwoOverPi = 0.636619772367581343f;
constexpr float kPiOver2A = 1.5703125f;
constexpr float kPiOver2B = 4.837512969970703125e-4f;
constexpr float kPiOver2C = 7.54978995489188216e-8f;
constexpr float kSinS[3] = {-1.9515295891e-4f, 8.3321608736e-3f, -1.6666654611e-1f};
constexpr float kCosC[3] = {2.443315711809948e-5f, -1.388731625493765e-3f, 4.166664568298827e-2f};
// erf(x) = x * P(x^2) on [0, 1]; erfc(x) = e^-x^2 * u * S(u - 0.625), u = 1/x, on [1, 3.92]
// (relative errors of the fits 1.2e-9 and 5.6e-8); erf = 1 in float32 from 3.92 on.
// Highest degree first, as every table here.
constexpr float kErfP[7] = {7.853974238969386e-05f, -0.0008010230958461761f, 0.00518833240494132f,
                            -0.026853814721107483f, 0.1128358542919159f,     -0.3761262595653534f,
                            1.1283791065216064f};
constexpr float kErfcS[9] = {0.05451103672385216f,   -0.03971805423498154f, -0.01111863274127245f,
                             0.051203884184360504f,  -0.0779932513833046f,  0.07203987240791321f,
                             -0.001295215217396617f, -0.17158499360084534f, 0.489524781703949f};
constexpr float kErfcCenter = 0.625f;
constexpr float kErfOne = 3.92f;

// e^x for x that is not NaN (NaN is mapped to 0 by the callers' final select).
template <class L>
inline typename L::F exp_not_nan(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  x = L::pmax(L::splat(kExpMinArg), x);  // min < x ? x : min, so NaN -> min too
  x = L::pmin(L::splat(kExpMaxArg), x);  // x < max ? x : max
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

template <class L>
inline typename L::F quiet_nan() {
  return L::from_bits(L::isplat(kQuietNaNBits));
}

template <class L>
inline typename L::F abs(typename L::F x) {
  return L::from_bits(L::iand(L::bits(x), L::isplat(0x7fffffffu)));
}

// Horner's rule over c[0] (highest degree) .. c[N-1] (the constant term).
template <class L, size_t N>
inline typename L::F horner(const float (&c)[N], typename L::F v) {
  typename L::F p = L::splat(c[0]);
  for (size_t i = 1; i < N; ++i) p = L::add(L::mul(p, v), L::splat(c[i]));
  return p;
}

template <class L>
inline typename L::F log(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  // Denormals: scale into the normal range first.
  const typename L::M tiny = L::lt(x, L::splat(1.17549435e-38f));
  const F xs = L::select(tiny, L::mul(x, L::splat(8388608.0f)), x);
  const F bias = L::select(tiny, L::splat(149.0f), L::splat(126.0f));
  // m in [0.5, 1), e = exponent + 1: x = m 2^e.
  const I xb = L::bits(xs);
  const F m = L::from_bits(L::ior(L::iand(xb, L::isplat(0x007fffffu)), L::isplat(0x3f000000u)));
  const I eb = L::shr_unsigned(xb, 23);  // x >= 0 here, so no sign bit (others are masked)
  // e as a float without a conversion instruction: 1.5 * 2^23 + eb is exact.
  F e = L::sub(
      L::sub(L::from_bits(L::iadd(eb, L::bits(L::splat(kRoundMagic)))), L::splat(kRoundMagic)),
      bias);
  const typename L::M low = L::lt(m, L::splat(kSqrtHalf));
  e = L::select(low, L::sub(e, L::splat(1.0f)), e);
  const F f = L::sub(L::select(low, L::add(m, m), m), L::splat(1.0f));
  const F z = L::mul(f, f);
  F y = L::mul(L::mul(horner<L>(kLogP, f), f), z);
  y = L::add(y, L::mul(e, L::splat(kLn2Lo)));
  y = L::sub(y, L::mul(z, L::splat(0.5f)));
  F r = L::add(f, y);
  r = L::add(r, L::mul(e, L::splat(kLn2Hi)));
  // Specials: +inf stays, 0 gives -inf, negatives NaN, NaN unchanged.
  r = L::select(L::eq(x, L::splat(INFINITY)), x, r);
  r = L::select(L::eq(x, L::splat(0.0f)), L::splat(-INFINITY), r);
  r = L::select(L::lt(x, L::splat(0.0f)), quiet_nan<L>(), r);
  return L::select(L::is_nan(x), x, r);
}

// log(1 + u) for u in [0, 1] without losing u when 1 + u rounds: w = 1 + u is exact up to the
// rounding (u - (w - 1)), added back to first order.
template <class L>
inline typename L::F log1p_unit(typename L::F u) {
  using F = typename L::F;
  const F w = L::add(L::splat(1.0f), u);
  const F correction = L::div(L::sub(u, L::sub(w, L::splat(1.0f))), w);
  return L::add(log<L>(w), correction);
}

// x = q pi/2 + r, |r| <= pi/4: the quadrant q and sin r, cos r (shared by sin, cos and tan).
template <class L>
inline void reduce_quadrant(typename L::F x, typename L::I& q, typename L::F& s, typename L::F& c) {
  using F = typename L::F;
  const F t = L::add(L::mul(x, L::splat(kTwoOverPi)), L::splat(kRoundMagic));
  const F n = L::sub(t, L::splat(kRoundMagic));
  q = L::isub(L::bits(t), L::bits(L::splat(kRoundMagic)));
  F r = L::sub(x, L::mul(n, L::splat(kPiOver2A)));
  r = L::sub(r, L::mul(n, L::splat(kPiOver2B)));
  r = L::sub(r, L::mul(n, L::splat(kPiOver2C)));
  const F z = L::mul(r, r);
  s = L::add(L::mul(L::mul(horner<L>(kSinS, z), z), r), r);
  c = L::mul(L::mul(horner<L>(kCosC, z), z), z);
  c = L::add(L::sub(c, L::mul(z, L::splat(0.5f))), L::splat(1.0f));
}

// sin (cosine = false) or cos (cosine = true).
template <class L>
inline typename L::F sin_cos(typename L::F x, bool cosine) {
  using F = typename L::F;
  using I = typename L::I;
  I q;
  F s, c;
  reduce_quadrant<L>(x, q, s, c);
  if (cosine) q = L::iadd(q, L::isplat(1));  // cos(x) = sin(x + pi/2)
  // Quadrant q: sin, cos, -sin, -cos of r.
  const F mag = L::select(L::ieq(L::iand(q, L::isplat(1)), L::isplat(1)), c, s);
  F y = L::from_bits(L::ixor(L::bits(mag), L::shl(L::iand(q, L::isplat(2)), 30)));
  if (!cosine) y = L::select(L::eq(x, L::splat(0.0f)), x, y);  // sin(-0) = -0
  y = L::select(L::eq(abs<L>(x), L::splat(INFINITY)), quiet_nan<L>(), y);
  return L::select(L::is_nan(x), x, y);
}

// tan: sin r / cos r in even quadrants, -cos r / sin r in odd ones (one division of two
// accurate values: 3.4 ulp for |x| <= 100, see above).
template <class L>
inline typename L::F tan(typename L::F x) {
  using F = typename L::F;
  typename L::I q;
  F s, c;
  reduce_quadrant<L>(x, q, s, c);
  const typename L::M odd = L::ieq(L::iand(q, L::isplat(1)), L::isplat(1));
  const F minus_c = L::from_bits(L::ixor(L::bits(c), L::isplat(0x80000000u)));
  F y = L::div(L::select(odd, minus_c, s), L::select(odd, s, c));
  y = L::select(L::eq(x, L::splat(0.0f)), x, y);  // tan(-0) = -0
  y = L::select(L::eq(abs<L>(x), L::splat(INFINITY)), quiet_nan<L>(), y);
  return L::select(L::is_nan(x), x, y);
}

// erfc(a) = e^-a^2 / a * S(1/a) for a in [1, 3.92] (outside, any value: callers select).
template <class L>
inline typename L::F erfc_mid(typename L::F a) {
  using F = typename L::F;
  const F u = L::div(L::splat(1.0f), a);
  const F s = horner<L>(kErfcS, L::sub(u, L::splat(kErfcCenter)));
  return L::mul(L::mul(exp_not_nan<L>(L::sub(L::splat(0.0f), L::mul(a, a))), u), s);
}

template <class L>
inline typename L::F erf(typename L::F x) {
  using F = typename L::F;
  const typename L::I sign = L::iand(L::bits(x), L::isplat(0x80000000u));
  const F a = abs<L>(x);
  const F small = L::mul(a, horner<L>(kErfP, L::mul(a, a)));
  F y = L::select(L::lt(a, L::splat(1.0f)), small, L::sub(L::splat(1.0f), erfc_mid<L>(a)));
  y = L::select(L::lt(a, L::splat(kErfOne)), y, L::splat(1.0f));
  y = L::from_bits(L::ior(L::bits(y), sign));
  return L::select(L::is_nan(x), x, y);
}

}  // namespace wnn::kernels::vec_math
