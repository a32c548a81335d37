#include "wnn/kernels/kernel_set.h"

namespace wnn::kernels {

const KernelSet& scalar_kernels() {
  static const KernelSet set{"scalar", false};
  return set;
}

const KernelSet& default_kernels() {
#if defined(__wasm_simd128__)
  static const KernelSet set{"wasmsimd", true};
  return set;
#else
  return scalar_kernels();
#endif
}

}  // namespace wnn::kernels
