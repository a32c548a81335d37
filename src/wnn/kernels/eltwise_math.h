// The elementwise math and activation functions of ONNX, defined once per element over a Lanes
// type (scalar/lanes_scalar.h: one float; wasmsimd/lanes_simd128.h: four), so the scalar
// reference and the SIMD128 kernels run the same IEEE operations in the same order and give the
// same bits. Transcendentals come from vec_math.h. NaN inputs come back unchanged, bit for bit;
// NaN made from numbers (sqrt(-1), log(-1), pow(-2, 0.5)) is vec_math::kQuietNaNBits, so no
// result depends on the engine's choice of NaN bits.
#pragma once
#include <cmath>

#include "wnn/kernels/vec_math.h"

namespace wnn::kernels::eltwise {

template <class L>
using F = typename L::F;

template <class L>
inline F<L> keep_nan(F<L> x, F<L> y) {
  return L::select(L::is_nan(x), x, y);
}

// x f(x) with f(-inf) = 0 (Mish, Gelu): -0 at x = -inf, where the product would be inf * 0.
template <class L>
inline F<L> zero_at_minus_inf(F<L> x, F<L> y) {
  return L::select(L::eq(x, L::splat(-INFINITY)), L::splat(-0.0f), y);
}

template <class L>
inline F<L> sqrt(F<L> x) {
  // sqrt(|x|) with x's sign bit (-0 stays -0), and the quiet NaN below zero. Not sqrt(x) under a
  // select: the compiler may drop a select whose other side is NaN anyway (sqrt of a negative)
  // or turn a clamp to 0 into f32.max (which loses -0), leaving engine-chosen bits in the scalar
  // build.
  const F<L> root = L::sqrt(vec_math::abs<L>(x));
  const F<L> signed_root =
      L::from_bits(L::ior(L::bits(root), L::iand(L::bits(x), L::isplat(0x80000000u))));
  const F<L> y = L::select(L::lt(x, L::splat(0.0f)), vec_math::quiet_nan<L>(), signed_root);
  return keep_nan<L>(x, y);
}
// Neg and Abs flip or clear the sign bit only (NaN keeps its payload, as in numpy).
template <class L>
inline F<L> neg(F<L> x) {
  return L::from_bits(L::ixor(L::bits(x), L::isplat(0x80000000u)));
}
template <class L>
inline F<L> abs(F<L> x) {
  return vec_math::abs<L>(x);
}
template <class L>
inline F<L> reciprocal(F<L> x) {
  return keep_nan<L>(x, L::div(L::splat(1.0f), x));
}
template <class L>
inline F<L> floor(F<L> x) {
  return keep_nan<L>(x, L::floor(x));
}
template <class L>
inline F<L> ceil(F<L> x) {
  return keep_nan<L>(x, L::ceil(x));
}
template <class L>
inline F<L> round(F<L> x) {  // half to even
  return keep_nan<L>(x, L::nearest(x));
}
template <class L>
inline F<L> erf(F<L> x) {
  return vec_math::erf<L>(x);
}
template <class L>
inline F<L> log(F<L> x) {
  return vec_math::log<L>(x);
}
template <class L>
inline F<L> sin(F<L> x) {
  return vec_math::sin_cos<L>(x, false);
}
template <class L>
inline F<L> cos(F<L> x) {
  return vec_math::sin_cos<L>(x, true);
}
template <class L>
inline F<L> tan(F<L> x) {
  return vec_math::tan<L>(x);
}

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, and e^x below 1 is not lost.
template <class L>
inline F<L> softplus(F<L> x) {
  const F<L> e = vec_math::exp_not_nan<L>(L::from_bits(L::ior(L::bits(x), L::isplat(0x80000000u))));
  const F<L> pos = L::select(L::gt(x, L::splat(0.0f)), x, L::splat(0.0f));
  return keep_nan<L>(x, L::add(pos, vec_math::log1p_unit<L>(e)));
}

// x / (1 + |x|); +-1 where |x| is so large that 1 + |x| = |x| (and at +-inf).
template <class L>
inline F<L> softsign(F<L> x) {
  const F<L> a = vec_math::abs<L>(x);
  const F<L> one =
      L::from_bits(L::ior(L::iand(L::bits(x), L::isplat(0x80000000u)), L::bits(L::splat(1.0f))));
  const F<L> y = L::select(L::gt(a, L::splat(3.0e7f)), one, L::div(x, L::add(L::splat(1.0f), a)));
  return keep_nan<L>(x, y);
}

// x tanh(log(1 + e^x)) = x n / (n + 2) with n = e^x (e^x + 2): no cancellation anywhere;
// from x = 20 on, tanh(softplus(x)) is 1 in float32 (and n would overflow at 44).
template <class L>
inline F<L> mish(F<L> x) {
  const F<L> e = vec_math::exp_not_nan<L>(x);
  const F<L> n = L::mul(e, L::add(e, L::splat(2.0f)));
  const F<L> y = L::mul(x, L::div(n, L::add(n, L::splat(2.0f))));
  return keep_nan<L>(x, zero_at_minus_inf<L>(x, L::select(L::gt(x, L::splat(20.0f)), x, y)));
}

// HardSigmoid: clamp(alpha x + beta, 0, 1) by compare + select. HardSwish is the same kernel at
// ONNX's constants (alpha 1/6, beta 1/2) times x.
template <class L>
inline F<L> hard_sigmoid(F<L> x, F<L> alpha, F<L> beta) {
  F<L> v = L::add(L::mul(alpha, x), beta);
  v = L::select(L::lt(v, L::splat(0.0f)), L::splat(0.0f), v);
  v = L::select(L::gt(v, L::splat(1.0f)), L::splat(1.0f), v);
  return keep_nan<L>(x, v);
}
template <class L>
inline F<L> hard_swish(F<L> x) {
  return keep_nan<L>(x, L::mul(x, hard_sigmoid<L>(x, L::splat(1.0f / 6.0f), L::splat(0.5f))));
}

// Elu and Selu, one kernel: x > 0 ? gamma x : gamma (alpha (e^x - 1)). Elu is gamma = 1 (an
// exact multiply).
template <class L>
inline F<L> elu(F<L> x, F<L> alpha, F<L> gamma) {
  const F<L> neg_part =
      L::mul(gamma, L::mul(alpha, L::sub(vec_math::exp_not_nan<L>(x), L::splat(1.0f))));
  return keep_nan<L>(x, L::select(L::gt(x, L::splat(0.0f)), L::mul(gamma, x), neg_part));
}

// ThresholdedRelu: x > alpha ? x : 0 (NaN passes unchanged). p1 is unused.
template <class L>
inline F<L> thresholded_relu(F<L> x, F<L> alpha, F<L>) {
  return keep_nan<L>(x, L::select(L::gt(x, alpha), x, L::splat(0.0f)));
}
// Celu: x > 0 ? x : alpha (e^(x / alpha) - 1), as ONNX's max(0, x) + min(0, alpha (e^(x/alpha)
// - 1)). p1 is unused.
template <class L>
inline F<L> celu(F<L> x, F<L> alpha, F<L>) {
  const F<L> neg_part =
      L::mul(alpha, L::sub(vec_math::exp_not_nan<L>(L::div(x, alpha)), L::splat(1.0f)));
  return keep_nan<L>(x, L::select(L::gt(x, L::splat(0.0f)), x, neg_part));
}
// Shrink: x < -lambd ? x + bias : x > lambd ? x - bias : 0 (NaN passes unchanged).
template <class L>
inline F<L> shrink(F<L> x, F<L> lambd, F<L> bias) {
  const F<L> minus_lambd = L::sub(L::splat(0.0f), lambd);
  F<L> y = L::select(L::lt(x, minus_lambd), L::add(x, bias), L::splat(0.0f));
  y = L::select(L::gt(x, lambd), L::sub(x, bias), y);
  return keep_nan<L>(x, y);
}

// Gelu (opset 20), approximate = "none": x/2 (1 + erf(x / sqrt 2)). Where 1 + erf(t) would
// cancel (t <= -1) it is erfc(-t) from erf's own tail formula, so the relative error stays near
// 1e-6 down to x = -5.5 (the rounding of x / sqrt 2, amplified by 2 t^2); below, the result is
// -0 (|gelu| < 1.1e-7 there). onnxruntime computes 1 + erf and loses up to ~1.5e-7 absolute.
template <class L>
inline F<L> gelu(F<L> x) {
  const F<L> t = L::mul(x, L::splat(0.70710678118654752f));
  const F<L> minus_t = L::sub(L::splat(0.0f), t);
  F<L> one_plus_erf = L::add(vec_math::erf<L>(t), L::splat(1.0f));
  one_plus_erf = L::select(
      L::mand(L::ge(minus_t, L::splat(1.0f)), L::lt(minus_t, L::splat(vec_math::kErfOne))),
      vec_math::erfc_mid<L>(minus_t), one_plus_erf);
  const F<L> y = L::mul(L::mul(L::splat(0.5f), x), one_plus_erf);
  return keep_nan<L>(x, zero_at_minus_inf<L>(x, y));
}
// approximate = "tanh": x/2 (1 + tanh(z)) = x sigmoid(2z), z = sqrt(2/pi) (x + 0.044715 x^3):
// the sigmoid form does not cancel for negative x.
template <class L>
inline F<L> gelu_tanh(F<L> x) {
  const F<L> x3 = L::mul(L::mul(x, x), x);
  const F<L> z = L::mul(L::splat(0.7978845608028654f), L::add(x, L::mul(L::splat(0.044715f), x3)));
  return keep_nan<L>(x, zero_at_minus_inf<L>(x, L::mul(x, vec_math::sigmoid<L>(L::add(z, z)))));
}

// Pow: |x|^y = e^(y log|x|), with the sign of x for odd integer y and NaN for x < 0 (finite)
// with y not an integer; y = 1, 2, 3, -1 and 0.5 are computed exactly (x, x*x, x*x*x, 1/x,
// sqrt(x)) as onnxruntime does for its constant exponents 2 and 3. C's pow for the rest:
// pow(x, 0) = pow(1, y) = 1 even for NaN, pow(-1, +-inf) = 1, 0^y<0 = inf. Relative error
// about |y log x| 2^-24 otherwise (under 1e-5 while the result is a finite float).
template <class L>
inline F<L> pow(F<L> x, F<L> y) {
  using M = typename L::M;
  const F<L> ax = vec_math::abs<L>(x);
  F<L> mag = vec_math::exp<L>(L::mul(y, vec_math::log<L>(ax)));
  const F<L> ax2 = L::mul(ax, ax);
  mag = L::select(L::eq(y, L::splat(1.0f)), ax, mag);
  mag = L::select(L::eq(y, L::splat(2.0f)), ax2, mag);
  mag = L::select(L::eq(y, L::splat(3.0f)), L::mul(ax2, ax), mag);
  mag = L::select(L::eq(y, L::splat(-1.0f)), L::div(L::splat(1.0f), ax), mag);
  mag = L::select(L::mand(L::eq(y, L::splat(0.5f)), L::gt(ax, L::splat(0.0f))), L::sqrt(ax), mag);
  const M is_int = L::eq(L::floor(y), y);
  const F<L> half = L::mul(y, L::splat(0.5f));
  const M odd = L::mand(is_int, L::mnot(L::eq(L::floor(half), half)));
  const M x_neg = L::ieq(L::iand(L::bits(x), L::isplat(0x80000000u)), L::isplat(0x80000000u));
  F<L> r = L::select(L::mand(odd, x_neg), neg<L>(mag), mag);
  const M finite_negative = L::mand(L::lt(x, L::splat(0.0f)), L::gt(x, L::splat(-INFINITY)));
  r = L::select(L::mand(finite_negative, L::mnot(is_int)), vec_math::quiet_nan<L>(), r);
  r = L::select(L::is_nan(y), y, r);
  r = L::select(L::is_nan(x), x, r);
  const M one =
      L::mor(L::mor(L::eq(y, L::splat(0.0f)), L::eq(x, L::splat(1.0f))),
             L::mand(L::eq(ax, L::splat(1.0f)), L::eq(vec_math::abs<L>(y), L::splat(INFINITY))));
  return L::select(one, L::splat(1.0f), r);
}

// Min and Max propagate NaN, as onnxruntime (and numpy's minimum/maximum) do: a NaN operand is
// the result (a's when both are); otherwise a when the two compare equal (-0 and +0).
template <class L>
inline F<L> min(F<L> a, F<L> b) {
  return L::select(L::mor(L::lt(b, a), L::mand(L::is_nan(b), L::mnot(L::is_nan(a)))), b, a);
}
template <class L>
inline F<L> max(F<L> a, F<L> b) {
  return L::select(L::mor(L::gt(b, a), L::mand(L::is_nan(b), L::mnot(L::is_nan(a)))), b, a);
}

// PRelu: x < 0 ? slope x : x (NaN x passes unchanged).
template <class L>
inline F<L> prelu(F<L> x, F<L> slope) {
  return L::select(L::lt(x, L::splat(0.0f)), L::mul(slope, x), x);
}

}  // namespace wnn::kernels::eltwise
