// The GEMM epilogue list (kernels/gemm.h) on one row of a SIMD tile: NV vectors covering 4*NV
// columns of which `live` are inside C. Same operations in the same order as
// GemmEpilogue::apply, so every tile size agrees with the scalar reference bit for bit.
#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "wnn/kernels/gemm.h"
#include "wnn/kernels/wasmsimd/activation_simd.h"

namespace wnn::kernels {

// Loads 4*NV floats from `p`, of which only the first `live` may be read.
template <size_t NV>
inline void load_row(const float* p, size_t live, v128_t* v) {
  if (live == 4 * NV) {
    for (size_t j = 0; j < NV; ++j) v[j] = wasm_v128_load(p + 4 * j);
    return;
  }
  alignas(16) float tmp[4 * NV] = {};
  for (size_t j = 0; j < live; ++j) tmp[j] = p[j];
  for (size_t j = 0; j < NV; ++j) v[j] = wasm_v128_load(tmp + 4 * j);
}

template <size_t NV>
inline void store_row(float* p, size_t live, const v128_t* v) {
  if (live == 4 * NV) {
    for (size_t j = 0; j < NV; ++j) wasm_v128_store(p + 4 * j, v[j]);
    return;
  }
  alignas(16) float tmp[4 * NV];
  for (size_t j = 0; j < NV; ++j) wasm_v128_store(tmp + 4 * j, v[j]);
  for (size_t j = 0; j < live; ++j) p[j] = tmp[j];
}

inline v128_t activate_simd(const Activation& a, v128_t x) {
  switch (a.kind) {
    case Activation::Kind::kRelu: return relu_keep_nan(x);
    case Activation::Kind::kClip: {
      const v128_t lo = wasm_f32x4_splat(a.lo), hi = wasm_f32x4_splat(a.hi);
      const v128_t v = wasm_v128_bitselect(lo, x, wasm_f32x4_lt(x, lo));
      return wasm_v128_bitselect(hi, v, wasm_f32x4_gt(v, hi));
    }
    default: return x;
  }
}

// Row `m` of C (relative to the epilogue's block), columns [0, live).
template <size_t NV>
inline void apply_epilogue_row(const GemmEpilogue& ep, size_t m, size_t live, v128_t* acc) {
  for (size_t i = 0; i < ep.count; ++i) {
    const EpilogueOp& op = ep.ops[i];
    v128_t add[NV];
    switch (op.kind) {
      case EpilogueOp::Kind::kAddRowBias: {
        const v128_t b = wasm_v128_load32_splat(op.data + m);
        for (size_t j = 0; j < NV; ++j) acc[j] = wasm_f32x4_add(acc[j], b);
        break;
      }
      case EpilogueOp::Kind::kAddColumnBias:
        load_row<NV>(op.data, live, add);
        for (size_t j = 0; j < NV; ++j) acc[j] = wasm_f32x4_add(acc[j], add[j]);
        break;
      case EpilogueOp::Kind::kAddMatrix:
        load_row<NV>(op.data + m * op.ld, live, add);
        for (size_t j = 0; j < NV; ++j) acc[j] = wasm_f32x4_add(acc[j], add[j]);
        break;
      case EpilogueOp::Kind::kActivation:
        for (size_t j = 0; j < NV; ++j) acc[j] = activate_simd(op.activation, acc[j]);
        break;
    }
  }
}

}  // namespace wnn::kernels
#endif
