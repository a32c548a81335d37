#include "wnn/kernels/reduce.h"

#include <limits>
#include <type_traits>

#include "wnn/kernels/scalar/lanes_scalar.h"
#include "wnn/kernels/vec_math.h"

namespace wnn::kernels {
namespace {

// Integer sums and products wrap around (two's complement, as ONNX Runtime and numpy give), through
// unsigned arithmetic: signed overflow would be undefined behaviour.
template <typename T, bool = std::is_integral_v<T>>
struct WrappingOf {
  using type = T;  // floats: their own arithmetic
};
template <typename T>
struct WrappingOf<T, true> {
  // Unsigned, and at least as wide as unsigned int (narrower types would be promoted to int).
  using type =
      std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
};
template <typename T>
using Wrapping = typename WrappingOf<T>::type;
template <typename T>
T add(T a, T b) {
  return T(Wrapping<T>(a) + Wrapping<T>(b));
}
template <typename T>
T mul(T a, T b) {
  return T(Wrapping<T>(a) * Wrapping<T>(b));
}
template <typename T>
T abs_of(T v) {
  return v < T(0) ? T(Wrapping<T>(0) - Wrapping<T>(v)) : v;
}

// Each fold: the identity and one step acc <- step(acc, x, output index).
template <typename T>
struct Sum {
  T init() const { return T(0); }
  T step(T acc, T v, int64_t) const { return add(acc, v); }
};
template <typename T>
struct SumAbs {
  T init() const { return T(0); }
  T step(T acc, T v, int64_t) const { return add(acc, abs_of(v)); }
};
template <typename T>
struct SumSquare {
  T init() const { return T(0); }
  T step(T acc, T v, int64_t) const { return add(acc, mul(v, v)); }
};
template <typename T>
struct Prod {
  T init() const { return T(1); }
  T step(T acc, T v, int64_t) const { return mul(acc, v); }
};
template <typename T>
struct Max {
  T init() const {
    return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                : std::numeric_limits<T>::lowest();
  }
  T step(T acc, T v, int64_t) const { return (v > acc || v != v) ? v : acc; }  // NaN stays
};
template <typename T>
struct Min {
  T init() const {
    return std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity()
                                                : std::numeric_limits<T>::max();
  }
  T step(T acc, T v, int64_t) const { return (v < acc || v != v) ? v : acc; }  // NaN stays
};
// Float Max (max true) or Min, its innermost runs folded by a run function (the kernel's, or the
// sequential f32_extreme_run__scalar): the one walk of both for floats.
struct ExtremeRuns {
  bool max;
  F32ExtremeRunFn run_fn;
  float init() const { return max ? Max<float>{}.init() : Min<float>{}.init(); }
  float step(float acc, float v, int64_t) const {
    return max ? Max<float>{}.step(acc, v, 0) : Min<float>{}.step(acc, v, 0);
  }
  float run(float acc, const float* in, int64_t n) const {
    return run_fn(max, acc, in, static_cast<size_t>(n));
  }
};
struct SumExp {
  const float* shift;
  float init() const { return 0.0f; }
  float step(float acc, float v, int64_t o) const {
    return acc + vec_math::exp<ScalarLanes>(v - shift[o]);
  }
};

template <typename F, typename T>
void walk(const F& f, const T*& in, const ReduceView& v, size_t d, int64_t o, T* out) {
  const int64_t n = v.dims[d], os = v.out_strides[d];
  if (d + 1 == v.dims.size()) {
    if (os == 0) {
      if constexpr (std::is_same_v<F, ExtremeRuns>) {
        out[o] = f.run(out[o], in, n);
      } else {
        T acc = out[o];
        // Not vectorized (integer sums would be, at 0.1-0.3 KB of code per fold and type, for
        // the shape arithmetic they mostly do).
#pragma clang loop vectorize(disable)
        for (int64_t i = 0; i < n; ++i) acc = f.step(acc, in[i], o);
        out[o] = acc;
      }
    } else {
      for (int64_t i = 0; i < n; ++i) out[o + i * os] = f.step(out[o + i * os], in[i], o + i * os);
    }
    in += n;
    return;
  }
  for (int64_t i = 0; i < n; ++i) walk(f, in, v, d + 1, o + i * os, out);
}

template <typename F, typename T>
void reduce(const F& f, const T* in, const ReduceView& v, T* out) {
  for (int64_t i = 0; i < v.out_elements; ++i) out[i] = f.init();
  for (int64_t d : v.dims)
    if (d == 0) return;
  if (v.dims.empty()) {
    out[0] = f.step(out[0], in[0], 0);
    return;
  }
  walk(f, in, v, 0, 0, out);
}

template <typename T>
void reduce_any(ReduceFold fold, const T* in, const ReduceView& v, T* out) {
  switch (fold) {
    case ReduceFold::kSum: return reduce(Sum<T>{}, in, v, out);
    case ReduceFold::kSumAbs: return reduce(SumAbs<T>{}, in, v, out);
    case ReduceFold::kSumSquare: return reduce(SumSquare<T>{}, in, v, out);
    case ReduceFold::kProd: return reduce(Prod<T>{}, in, v, out);
    case ReduceFold::kMax: return reduce(Max<T>{}, in, v, out);
    case ReduceFold::kMin: return reduce(Min<T>{}, in, v, out);
  }
}

// int8 and uint8 take only Max and Min (as in ONNX Runtime; ops/math/reduce.cpp refuses the
// rest): the other folds are not instantiated for them (download size).
template <typename T>
void reduce_extreme(ReduceFold fold, const T* in, const ReduceView& v, T* out) {
  if (fold == ReduceFold::kMin) return reduce(Min<T>{}, in, v, out);
  reduce(Max<T>{}, in, v, out);
}

}  // namespace

ReduceView coalesce(const ReduceView& v) {
  ReduceView c;
  c.out_elements = v.out_elements;
  for (size_t d = 0; d < v.dims.size(); ++d) {
    if (v.dims[d] == 0) {
      c.dims = {0};
      c.out_strides = {0};
      return c;
    }
    if (v.dims[d] == 1) continue;
    const bool reduced = v.out_strides[d] == 0;
    if (!c.dims.empty() && (c.out_strides.back() == 0) == reduced) {
      c.dims.back() *= v.dims[d];
      c.out_strides.back() = v.out_strides[d];
      continue;
    }
    c.dims.push_back(v.dims[d]);
    c.out_strides.push_back(v.out_strides[d]);
  }
  return c;
}

float f32_extreme_run__scalar(bool max, float acc, const float* in, size_t n) {
  if (max) {
    for (size_t i = 0; i < n; ++i) acc = Max<float>{}.step(acc, in[i], 0);
  } else {
    for (size_t i = 0; i < n; ++i) acc = Min<float>{}.step(acc, in[i], 0);
  }
  return acc;
}

void f32_reduce(ReduceFold fold, const float* in, const ReduceView& v, float* out,
                F32ExtremeRunFn extreme_run) {
  // reduce_any's folds, but Max and Min through ExtremeRuns only: one walk for both instead of
  // a walk each for Max<float> and Min<float>.
  switch (fold) {
    case ReduceFold::kSum: return reduce(Sum<float>{}, in, v, out);
    case ReduceFold::kSumAbs: return reduce(SumAbs<float>{}, in, v, out);
    case ReduceFold::kSumSquare: return reduce(SumSquare<float>{}, in, v, out);
    case ReduceFold::kProd: return reduce(Prod<float>{}, in, v, out);
    default:
      return reduce(ExtremeRuns{fold == ReduceFold::kMax,
                                extreme_run ? extreme_run : f32_extreme_run__scalar},
                    in, v, out);
  }
}
void i64_reduce(ReduceFold fold, const int64_t* in, const ReduceView& v, int64_t* out) {
  reduce_any(fold, in, v, out);
}
void i32_reduce(ReduceFold fold, const int32_t* in, const ReduceView& v, int32_t* out) {
  reduce_any(fold, in, v, out);
}
void i8_reduce(ReduceFold fold, const int8_t* in, const ReduceView& v, int8_t* out) {
  reduce_extreme(fold, in, v, out);
}
void u8_reduce(ReduceFold fold, const uint8_t* in, const ReduceView& v, uint8_t* out) {
  reduce_extreme(fold, in, v, out);
}
void f32_reduce_sum_exp(const float* in, const ReduceView& v, const float* shift, float* out) {
  reduce(SumExp{shift}, in, v, out);
}

}  // namespace wnn::kernels
