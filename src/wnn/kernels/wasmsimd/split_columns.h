// A row split into its even columns, then its odd ones: the layout in which stride-2 depthwise
// taps and Winograd's 4x4 input tiles read four consecutive floats per vector load, and im2col
// copies a stride-2 window's runs.
#pragma once
#if defined(__wasm_simd128__)
#include <cstdint>

namespace wnn::kernels {

// Row `src` (2 * half floats) split into its even columns at dst, its odd at dst + half. One
// copy of the code for its three users (not inline: 0.7 KB gzip less for core-mt, measured
// 2026-12-05 with im2col as its third user; one call per row).
void split_columns(const float* src, int64_t half, float* dst);

}  // namespace wnn::kernels
#endif
