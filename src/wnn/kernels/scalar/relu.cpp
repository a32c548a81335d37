#include "wnn/kernels/activation.h"

namespace wnn::kernels {

void f32_relu__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = (v > 0.0f || v != v) ? v : 0.0f;
  }
}

}  // namespace wnn::kernels
