#include "wnn/kernels/kernel_config.h"

namespace wnn::kernels {

const KernelConfig& scalar_kernels() {
  static const KernelConfig config{
      "scalar",
      {"f32_gemm_1x8__scalar", 1, 8, f32_gemm_1x8__scalar, im2col_packed__scalar},
      f32_dwconv__scalar,
      {f32_relu__scalar, f32_sigmoid__scalar, f32_tanh__scalar, f32_exp__scalar,
       f32_leaky_relu__scalar, f32_clip__scalar},
      f32_binary__scalar,
      {f32_maxpool__scalar, f32_avgpool__scalar, f32_global_avgpool__scalar},
      f32_batch_norm__scalar,
      {f32_softmax_rows__scalar, f32_softmax_strided__scalar},
  };
  return config;
}

const KernelConfig& default_kernels() {
#if defined(__wasm_simd128__)
  static const KernelConfig config{
      "wasmsimd",
      {"f32_gemm_4x8__wasmsimd", 4, 8, f32_gemm_4x8__wasmsimd, im2col_packed__scalar},
      f32_dwconv__wasmsimd,
      {f32_relu__wasmsimd, f32_sigmoid__wasmsimd, f32_tanh__wasmsimd, f32_exp__wasmsimd,
       f32_leaky_relu__wasmsimd, f32_clip__wasmsimd},
      f32_binary__wasmsimd,
      {f32_maxpool__wasmsimd, f32_avgpool__wasmsimd, f32_global_avgpool__wasmsimd},
      f32_batch_norm__wasmsimd,
      {f32_softmax_rows__wasmsimd, f32_softmax_strided__wasmsimd},
  };
  return config;
#else
  return scalar_kernels();
#endif
}

}  // namespace wnn::kernels
