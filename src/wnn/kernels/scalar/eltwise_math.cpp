// The math and activation kernels of kernels/eltwise_math.h, scalar reference: one element at a
// time through ScalarLanes. wasmsimd/eltwise_math.cpp runs the same definitions four at a time.
#include "wnn/kernels/eltwise_math.h"

#include "wnn/kernels/activation.h"
#include "wnn/kernels/scalar/lanes_scalar.h"

namespace wnn::kernels {

#define WNN_DEFINE_UNARY_KERNEL(name)                                       \
  void f32_##name##__scalar(size_t n, const float* x, float* y) {           \
    for (size_t i = 0; i < n; ++i) y[i] = eltwise::name<ScalarLanes>(x[i]); \
  }
WNN_MATH_UNARY_KERNELS(WNN_DEFINE_UNARY_KERNEL)
#undef WNN_DEFINE_UNARY_KERNEL

void f32_hard_sigmoid__scalar(size_t n, const float* x, float* y, float alpha, float beta) {
  for (size_t i = 0; i < n; ++i) y[i] = eltwise::hard_sigmoid<ScalarLanes>(x[i], alpha, beta);
}

void f32_elu__scalar(size_t n, const float* x, float* y, float alpha, float gamma) {
  for (size_t i = 0; i < n; ++i) y[i] = eltwise::elu<ScalarLanes>(x[i], alpha, gamma);
}

#define WNN_DEFINE_PARAM_KERNEL(name)                                                 \
  void f32_##name##__scalar(size_t n, const float* x, float* y, float p0, float p1) { \
    for (size_t i = 0; i < n; ++i) y[i] = eltwise::name<ScalarLanes>(x[i], p0, p1);   \
  }
WNN_PARAM_UNARY_KERNELS(WNN_DEFINE_PARAM_KERNEL)
#undef WNN_DEFINE_PARAM_KERNEL

}  // namespace wnn::kernels
