#include "wnn/kernels/row_norm.h"

#include <cmath>

namespace wnn::kernels {
namespace {

// sum(x) in the lane order of kernels/row_norm.h.
float lane_sum(const float* x, size_t n) {
  const size_t n4 = n - n % 4;
  float lane[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (size_t i = 0; i < n4; ++i) lane[i % 4] += x[i];
  float s = (lane[0] + lane[1]) + (lane[2] + lane[3]);
  for (size_t i = n4; i < n; ++i) s += x[i];
  return s;
}

// sum((x - mean)^2), same order.
float lane_sum_squared_deviation(const float* x, size_t n, float mean) {
  const size_t n4 = n - n % 4;
  float lane[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (size_t i = 0; i < n4; ++i) {
    const float d = x[i] - mean;
    lane[i % 4] += d * d;
  }
  float s = (lane[0] + lane[1]) + (lane[2] + lane[3]);
  for (size_t i = n4; i < n; ++i) {
    const float d = x[i] - mean;
    s += d * d;
  }
  return s;
}

void row_stats(const float* x, size_t n, float epsilon, float& mean, float& inv_std) {
  const float count = static_cast<float>(n);
  mean = lane_sum(x, n) / count;
  const float var = lane_sum_squared_deviation(x, n, mean) / count;
  inv_std = 1.0f / std::sqrt(var + epsilon);
}

}  // namespace

void f32_layer_norm__scalar(size_t row_begin, size_t row_end, size_t n, const LayerNormArgs& a) {
  for (size_t r = row_begin; r < row_end; ++r) {
    const float* x = a.x + r * n;
    float* y = a.y + r * n;
    float mean, inv_std;
    row_stats(x, n, a.epsilon, mean, inv_std);
    if (a.bias)
      for (size_t i = 0; i < n; ++i) y[i] = ((x[i] - mean) * inv_std) * a.scale[i] + a.bias[i];
    else
      for (size_t i = 0; i < n; ++i) y[i] = ((x[i] - mean) * inv_std) * a.scale[i];
    if (a.mean) a.mean[r] = mean;
    if (a.inv_std) a.inv_std[r] = inv_std;
  }
}

void f32_instance_norm__scalar(size_t row_begin, size_t row_end, size_t n,
                               const InstanceNormArgs& a) {
  for (size_t r = row_begin; r < row_end; ++r) {
    const float* x = a.x + r * n;
    float* y = a.y + r * n;
    float mean, inv_std;
    row_stats(x, n, a.epsilon, mean, inv_std);
    const float s = a.scale[r % a.channels], b = a.bias[r % a.channels];
    for (size_t i = 0; i < n; ++i) y[i] = ((x[i] - mean) * inv_std) * s + b;
  }
}

}  // namespace wnn::kernels
