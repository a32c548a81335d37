#include "wnn/kernels/cast.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "wnn/core/float16.h"

namespace wnn::kernels {
namespace {

struct Bool {};      // tag: one byte holding 0 or 1
struct Float16 {};   // tag: the uint16_t bits of an IEEE binary16
struct BFloat16 {};  // tag: the uint16_t bits of a bfloat16

template <typename T>
constexpr bool kIsHalf = std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>;

template <typename T>
using Storage = std::conditional_t<std::is_same_v<T, Bool>, uint8_t,
                                   std::conditional_t<kIsHalf<T>, uint16_t, T>>;

template <typename To, typename From>
Storage<To> convert(Storage<From> v) {
  // float16 and bfloat16 go through float32, which holds each of them exactly; an integer (or
  // bool) reaching float16 goes through float32 exactly too: below 2^24 every integer is a
  // float32, and above 65520 both roundings give inf.
  if constexpr (std::is_same_v<From, Float16>) {
    return convert<To, float>(float16_to_float32(v));
  } else if constexpr (std::is_same_v<From, BFloat16>) {
    return convert<To, float>(bfloat16_to_float32(v));
  } else if constexpr (std::is_same_v<To, Float16>) {
    return float16_from_float32(convert<float, From>(v));
  } else if constexpr (std::is_same_v<To, Bool>) {
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

template <typename From>
CastFn cast_from(DType to) {
  switch (to) {
    case DType::kFloat32: return cast_run<From, float>;
    case DType::kInt64: return cast_run<From, int64_t>;
    case DType::kInt32: return cast_run<From, int32_t>;
    case DType::kUInt8: return cast_run<From, uint8_t>;
    case DType::kInt8: return cast_run<From, int8_t>;
    case DType::kBool: return cast_run<From, Bool>;
    case DType::kFloat16: return cast_run<From, Float16>;
    default: return nullptr;  // bfloat16 among them: see cast.h
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
    case DType::kFloat16: return cast_from<Float16>(to);
    case DType::kBFloat16: return cast_from<BFloat16>(to);
    default: return nullptr;
  }
}

void round_to_float16(size_t n, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = wnn::round_to_float16(y[i]);
}

}  // namespace wnn::kernels
