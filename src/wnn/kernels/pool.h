// Pooling over one NCHW image, plane by plane.
#pragma once
#include <cstddef>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

using MaxPoolFn = void (*)(const float* in, size_t channels, const Window2d& w, float* out);

// Padding cells never win (as in ONNX MaxPool); a window that sees only padding gives -inf.
void f32_maxpool__scalar(const float* in, size_t channels, const Window2d& w, float* out);
#if defined(__wasm_simd128__)
// Four output columns at a time for stride-1/2 windows; other geometries use the scalar kernel.
void f32_maxpool__wasmsimd(const float* in, size_t channels, const Window2d& w, float* out);
#endif

}  // namespace wnn::kernels
