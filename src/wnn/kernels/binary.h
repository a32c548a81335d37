// Elementwise binary arithmetic (Add, Sub, Mul, Div; Min, Max, Pow, PRelu) over runs of elements. A
// broadcast is driven by the op (ops/broadcast.h) as a loop nest whose innermost run is one of
// three shapes:
//   vv: y[i] = a[i] op b[i]      vs: y[i] = a[i] op b[0]      sv: y[i] = a[0] op b[i]
// (a scalar operand, a per-channel bias over an H*W plane, a row added to every row...).
//
// float32 has a scalar reference and SIMD128 kernels (one IEEE operation per element, so they
// agree bit for bit). The integer types are scalar only (shape arithmetic in the planner):
// they wrap around on overflow, and Div truncates toward zero like ONNX Runtime, with two
// results ONNX leaves undefined made safe rather than a trap that would kill the page:
//   x / 0 = 0 (numpy's result)   and   INT_MIN / -1 = INT_MIN (two's-complement wrap).
// float32 Min, Max (NaN propagates), Pow and PRelu are defined per element in
// kernels/eltwise_math.h. Integer Pow: square-and-multiply, wrapping; a negative exponent gives
// 1 / x^-y truncated (1 for x = 1, +-1 for x = -1, 0 otherwise; 0^negative = 0, not a trap).
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace wnn::kernels {

enum class BinaryOpKind { kAdd, kSub, kMul, kDiv, kMin, kMax, kPow, kPRelu };

template <typename T>
using BinaryRunFn = void (*)(size_t n, const T* a, const T* b, T* y);

template <typename T>
struct BinaryKernels {
  BinaryRunFn<T> vv, vs, sv;
};

using F32BinaryKernelsFn = BinaryKernels<float> (*)(BinaryOpKind op);
BinaryKernels<float> f32_binary__scalar(BinaryOpKind op);
#if defined(__wasm_simd128__)
BinaryKernels<float> f32_binary__wasmsimd(BinaryOpKind op);
#endif

// --- Integer arithmetic (scalar), defined for every input: header-only templates. -----------
template <typename T>
struct IntArith {
  static_assert(std::is_integral_v<T>);
  using U = std::make_unsigned_t<T>;
  static T add(T a, T b) {
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  }
  static T sub(T a, T b) {
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  }
  static T mul(T a, T b) {
    // uint8 operands would promote to int (no overflow at 8 bits); wider types multiply as U.
    using W = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, U>;
    return static_cast<T>(
        static_cast<U>(static_cast<W>(static_cast<U>(a)) * static_cast<W>(static_cast<U>(b))));
  }
  static T div(T a, T b) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return sub(0, a);  // -INT_MIN wraps to INT_MIN instead of trapping
    return static_cast<T>(a / b);
  }
  static T min(T a, T b) { return b < a ? b : a; }
  static T max(T a, T b) { return b > a ? b : a; }
  static T pow(T a, T b) {
    if constexpr (std::is_signed_v<T>) {
      if (b < 0) {
        if (a == 1) return 1;
        if (a == -1) return (b & 1) ? T(-1) : T(1);
        return 0;
      }
    }
    T r = 1;
    for (T base = a; b != 0; b = static_cast<T>(b >> 1)) {
      if (b & 1) r = mul(r, base);
      base = mul(base, base);
    }
    return r;
  }
  static T prelu(T a, T b) {
    if constexpr (std::is_signed_v<T>)
      if (a < 0) return mul(b, a);
    return a;
  }
};

template <typename T, T (*F)(T, T)>
void int_binary_vv(size_t n, const T* a, const T* b, T* y) {
  for (size_t i = 0; i < n; ++i) y[i] = F(a[i], b[i]);
}
template <typename T, T (*F)(T, T)>
void int_binary_vs(size_t n, const T* a, const T* b, T* y) {
  const T s = b[0];
  for (size_t i = 0; i < n; ++i) y[i] = F(a[i], s);
}
template <typename T, T (*F)(T, T)>
void int_binary_sv(size_t n, const T* a, const T* b, T* y) {
  const T s = a[0];
  for (size_t i = 0; i < n; ++i) y[i] = F(s, b[i]);
}

