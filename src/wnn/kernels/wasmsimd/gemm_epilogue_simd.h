// The GEMM epilogue list (kernels/gemm.h) on one row of a SIMD tile: NV vectors covering 4*NV
// columns of which `live` are inside C. Same operations in the same order as
// GemmEpilogue::apply, so every tile size agrees with the scalar reference bit for bit.
#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "wnn/kernels/gemm.h"
#include "wnn/kernels/wasmsimd/activation_simd.h"

namespace wnn::kernels {

// The first n (0-3) floats at p in a vector whose other lanes are 0, and the first n lanes of v
// stored at p: lane loads and stores, never a float past the n (a call to memcpy costs more).
inline v128_t load_partial(const float* p, size_t n) {
  switch (n) {
    case 3: return wasm_v128_load32_lane(p + 2, wasm_v128_load64_zero(p), 2);
    case 2: return wasm_v128_load64_zero(p);
    case 1: return wasm_v128_load32_zero(p);
    default: return wasm_f32x4_splat(0.0f);
  }
}
inline void store_partial(float* p, v128_t v, size_t n) {
  switch (n) {
    case 3:
      wasm_v128_store64_lane(p, v, 0);
      wasm_v128_store32_lane(p + 2, v, 2);
      break;
    case 2: wasm_v128_store64_lane(p, v, 0); break;
    case 1: wasm_v128_store32_lane(p, v, 0); break;
    default: break;
  }
}

// Loads 4*NV floats from `p`, of which only the first `live` may be read (the rest are 0).
template <size_t NV>
inline void load_row(const float* p, size_t live, v128_t* v) {
  if (live == 4 * NV) {
    for (size_t j = 0; j < NV; ++j) v[j] = wasm_v128_load(p + 4 * j);
    return;
  }
  size_t j = 0;
  for (; j < NV && 4 * j + 4 <= live; ++j) v[j] = wasm_v128_load(p + 4 * j);
  if (j < NV) v[j] = load_partial(p + 4 * j, live - 4 * j), ++j;
  for (; j < NV; ++j) v[j] = wasm_f32x4_splat(0.0f);
}

template <size_t NV>
inline void store_row(float* p, size_t live, const v128_t* v) {
  if (live == 4 * NV) {
    for (size_t j = 0; j < NV; ++j) wasm_v128_store(p + 4 * j, v[j]);
    return;
  }
  size_t j = 0;
  for (; j < NV && 4 * j + 4 <= live; ++j) wasm_v128_store(p + 4 * j, v[j]);
  if (j < NV) store_partial(p + 4 * j, v[j], live - 4 * j);
}

inline v128_t activate_simd(const Activation& a, v128_t x) {
  switch (a.kind) {
    case Activation::Kind::kRelu: return relu_keep_nan(x);
    case Activation::Kind::kClip:
      return clip_keep_nan(x, wasm_f32x4_splat(a.lo), wasm_f32x4_splat(a.hi));
    default: return x;
  }
}

// Row `m` of C (relative to the epilogue's block), columns [n0, n0 + live).
template <size_t NV>
inline void apply_epilogue_row(const GemmEpilogue& ep, size_t m, size_t live, v128_t* acc,
                               size_t n0 = 0) {
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
        load_row<NV>(op.data + n0, live, add);
        for (size_t j = 0; j < NV; ++j) acc[j] = wasm_f32x4_add(acc[j], add[j]);
        break;
      case EpilogueOp::Kind::kAddMatrix:
        load_row<NV>(op.data + m * op.ld + n0, live, add);
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
