#include "wnn/kernels/lrn.h"

#include <algorithm>
#include <cmath>

namespace wnn::kernels {

void f32_lrn__scalar(size_t plane_begin, size_t plane_end, size_t channels, size_t plane,
                     const LrnParams& p, const float* x, float* y) {
  const size_t before = (p.size - 1) / 2, after = p.size - 1 - before;
  const float alpha_over_size = p.alpha / static_cast<float>(p.size);
  for (size_t q = plane_begin; q < plane_end; ++q) {
    const size_t c = q % channels;
    const float* image = x + (q - c) * plane;  // channel 0 of this image
    const size_t first = c >= before ? c - before : 0;
    const size_t last = std::min(channels - 1, c + after);
    for (size_t i = 0; i < plane; ++i) {
      float sum = 0.0f;
      for (size_t k = first; k <= last; ++k) {
        const float v = image[k * plane + i];
        sum += v * v;
      }
      y[q * plane + i] = x[q * plane + i] / std::pow(p.bias + alpha_over_size * sum, p.beta);
    }
  }
}

}  // namespace wnn::kernels
