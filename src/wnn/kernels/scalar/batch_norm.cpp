#include "wnn/kernels/batch_norm.h"

namespace wnn::kernels {

void f32_batch_norm__scalar(const float* x, size_t batch, size_t channels, size_t plane,
                            const ChannelNorm& p, float* y) {
  for (size_t n = 0; n < batch; ++n) {
    for (size_t c = 0; c < channels; ++c, x += plane, y += plane) {
      const float m = p.mean[c], s = p.scale[c], b = p.bias[c];
      for (size_t i = 0; i < plane; ++i) y[i] = (x[i] - m) * s + b;
    }
  }
}

}  // namespace wnn::kernels
