#include "wnn/kernels/kernel_config.h"

#include <iterator>

namespace wnn::kernels {

namespace {

#if defined(__wasm_simd128__)
#define WNN_TILE(mr, nr)                                                                       \
  GemmConfig {                                                                                 \
    "f32_gemm_" #mr "x" #nr "__wasmsimd", mr, nr, f32_gemm_##mr##x##nr##__wasmsimd,            \
        im2col_packed__rows                                                                    \
  }
// The default first, then the tile for short sums, both chosen by measurement in all three
// engines (node e2e/tiles.mjs, batch 1, 1 thread, median ms of 80 runs on ResNet-20 / BlazeFace
// back / VGG-16; 'A+B': A for every GEMM but the convolutions with short sums (K <= 576) over 64
// pixels or more, which run B). 2026-12-04, 03:53 UTC, on an AMD EPYC with AVX but no AVX2:
//   Chromium 5x8+2x16 3.30 / 27.2 / 25.9 against 4x8+2x16 3.37 / 27.3 / 26.7 (the old default);
//   WebKit   5x8+2x16 3.22 / 25.7 / 26.2 against 4x8+2x16 3.32 / 25.5 / 27.3;
//   Firefox  5x8+4x16 4.06 / 33.4 / 23.8 against 4x8 alone 4.32 / 39.4 / 23.2, and 2x16 alone
//            6.84 / 39.1 / 51.4: on that CPU SpiderMonkey ran 2x16 slowly.
// 2026-12-04, 13:40 UTC, the same machine on a CPU with AVX2 and AVX-512 (as most users' x86
// CPUs since 2013 have AVX2), 5x8+2x16 against 5x8+4x16, two rounds each:
//   Firefox  1.60-1.62 / 16.9-17.3 / 15.0-15.7 against 1.72 / 21.5-21.6 / 15.5-15.8;
//   Chromium 1.42 / 16.5-17.7 / 14.6-14.9 against 1.61 / 21.7 / 15.6-15.7;
//   WebKit   1.56-1.58 / 18.4 / 15.1-15.2 against 1.88-1.90 / 26.3-26.4 / 17.0-17.3.
// So every engine runs 5x8+2x16 by default; on a CPU without AVX2, Firefox is faster with the
// session option gemm: 'f32_gemm_5x8__wasmsimd+f32_gemm_4x16__wasmsimd' (the bits are the same).
#if defined(WNN_CORE_KERNELS_ONLY)
// The browser's core modules keep the defaults only; the extended build has every tile (and the
// scalar reference kernels), and web/wasmnn.js loads it for a session that names a tile.
const GemmConfig kSimdGemm[] = {WNN_TILE(5, 8), WNN_TILE(2, 16)};
#else
const GemmConfig kSimdGemm[] = {WNN_TILE(5, 8), WNN_TILE(2, 16), WNN_TILE(4, 8), WNN_TILE(4, 16)};
#endif
#undef WNN_TILE
#endif
constexpr size_t kWideMaxK = 576, kWideMinPixels = 64;  // short_sum_gemm()'s rule, measured above
#if !defined(WNN_CORE_KERNELS_ONLY)
const GemmConfig kScalarGemm{"f32_gemm_1x8__scalar", 1, 8, f32_gemm_1x8__scalar,
                             im2col_packed__rows};
#endif

}  // namespace

const std::vector<GemmConfig>& gemm_configs() {
  static const std::vector<GemmConfig> all = [] {
    std::vector<GemmConfig> v;
#if defined(__wasm_simd128__)
    v.assign(std::begin(kSimdGemm), std::end(kSimdGemm));
#endif
#if !defined(WNN_CORE_KERNELS_ONLY)
    v.push_back(kScalarGemm);
#endif
    return v;
  }();
  return all;
}

// Under kWideMinPixels pixels, the wide tile only where its last panel is more than half full
// (N mod 16 = 0 or > 8 for 2x16): Node, 2026-12-04, [M, N, K] GEMMs 5x8 against 2x16, us, four
// rounds: [64, 16, 192] 10.7-12.4 / 9.1-10.3, [64, 24, 192] 15.7-18.6 / 18.3-24.6, [64, 32, 256]
// 27.7-28.2 / 23.9-26.2, [64, 40, 256] 34.7-36.1 / 36.2-38.0, [64, 48, 320] 52.3-54.6 /
// 44.9-46.3; TextCNN's convs over 60-62 positions 0.185 / 0.170 ms in Chromium, 0.200 / 0.180 in
// Firefox, 0.220 / 0.200 in WebKit (e2e/tiles.mjs, 5x8+2x16 against 2x16 alone).
const GemmConfig& KernelConfig::short_sum_gemm(size_t K, size_t N) const {
  if (!gemm_wide || K > kWideMaxK) return gemm;
  const size_t last_panel = N % gemm_wide->nr;
  return N >= kWideMinPixels || last_panel == 0 || 2 * last_panel > gemm_wide->nr ? *gemm_wide
                                                                                  : gemm;
}

const GemmConfig* find_gemm_config(const std::string& name) {
  for (const GemmConfig& g : gemm_configs())
    if (name == g.name) return &g;
  return nullptr;
}

const KernelConfig* reference_kernels() {
#if defined(WNN_CORE_KERNELS_ONLY)
  return nullptr;
#else
  return &scalar_kernels();
#endif
}

#if !defined(WNN_CORE_KERNELS_ONLY)
const KernelConfig& scalar_kernels() {
  static const KernelConfig config{
      "scalar",
      kScalarGemm,
      f32_dwconv__scalar,
      {f32_relu__scalar, f32_sigmoid__scalar, f32_tanh__scalar, f32_exp__scalar,
       f32_leaky_relu__scalar, f32_clip__scalar,
#define WNN_UNARY_ENTRY(name) f32_##name##__scalar,
       WNN_MATH_UNARY_KERNELS(WNN_UNARY_ENTRY)
#undef WNN_UNARY_ENTRY
           f32_hard_sigmoid__scalar,
       f32_elu__scalar,
#define WNN_PARAM_ENTRY(name) f32_##name##__scalar,
       WNN_PARAM_UNARY_KERNELS(WNN_PARAM_ENTRY)
#undef WNN_PARAM_ENTRY
      },
      f32_binary__scalar,
      {f32_maxpool__scalar, f32_avgpool__scalar, f32_global_avgpool__scalar},
      f32_batch_norm__scalar,
      {f32_softmax_rows__scalar, f32_softmax_strided__scalar, f32_log_softmax_rows__scalar,
       f32_log_softmax_strided__scalar},
      {f32_layer_norm__scalar, f32_instance_norm__scalar},
      nullptr,
      qgemm_1x8__scalar,
      {winograd_f2x3_input__scalar, winograd_f2x3_output__scalar},
  };
  return config;
}
#endif

const KernelConfig& default_kernels() {
#if defined(__wasm_simd128__)
  static const KernelConfig config{
      "wasmsimd",
      kSimdGemm[0],
      f32_dwconv__wasmsimd,
      {f32_relu__wasmsimd, f32_sigmoid__wasmsimd, f32_tanh__wasmsimd, f32_exp__wasmsimd,
       f32_leaky_relu__wasmsimd, f32_clip__wasmsimd,
#define WNN_UNARY_ENTRY(name) f32_##name##__wasmsimd,
       WNN_MATH_UNARY_KERNELS(WNN_UNARY_ENTRY)
#undef WNN_UNARY_ENTRY
           f32_hard_sigmoid__wasmsimd,
       f32_elu__wasmsimd,
#define WNN_PARAM_ENTRY(name) f32_##name##__wasmsimd,
       WNN_PARAM_UNARY_KERNELS(WNN_PARAM_ENTRY)
#undef WNN_PARAM_ENTRY
      },
      f32_binary__wasmsimd,
      {f32_maxpool__wasmsimd, f32_avgpool__wasmsimd, f32_global_avgpool__wasmsimd},
      f32_batch_norm__wasmsimd,
      {f32_softmax_rows__wasmsimd, f32_softmax_strided__wasmsimd, f32_log_softmax_rows__wasmsimd,
       f32_log_softmax_strided__wasmsimd},
      {f32_layer_norm__wasmsimd, f32_instance_norm__wasmsimd},
      &kSimdGemm[1],
      qgemm_4x8__wasmsimd,
      {winograd_f2x3_input__wasmsimd, winograd_f2x3_output__wasmsimd},
      transpose32__wasmsimd,
      f32_extreme_run__wasmsimd,
  };
  return config;
#else
  return scalar_kernels();
#endif
}

}  // namespace wnn::kernels
