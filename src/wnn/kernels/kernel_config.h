// Which kernel runs each kind of work, chosen in one place (like XNNPACK's src/configs): one
// entry per kernel family, filled once per build. A session runs either the build's best
// kernels ("wasmsimd" in SIMD builds) or the scalar references they match bit for bit (an
// investigator forces those to see whether a difference is the SIMD path's). Ops ask the table;
// adding a GEMM tile is one line here plus the kernel's file.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "wnn/kernels/activation.h"
#include "wnn/kernels/avg_pool.h"
#include "wnn/kernels/batch_norm.h"
#include "wnn/kernels/binary.h"
#include "wnn/kernels/dwconv.h"
#include "wnn/kernels/gemm.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/pool.h"
#include "wnn/kernels/qgemm.h"
#include "wnn/kernels/reduce.h"
#include "wnn/kernels/row_norm.h"
#include "wnn/kernels/softmax.h"
#include "wnn/kernels/strided_copy.h"
#include "wnn/kernels/winograd.h"

namespace wnn::kernels {

// A GEMM microkernel and the layout of the packed B it reads.
struct GemmConfig {
  const char* name;  // e.g. "f32_gemm_4x8__wasmsimd"
  size_t mr, nr;     // tile: rows of A x columns of packed B per microkernel call
  GemmFn gemm;       // any M x N, tiles of mr x nr
  Im2ColFn im2col;   // convolution columns straight into panels of nr

  size_t packed_b_floats(size_t K, size_t N) const { return gemm_packed_b_floats(K, N, nr); }
  void pack_b(size_t K, size_t N, const float* B, size_t ldb, float* packed) const {
    pack_gemm_b(K, N, B, ldb, nr, packed);
  }
  void pack_b_transposed(size_t K, size_t N, const float* Bt, size_t ldbt, float* packed) const {
    pack_gemm_b_transposed(K, N, Bt, ldbt, nr, packed);
  }
  void pack_b_transposed_in_place(size_t K, size_t N, float* Bt) const {
    pack_gemm_b_transposed_in_place(K, N, nr, Bt);
  }
};

struct UnaryConfig {
  UnaryFn relu, sigmoid, tanh, exp;
  LeakyReluFn leaky_relu;
  ClipFn clip;
#define WNN_UNARY_FIELD(name) UnaryFn name;
  WNN_MATH_UNARY_KERNELS(WNN_UNARY_FIELD)
#undef WNN_UNARY_FIELD
  UnaryParamFn hard_sigmoid, elu;
#define WNN_PARAM_FIELD(name) UnaryParamFn name;
  WNN_PARAM_UNARY_KERNELS(WNN_PARAM_FIELD)
#undef WNN_PARAM_FIELD
};

struct PoolConfig {
  MaxPoolFn max;
  AvgPoolFn average;
  GlobalPoolFn global_average;
};

struct SoftmaxConfig {
  SoftmaxRowsFn rows;
  SoftmaxStridedFn strided;
  SoftmaxRowsFn log_rows;  // LogSoftmax, the same layouts
  SoftmaxStridedFn log_strided;
};

struct RowNormConfig {
  LayerNormFn layer;
  InstanceNormFn instance;
};

// Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions (kernels/winograd.h); the GEMMs between
// its transforms are the config's.
struct WinogradConfig {
  WinogradInputFn input = nullptr;  // nullptr: no Winograd (SessionOptions::winograd off)
  WinogradOutputFn output = nullptr;
};

struct KernelConfig {
  const char* name;  // "wasmsimd" or "scalar"
  GemmConfig gemm;   // every GEMM, unless short_sum_gemm() picks gemm_wide
  DwConvFn dwconv;
  UnaryConfig unary;
  F32BinaryKernelsFn binary;
  PoolConfig pool;
  BatchNormFn batch_norm;
  SoftmaxConfig softmax;
  RowNormConfig row_norm;
  // A second tile for GEMMs with short sums over well-filled panels (short_sum_gemm(); nullptr:
  // none).
  const GemmConfig* gemm_wide = nullptr;
  // The exact int32 GEMM of the integer quantized ops (kernels/qgemm.h).
  QGemmFn qgemm = nullptr;
  WinogradConfig winograd = {};  // {nullptr, nullptr}: no Winograd path
  // The 2-D transposes of Transpose and its kin (kernels/strided_copy.h); nullptr: the plain
  // strided walk (the scalar reference).
  Transpose32Fn transpose32 = nullptr;
  // Float ReduceMax's and ReduceMin's runs along the innermost axis (kernels/reduce.h); nullptr:
  // the sequential loop (the scalar reference).
  F32ExtremeRunFn extreme_run = nullptr;

  // The tile for a GEMM summing K products per output over N columns of B (a convolution's
  // output pixels, an RNN's gates): the wide one for short sums over well-filled panels.
  const GemmConfig& short_sum_gemm(size_t K, size_t N) const;
  // The tile for a GEMM whose A has a row or two (an RNN's recurrent step at batch 1): the wide
  // one, whose single row keeps 4 accumulator chains where 5x8's keeps 2.
  const GemmConfig& few_rows_gemm() const { return gemm_wide ? *gemm_wide : gemm; }
};

const KernelConfig& scalar_kernels();
const KernelConfig& default_kernels();  // "wasmsimd" in SIMD builds, else "scalar"
// The scalar reference kernels where the build has them; nullptr in the browser's core modules
// (compiled with WNN_CORE_KERNELS_ONLY), which leave them and the non-default tiles to the
// extended build.
const KernelConfig* reference_kernels();

// Every GEMM tile the build has (the default's first), to measure one against another.
const std::vector<GemmConfig>& gemm_configs();
const GemmConfig* find_gemm_config(const std::string& name);  // nullptr if the build lacks it

}  // namespace wnn::kernels
