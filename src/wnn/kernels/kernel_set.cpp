#include "wnn/kernels/kernel_set.h"

namespace wnn::kernels {

const KernelSet& scalar_kernels() {
  static const KernelSet set{"scalar", f32_gemm__scalar, f32_maxpool__scalar, f32_relu__scalar};
  return set;
}

const KernelSet& default_kernels() {
#if defined(__wasm_simd128__)
  static const KernelSet set{"wasmsimd", f32_gemm_4x8__wasmsimd, f32_maxpool__wasmsimd,
                             f32_relu__wasmsimd};
  return set;
#else
  return scalar_kernels();
#endif
}

}  // namespace wnn::kernels
