// What every unit test builds its cases from: seeded random data, tensors of any dtype and
// their values back, node attributes, value infos, random 2-D window geometries.
// graph_builder.h runs whole graphs through a Session; op_runner.h runs one op without one.
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"
#include "wnn/kernels/conv_geometry.h"

namespace wnn::test {

inline std::vector<float> random_floats(size_t n, uint32_t seed, float lo = -1.0f,
                                        float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

template <typename T>
Tensor tensor_of(DType dtype, Shape shape, const std::vector<T>& values) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.bytes.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}
inline Tensor f32(Shape shape, const std::vector<float>& v) {
  return tensor_of(DType::kFloat32, std::move(shape), v);
}
inline Tensor i64(Shape shape, const std::vector<int64_t>& v) {
  return tensor_of(DType::kInt64, std::move(shape), v);
}

template <typename T>
std::vector<T> values(const Tensor& t) {
  std::vector<T> v(t.bytes.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), t.bytes.data(), t.bytes.size());
  return v;
}

inline Attribute ints(std::vector<int64_t> v) {
  Attribute a;
  a.kind = Attribute::Kind::kInts;
  a.ints = std::move(v);
  return a;
}
inline Attribute int1(int64_t v) {
  Attribute a;
  a.kind = Attribute::Kind::kInt;
  a.i = v;
  return a;
}
inline Attribute str(std::string v) {
  Attribute a;
  a.kind = Attribute::Kind::kString;
  a.s = std::move(v);
  return a;
}
inline Attribute flt(float v) {
  Attribute a;
  a.kind = Attribute::Kind::kFloat;
  a.f = v;
  return a;
}

inline ValueInfo float_value(std::string name, Shape shape) {
  ValueInfo v;
  v.name = std::move(name);
  v.dtype = DType::kFloat32;
  v.shape = std::move(shape);
  v.dim_names.assign(v.shape.size(), "");
  return v;
}

struct WindowLimits {
  int64_t in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w;
};

// A random 2-D window geometry within the limits (each drawn from 1..limit, pads below the
// kernel size); false when the window does not fit its input, so the caller draws again.
inline bool random_window(std::mt19937& rng, const WindowLimits& l, kernels::Window2d& w) {
  auto draw = [&](int64_t limit) { return 1 + static_cast<int64_t>(rng() % limit); };
  w.in_h = draw(l.in_h);
  w.in_w = draw(l.in_w);
  w.kernel_h = draw(l.kernel_h);
  w.kernel_w = draw(l.kernel_w);
  w.stride_h = draw(l.stride_h);
  w.stride_w = draw(l.stride_w);
  w.dilation_h = draw(l.dilation_h);
  w.dilation_w = draw(l.dilation_w);
  w.pad_top = rng() % w.kernel_h;
  w.pad_left = rng() % w.kernel_w;
  const int64_t span_h = (w.kernel_h - 1) * w.dilation_h + 1;
  const int64_t span_w = (w.kernel_w - 1) * w.dilation_w + 1;
  w.out_h = (w.in_h + 2 * w.pad_top - span_h) / w.stride_h + 1;
  w.out_w = (w.in_w + 2 * w.pad_left - span_w) / w.stride_w + 1;
  return w.out_h >= 1 && w.out_w >= 1 && w.in_h + 2 * w.pad_top >= span_h &&
         w.in_w + 2 * w.pad_left >= span_w;
}

// Whether an error message names `part` (the message is printed when it does not).
inline bool has(const std::string& message, const std::string& part) {
  INFO(message);
  return message.find(part) != std::string::npos;
}

// n floats counting up from `start`: easy to follow through a gather or a reshape.
inline std::vector<float> iota_f(size_t n, float start = 0) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

}  // namespace wnn::test
