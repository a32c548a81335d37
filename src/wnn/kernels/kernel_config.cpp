#include "wnn/kernels/kernel_config.h"

#include <iterator>

namespace wnn::kernels {

namespace {

#if defined(__wasm_simd128__)
#define WNN_TILE(mr, nr)                                                            \
  GemmConfig {                                                                      \
    "f32_gemm_" #mr "x" #nr "__wasmsimd", mr, nr, f32_gemm_##mr##x##nr##__wasmsimd, \
        im2col_packed__rows                                                         \
  }
// The default tile first: chosen by measurement (wnn-profile --gemm, ./bench --gemm).
const GemmConfig kSimdGemm[] = {WNN_TILE(2, 16), WNN_TILE(4, 8),  WNN_TILE(6, 8), WNN_TILE(5, 8),
                                WNN_TILE(3, 16), WNN_TILE(2, 24), WNN_TILE(4, 16)};
#undef WNN_TILE
#endif
const GemmConfig kScalarGemm{"f32_gemm_1x8__scalar", 1, 8, f32_gemm_1x8__scalar,
                             im2col_packed__rows};

}  // namespace

const std::vector<GemmConfig>& gemm_configs() {
  static const std::vector<GemmConfig> all = [] {
    std::vector<GemmConfig> v;
#if defined(__wasm_simd128__)
    v.assign(std::begin(kSimdGemm), std::end(kSimdGemm));
#endif
    v.push_back(kScalarGemm);
    return v;
  }();
  return all;
}

const GemmConfig* find_gemm_config(const std::string& name) {
  for (const GemmConfig& g : gemm_configs())
    if (name == g.name) return &g;
  return nullptr;
}

const KernelConfig& scalar_kernels() {
  static const KernelConfig config{
      "scalar",
      kScalarGemm,
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
      kSimdGemm[0],
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