template <typename T, T (*F)(T, T)>
BinaryKernels<T> int_binary_table() {
  return {int_binary_vv<T, F>, int_binary_vs<T, F>, int_binary_sv<T, F>};
}

template <typename T>
BinaryKernels<T> int_binary(BinaryOpKind op) {
  switch (op) {
    case BinaryOpKind::kAdd: return int_binary_table<T, IntArith<T>::add>();
    case BinaryOpKind::kSub: return int_binary_table<T, IntArith<T>::sub>();
    case BinaryOpKind::kMul: return int_binary_table<T, IntArith<T>::mul>();
    case BinaryOpKind::kDiv: return int_binary_table<T, IntArith<T>::div>();
    case BinaryOpKind::kMin: return int_binary_table<T, IntArith<T>::min>();
    case BinaryOpKind::kMax: return int_binary_table<T, IntArith<T>::max>();
    case BinaryOpKind::kPow: return int_binary_table<T, IntArith<T>::pow>();
    case BinaryOpKind::kPRelu: return int_binary_table<T, IntArith<T>::prelu>();
  }
  return {};
}

// One float32 Pow (kernels/eltwise_math.h), for exponents of an integer type converted to
// float (exact up to 2^24), which the op applies element by element.
float f32_pow_one(float x, float y);

// --- Comparisons and logic: any element type to bool (one byte, 0 or 1). ----------------
// Comparisons are IEEE: NaN compares false (unequal to everything), -0 == +0. And, Or, Xor
// read bools (any nonzero byte is true) and Not is their unary kin.
enum class CompareKind { kEqual, kLess, kGreater, kLessOrEqual, kGreaterOrEqual, kAnd, kOr, kXor };

template <typename T>
using CompareRunFn = void (*)(size_t n, const T* a, const T* b, uint8_t* y);
template <typename T>
struct CompareKernels {
  CompareRunFn<T> vv, vs, sv;
};

template <typename T, bool (*F)(T, T)>
CompareKernels<T> compare_table() {
  return {[](size_t n, const T* a, const T* b, uint8_t* y) {
            for (size_t i = 0; i < n; ++i) y[i] = F(a[i], b[i]);
          },
          [](size_t n, const T* a, const T* b, uint8_t* y) {
            const T s = b[0];
            for (size_t i = 0; i < n; ++i) y[i] = F(a[i], s);
          },
          [](size_t n, const T* a, const T* b, uint8_t* y) {
            const T s = a[0];
            for (size_t i = 0; i < n; ++i) y[i] = F(s, b[i]);
          }};
}

template <typename T>
struct Compare {
  static bool eq(T a, T b) { return a == b; }
  static bool lt(T a, T b) { return a < b; }
  static bool gt(T a, T b) { return a > b; }
  static bool le(T a, T b) { return a <= b; }
  static bool ge(T a, T b) { return a >= b; }
  static bool land(T a, T b) { return (a != 0) & (b != 0); }
  static bool lor(T a, T b) { return (a != 0) | (b != 0); }
  static bool lxor(T a, T b) { return (a != 0) != (b != 0); }
};

template <typename T>
CompareKernels<T> compare_kernels(CompareKind kind) {
  switch (kind) {
    case CompareKind::kEqual: return compare_table<T, Compare<T>::eq>();
    case CompareKind::kLess: return compare_table<T, Compare<T>::lt>();
    case CompareKind::kGreater: return compare_table<T, Compare<T>::gt>();
    case CompareKind::kLessOrEqual: return compare_table<T, Compare<T>::le>();
    case CompareKind::kGreaterOrEqual: return compare_table<T, Compare<T>::ge>();
    case CompareKind::kAnd: return compare_table<T, Compare<T>::land>();
    case CompareKind::kOr: return compare_table<T, Compare<T>::lor>();
    case CompareKind::kXor: return compare_table<T, Compare<T>::lxor>();
  }
  return {};
}

template <typename T>
CompareKernels<T> equal_kernels() {
  return compare_kernels<T>(CompareKind::kEqual);
}

}  // namespace wnn::kernels
