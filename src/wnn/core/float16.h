// IEEE binary16 (float16) and bfloat16 <-> float32 on bit patterns, with integer operations only,
// so the result does not depend on the FPU's rounding mode or flush-to-zero setting.
//   float32 -> float16  rounds to nearest, ties to even; subnormals kept; beyond 65520 -> inf;
//                       NaN stays NaN (quiet, sign and the high payload bits kept, as numpy)
//   float16 -> float32  exact (every float16 is a float32)
//   bfloat16 -> float32 exact (the high half of a float32)
#pragma once
#include <cstdint>
#include <cstring>

namespace wnn {

inline uint32_t float32_bits(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  return x;
}

inline float float32_from_bits(uint32_t x) {
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

inline uint16_t float16_from_float32(float f) {
  const uint32_t x = float32_bits(f);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t abs = x & 0x7fffffffu;
  if (abs > 0x7f800000u)  // NaN: quiet, payload truncated (never turned into inf)
    return sign | 0x7e00u | static_cast<uint16_t>((abs >> 13) & 0x3ffu);
  if (abs >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 (and inf) rounds to inf
  if (abs >= 0x38800000u) {                       // a normal float16 (>= 2^-14)
    const uint32_t rounded = abs + 0xfffu + ((abs >> 13) & 1u);
    return sign | static_cast<uint16_t>((rounded - (112u << 23)) >> 13);
  }
  if (abs <= 0x33000000u) return sign;  // <= 2^-25, half the smallest subnormal: ties to 0
  // A subnormal float16: the value in units of 2^-24, rounded to nearest even. A carry into
  // 0x400 is the smallest normal, which the encoding gets right by itself.
  const uint32_t exponent = abs >> 23;  // 102 .. 112
  const uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;
  const uint32_t shift = 126u - exponent;  // 14 .. 24
  uint32_t q = mantissa >> shift;
  const uint32_t rem = mantissa & ((1u << shift) - 1u), half = 1u << (shift - 1u);
  if (rem > half || (rem == half && (q & 1u))) ++q;
  return sign | static_cast<uint16_t>(q);
}

inline float float16_to_float32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0x1fu) return float32_from_bits(sign | 0x7f800000u | (mantissa << 13));
  if (exponent == 0) {
    if (mantissa == 0) return float32_from_bits(sign);
    exponent = 113;  // 1 - 15 + 127, then normalized
    while (!(mantissa & 0x400u)) {
      mantissa <<= 1;
      --exponent;
    }
    return float32_from_bits(sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13));
  }
  return float32_from_bits(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

inline float bfloat16_to_float32(uint16_t b) {
  return float32_from_bits(static_cast<uint32_t>(b) << 16);
}

// float32 rounded to the nearest float16 and back: what a value kept in float32 holds after an
// ONNX Cast to float16.
inline float round_to_float16(float f) { return float16_to_float32(float16_from_float32(f)); }

}  // namespace wnn
