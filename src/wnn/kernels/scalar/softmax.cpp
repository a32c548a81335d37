#include "wnn/kernels/softmax.h"

#include "wnn/kernels/scalar/lanes_scalar.h"
#include "wnn/kernels/vec_math.h"

namespace wnn::kernels {
namespace {

// Softmax (kLog = false) or LogSoftmax (kLog = true): the same max and sum, then either
// e / sum or (x - max) - log(sum).
template <bool kLog>
void rows_impl(size_t rows, size_t n, const float* x, float* y) {
  if (n == 0) return;
  const size_t n4 = n - n % 4;
  for (size_t r = 0; r < rows; ++r, x += n, y += n) {
    float m = x[0];
    for (size_t i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
    float lane[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (size_t i = 0; i < n4; ++i) {
      y[i] = vec_math::exp<ScalarLanes>(x[i] - m);
      lane[i % 4] += y[i];
    }
    float sum = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    for (size_t i = n4; i < n; ++i) {
      y[i] = vec_math::exp<ScalarLanes>(x[i] - m);
      sum += y[i];
    }
    if (kLog) {
      const float log_sum = vec_math::log<ScalarLanes>(sum);
      for (size_t i = 0; i < n; ++i) y[i] = (x[i] - m) - log_sum;
    } else {
      for (size_t i = 0; i < n; ++i) y[i] = y[i] / sum;
    }
  }
}

template <bool kLog>
void strided_impl(size_t outer, size_t n, size_t inner, const float* x, float* y) {
  if (n == 0) return;
  for (size_t o = 0; o < outer; ++o, x += n * inner, y += n * inner) {
    for (size_t j = 0; j < inner; ++j) {
      float m = x[j];
      for (size_t k = 1; k < n; ++k) m = x[k * inner + j] > m ? x[k * inner + j] : m;
      float sum = 0.0f;
      for (size_t k = 0; k < n; ++k) {
        const float e = vec_math::exp<ScalarLanes>(x[k * inner + j] - m);
        y[k * inner + j] = e;
        sum += e;
      }
      if (kLog) {
        const float log_sum = vec_math::log<ScalarLanes>(sum);
        for (size_t k = 0; k < n; ++k) y[k * inner + j] = (x[k * inner + j] - m) - log_sum;
      } else {
        for (size_t k = 0; k < n; ++k) y[k * inner + j] = y[k * inner + j] / sum;
      }
    }
  }
}

}  // namespace

void f32_softmax_rows__scalar(size_t rows, size_t n, const float* x, float* y) {
  rows_impl<false>(rows, n, x, y);
}
void f32_softmax_strided__scalar(size_t outer, size_t n, size_t inner, const float* x, float* y) {
  strided_impl<false>(outer, n, inner, x, y);
}
void f32_log_softmax_rows__scalar(size_t rows, size_t n, const float* x, float* y) {
  rows_impl<true>(rows, n, x, y);
}
void f32_log_softmax_strided__scalar(size_t outer, size_t n, size_t inner, const float* x,
                                     float* y) {
  strided_impl<true>(outer, n, inner, x, y);
}

}  // namespace wnn::kernels
