// Which kernels a session runs: SIMD128 where the build has them, or the scalar reference (an
// investigator can force it to see whether a difference is the SIMD path's). Each op picks its
// own kernel with select_kernel, so adding an op family touches no central table.
#pragma once

namespace wnn::kernels {

struct KernelSet {
  const char* name;  // "wasmsimd" or "scalar"
  bool simd;
};

const KernelSet& scalar_kernels();
const KernelSet& default_kernels();  // "wasmsimd" in SIMD builds, else "scalar"

// The SIMD kernel when the set asks for SIMD and the build has one, else the scalar reference.
template <typename Fn>
Fn select_kernel(const KernelSet& set, Fn scalar, Fn simd) {
  return set.simd && simd ? simd : scalar;
}

}  // namespace wnn::kernels

// Names a SIMD128 kernel in SIMD builds and nothing (nullptr) in others:
//   select_kernel(ctx.kernels, f32_relu__scalar, WNN_SIMD(f32_relu__wasmsimd))
#if defined(__wasm_simd128__)
#define WNN_SIMD(fn) (fn)
#else
#define WNN_SIMD(fn) (nullptr)
#endif
