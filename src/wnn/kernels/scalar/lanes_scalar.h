// One float as a "vector" of one lane, for the shared algorithms in kernels/vec_math.h. Its
// operations are exactly the per-lane operations of wasmsimd/lanes_simd128.h, so a function
// written once over Lanes gives the same bits in the scalar and the SIMD128 kernels.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace wnn::kernels {

struct ScalarLanes {
  using F = float;
  using I = uint32_t;  // unsigned: wrap-around arithmetic is defined, as in i32x4
  using M = bool;

  static F splat(float c) { return c; }
  static I isplat(uint32_t c) { return c; }

  static F add(F a, F b) { return a + b; }
  static F sub(F a, F b) { return a - b; }
  static F mul(F a, F b) { return a * b; }
  static F div(F a, F b) { return a / b; }

  static M lt(F a, F b) { return a < b; }
  static M gt(F a, F b) { return a > b; }
  static M le(F a, F b) { return a <= b; }
  static M ge(F a, F b) { return a >= b; }
  static M eq(F a, F b) { return a == b; }
  static M is_nan(F a) { return a != a; }
  static M mand(M a, M b) { return a && b; }
  static M mor(M a, M b) { return a || b; }
  static M mnot(M a) { return !a; }
  static F select(M m, F if_true, F if_false) { return m ? if_true : if_false; }
  static F pmin(F a, F b) { return b < a ? b : a; }  // f32x4.pmin
  static F pmax(F a, F b) { return a < b ? b : a; }  // f32x4.pmax

  // Correctly rounded IEEE operations (the same as f32x4.sqrt/floor/ceil/nearest; NaN results
  // have engine-chosen bits in wasm, so callers select NaN inputs back themselves).
  static F sqrt(F a) { return std::sqrt(a); }
  static F floor(F a) { return std::floor(a); }
  static F ceil(F a) { return std::ceil(a); }
  static F nearest(F a) { return std::nearbyint(a); }  // ties to even

  static I bits(F a) {
    I i;
    std::memcpy(&i, &a, 4);
    return i;
  }
  static F from_bits(I i) {
    F a;
    std::memcpy(&a, &i, 4);
    return a;
  }
  static I iadd(I a, I b) { return a + b; }
  static I isub(I a, I b) { return a - b; }
  static I iand(I a, I b) { return a & b; }
  static I ior(I a, I b) { return a | b; }
  static I ixor(I a, I b) { return a ^ b; }
  static M ieq(I a, I b) { return a == b; }
  static I shr_unsigned(I a, int s) { return a >> s; }
  static I shl(I a, int s) { return a << s; }
  // Arithmetic shift of the two's-complement value, like i32x4.shr_s.
  static I shr_signed(I a, int s) {
    return a >> s | ((a & 0x80000000u) ? ~(0xffffffffu >> s) : 0u);
  }
};

}  // namespace wnn::kernels
