#include "wnn/kernels/cast.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "wnn/core/float16.h"

namespace wnn::kernels {
namespace {

struct Bool {};  // tag: one byte holding 0 or 1

template <typename T>
using Storage = std::conditional_t<std::is_same_v<T, Bool>, uint8_t, T>;

// One element between two full-width types (float32, the integers, bool).
template <typename To, typename From>
Storage<To> convert(Storage<From> v) {
  if constexpr (std::is_same_v<To, Bool>) {
    return v != 0;
  } else if constexpr (std::is_same_v<From, Bool>) {
    return static_cast<To>(v != 0);
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    const double d = v;
    if (d != d) return 0;
    if (d <= static_cast<double>(std::numeric_limits<To>::lowest()))
      return std::numeric_limits<To>::lowest();
    // max + 1 is a power of two (exact in double); anything below it truncates into range.
    if (d >= static_cast<double>(std::numeric_limits<To>::max()) + 1.0)
      return std::numeric_limits<To>::max();
    return static_cast<To>(d);
  } else if constexpr (std::is_integral_v<From> && std::is_integral_v<To>) {
    return static_cast<To>(static_cast<std::make_unsigned_t<To>>(v));
  } else {
    return static_cast<To>(v);
  }
}

template <typename From, typename To>
void cast_run(size_t n, const void* x, void* y) {
  const Storage<From>* in = static_cast<const Storage<From>*>(x);
  Storage<To>* out = static_cast<Storage<To>*>(y);
  if constexpr (std::is_same_v<From, To>) {
    std::memcpy(out, in, n * sizeof(Storage<To>));
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = convert<To, From>(in[i]);
  }
}

// float16 and bfloat16 go through float32, which holds each of them exactly; an integer (or
// bool) reaching float16 goes through float32 exactly too: below 2^24 every integer is a float32,
// and above 65520 both roundings give inf. So a cast from or to a half type is two casts through
// a block of float32 on the stack, and each half conversion exists once, not once per type pair
// (download size).
constexpr size_t kBlock = 256;
using Widen = float (*)(uint16_t);

// half -> float32 -> the target: `from_f32` is the float32 -> target cast, `out_size` the
// target's element size.
template <Widen kWiden>
void from_half(size_t n, const uint16_t* in, void* y, size_t out_size, CastFn from_f32) {
  float block[kBlock];
  uint8_t* out = static_cast<uint8_t*>(y);
  for (size_t at = 0; at < n; at += kBlock) {
    const size_t m = n - at < kBlock ? n - at : kBlock;
    for (size_t i = 0; i < m; ++i) block[i] = kWiden(in[at + i]);
    from_f32(m, block, out + at * out_size);
  }
}

// From -> float32 -> float16 (rounded to nearest even).
template <typename From>
void to_float16(size_t n, const void* x, void* y) {
  float block[kBlock];
  const Storage<From>* in = static_cast<const Storage<From>*>(x);
  uint16_t* out = static_cast<uint16_t*>(y);
  for (size_t at = 0; at < n; at += kBlock) {
    const size_t m = n - at < kBlock ? n - at : kBlock;
    cast_run<From, float>(m, in + at, block);
    for (size_t i = 0; i < m; ++i) out[at + i] = float16_from_float32(block[i]);
  }
}

void float16_copy(size_t n, const void* x, void* y) { std::memcpy(y, x, n * sizeof(uint16_t)); }

template <typename From>
CastFn cast_from(DType to) {
  switch (to) {
    case DType::kFloat32: return cast_run<From, float>;
    case DType::kInt64: return cast_run<From, int64_t>;
    case DType::kInt32: return cast_run<From, int32_t>;
    case DType::kUInt8: return cast_run<From, uint8_t>;
    case DType::kInt8: return cast_run<From, int8_t>;
    case DType::kBool: return cast_run<From, Bool>;
    case DType::kFloat16: return to_float16<From>;
    default: return nullptr;  // bfloat16 among them: see cast.h
  }
}

// The float32 -> `to` cast a half source continues with, and `to`'s element size.
template <Widen kWiden, DType kTo>
void from_half_to(size_t n, const void* x, void* y) {
  from_half<kWiden>(n, static_cast<const uint16_t*>(x), y, dtype_size(kTo), cast_from<float>(kTo));
}

template <Widen kWiden>
CastFn cast_from_half(DType to) {
  switch (to) {
    case DType::kFloat32: return from_half_to<kWiden, DType::kFloat32>;
    case DType::kInt64: return from_half_to<kWiden, DType::kInt64>;
    case DType::kInt32: return from_half_to<kWiden, DType::kInt32>;
    case DType::kUInt8: return from_half_to<kWiden, DType::kUInt8>;
    case DType::kInt8: return from_half_to<kWiden, DType::kInt8>;
    case DType::kBool: return from_half_to<kWiden, DType::kBool>;
    case DType::kFloat16: return from_half_to<kWiden, DType::kFloat16>;
    default: return nullptr;
  }
}

}  // namespace

CastFn cast_kernel(DType from, DType to) {
  switch (from) {
    case DType::kFloat32: return cast_from<float>(to);
    case DType::kInt64: return cast_from<int64_t>(to);
    case DType::kInt32: return cast_from<int32_t>(to);
    case DType::kUInt8: return cast_from<uint8_t>(to);
    case DType::kInt8: return cast_from<int8_t>(to);
    case DType::kBool: return cast_from<Bool>(to);
    case DType::kFloat16:
      return to == DType::kFloat16 ? float16_copy : cast_from_half<float16_to_float32>(to);
    case DType::kBFloat16: return cast_from_half<bfloat16_to_float32>(to);
    default: return nullptr;
  }
}

void round_to_float16(size_t n, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = wnn::round_to_float16(y[i]);
}

}  // namespace wnn::kernels
