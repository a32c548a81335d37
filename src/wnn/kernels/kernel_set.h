// The kernels a session runs with, picked once at load: SIMD128 where the build has it, or the
// scalar reference (an investigator can force it to see whether a difference is the SIMD path's).
#pragma once
#include "wnn/kernels/activation.h"
#include "wnn/kernels/gemm.h"
#include "wnn/kernels/pool.h"

namespace wnn::kernels {

struct KernelSet {
  const char* name;
  GemmFn gemm;
  MaxPoolFn maxpool;
  UnaryFn relu;
};

const KernelSet& scalar_kernels();
const KernelSet& default_kernels();  // "wasmsimd" in SIMD builds, else "scalar"

}  // namespace wnn::kernels
