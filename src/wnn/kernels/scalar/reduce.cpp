#include "wnn/kernels/reduce.h"

#include <limits>

namespace wnn::kernels {
namespace {

struct Sum {
  template <typename T>
  static T init() {
    return T(0);
  }
  template <typename T>
  static T apply(T acc, T v) {
    return acc + v;
  }
};

struct Max {
  template <typename T>
  static T init() {
    return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                : std::numeric_limits<T>::lowest();
  }
  template <typename T>
  static T apply(T acc, T v) {
    return (v > acc || v != v) ? v : acc;
  }  // NaN stays
};

template <typename F, typename T>
void walk(const T*& in, const ReduceView& v, size_t d, T* out) {
  const int64_t n = v.dims[d], os = v.out_strides[d];
  if (d + 1 == v.dims.size()) {
    if (os == 0) {
      T acc = *out;
      for (int64_t i = 0; i < n; ++i) acc = F::apply(acc, in[i]);
      *out = acc;
    } else {
      for (int64_t i = 0; i < n; ++i) out[i * os] = F::apply(out[i * os], in[i]);
    }
    in += n;
    return;
  }
  for (int64_t i = 0; i < n; ++i) walk<F>(in, v, d + 1, out + i * os);
}

template <typename F, typename T>
void reduce(const T* in, const ReduceView& v, T* out) {
  for (int64_t i = 0; i < v.out_elements; ++i) out[i] = F::template init<T>();
  for (int64_t d : v.dims)
    if (d == 0) return;
  if (v.dims.empty()) {
    out[0] = F::apply(out[0], in[0]);
    return;
  }
  walk<F>(in, v, 0, out);
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

void f32_reduce_sum(const float* in, const ReduceView& v, float* out) { reduce<Sum>(in, v, out); }
void f32_reduce_max(const float* in, const ReduceView& v, float* out) { reduce<Max>(in, v, out); }
void i64_reduce_max(const int64_t* in, const ReduceView& v, int64_t* out) {
  reduce<Max>(in, v, out);
}
void i32_reduce_max(const int32_t* in, const ReduceView& v, int32_t* out) {
  reduce<Max>(in, v, out);
}
void i8_reduce_max(const int8_t* in, const ReduceView& v, int8_t* out) { reduce<Max>(in, v, out); }
void u8_reduce_max(const uint8_t* in, const ReduceView& v, uint8_t* out) {
  reduce<Max>(in, v, out);
}

}  // namespace wnn::kernels
