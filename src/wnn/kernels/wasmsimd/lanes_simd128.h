// Four floats in a v128, for the shared algorithms in kernels/vec_math.h: the lane-wise twin of
// scalar/lanes_scalar.h (same IEEE operations, no FMA, no f32x4.min/max whose NaN bits wasm
// leaves to the engine; f32x4.pmin/pmax return one of their operands, so their bits are fixed).
#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

namespace wnn::kernels {

struct Simd128Lanes {
  using F = v128_t;
  using I = v128_t;
  using M = v128_t;

  static F splat(float c) { return wasm_f32x4_splat(c); }
  static I isplat(uint32_t c) { return wasm_i32x4_splat(static_cast<int32_t>(c)); }

  static F add(F a, F b) { return wasm_f32x4_add(a, b); }
  static F sub(F a, F b) { return wasm_f32x4_sub(a, b); }
  static F mul(F a, F b) { return wasm_f32x4_mul(a, b); }
  static F div(F a, F b) { return wasm_f32x4_div(a, b); }

  static M lt(F a, F b) { return wasm_f32x4_lt(a, b); }
  static M gt(F a, F b) { return wasm_f32x4_gt(a, b); }
  static M le(F a, F b) { return wasm_f32x4_le(a, b); }
  static M ge(F a, F b) { return wasm_f32x4_ge(a, b); }
  static M eq(F a, F b) { return wasm_f32x4_eq(a, b); }
  static M is_nan(F a) { return wasm_f32x4_ne(a, a); }
  static M mand(M a, M b) { return wasm_v128_and(a, b); }
  static M mor(M a, M b) { return wasm_v128_or(a, b); }
  static M mnot(M a) { return wasm_v128_not(a); }
  static F select(M m, F if_true, F if_false) { return wasm_v128_bitselect(if_true, if_false, m); }
  // b < a ? b : a and a < b ? b : a, lane by lane: one minps / maxps on x86, where a select of a
  // comparison is four instructions.
  static F pmin(F a, F b) { return wasm_f32x4_pmin(a, b); }
  static F pmax(F a, F b) { return wasm_f32x4_pmax(a, b); }

  static F sqrt(F a) { return wasm_f32x4_sqrt(a); }
  static F floor(F a) { return wasm_f32x4_floor(a); }
  static F ceil(F a) { return wasm_f32x4_ceil(a); }
  static F nearest(F a) { return wasm_f32x4_nearest(a); }

  static I bits(F a) { return a; }
  static F from_bits(I i) { return i; }
  static I iadd(I a, I b) { return wasm_i32x4_add(a, b); }
  static I isub(I a, I b) { return wasm_i32x4_sub(a, b); }
  static I iand(I a, I b) { return wasm_v128_and(a, b); }
  static I ior(I a, I b) { return wasm_v128_or(a, b); }
  static I ixor(I a, I b) { return wasm_v128_xor(a, b); }
  static M ieq(I a, I b) { return wasm_i32x4_eq(a, b); }
  static I shr_unsigned(I a, int s) { return wasm_u32x4_shr(a, s); }
  static I shl(I a, int s) { return wasm_i32x4_shl(a, s); }
  static I shr_signed(I a, int s) { return wasm_i32x4_shr(a, s); }
};

}  // namespace wnn::kernels
#endif
