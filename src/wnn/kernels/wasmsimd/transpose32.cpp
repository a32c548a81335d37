// The 2-D transpose of 4-byte elements (kernels/strided_copy.h), wasm SIMD128. The plain walk
// reads one element per strided load; here four columns of four rows are read as four vectors,
// transposed by shuffles and written as four vectors of four rows. Node, 2026-12-05: a 64x64
// float transpose (TextCNN's) 4.5 -> 0.55 us.
#include "wnn/kernels/strided_copy.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace wnn::kernels {
namespace {

// Rows [a, a + rows) of columns [b, cols), one element at a time (the edges: one copy of the
// loop, not vectorized, for download size).
[[gnu::noinline]] void transpose_scalar(size_t a, size_t rows, size_t b, size_t cols,
                                        const uint32_t* in, size_t stride, uint32_t* out) {
  for (size_t r = a; r < a + rows; ++r) {
#pragma clang loop vectorize(disable)
    for (size_t c = b; c < cols; ++c) out[r * cols + c] = in[r + c * stride];
  }
}

// Three rows read as interleaved triples (stride 3: an RGB image's pixels), four columns (12
// elements, three vectors) per step.
void transpose_triples(size_t cols, const uint32_t* in, uint32_t* out) {
  size_t b = 0;
  for (; b + 4 <= cols; b += 4) {
    const v128_t v0 = wasm_v128_load(in + 3 * b);      // 0 1 2 3
    const v128_t v1 = wasm_v128_load(in + 3 * b + 4);  // 4 5 6 7
    const v128_t v2 = wasm_v128_load(in + 3 * b + 8);  // 8 9 10 11
    const v128_t r = wasm_i32x4_shuffle(wasm_i32x4_shuffle(v0, v1, 0, 3, 6, 0), v2, 0, 1, 2, 5);
    const v128_t g = wasm_i32x4_shuffle(wasm_i32x4_shuffle(v0, v1, 1, 4, 7, 0), v2, 0, 1, 2, 6);
    const v128_t bl = wasm_i32x4_shuffle(wasm_i32x4_shuffle(v0, v1, 2, 5, 0, 0), v2, 0, 1, 4, 7);
    wasm_v128_store(out + b, r);
    wasm_v128_store(out + cols + b, g);
    wasm_v128_store(out + 2 * cols + b, bl);
  }
  transpose_scalar(0, 3, b, cols, in, 3, out);
}

}  // namespace

void transpose32__wasmsimd(size_t rows, size_t cols, const uint32_t* in, size_t stride,
                           uint32_t* out) {
  if (rows == 3 && stride == 3) return transpose_triples(cols, in, out);
  size_t a = 0;
  for (; a + 4 <= rows; a += 4) {
    uint32_t* o = out + a * cols;
    size_t b = 0;
    for (; b + 4 <= cols; b += 4) {
      const uint32_t* p = in + a + b * stride;
      const v128_t c0 = wasm_v128_load(p), c1 = wasm_v128_load(p + stride);
      const v128_t c2 = wasm_v128_load(p + 2 * stride), c3 = wasm_v128_load(p + 3 * stride);
      const v128_t lo01 = wasm_i32x4_shuffle(c0, c1, 0, 4, 1, 5);
      const v128_t hi01 = wasm_i32x4_shuffle(c0, c1, 2, 6, 3, 7);
      const v128_t lo23 = wasm_i32x4_shuffle(c2, c3, 0, 4, 1, 5);
      const v128_t hi23 = wasm_i32x4_shuffle(c2, c3, 2, 6, 3, 7);
      wasm_v128_store(o + b, wasm_i64x2_shuffle(lo01, lo23, 0, 2));
      wasm_v128_store(o + cols + b, wasm_i64x2_shuffle(lo01, lo23, 1, 3));
      wasm_v128_store(o + 2 * cols + b, wasm_i64x2_shuffle(hi01, hi23, 0, 2));
      wasm_v128_store(o + 3 * cols + b, wasm_i64x2_shuffle(hi01, hi23, 1, 3));
    }
    transpose_scalar(a, 4, b, cols, in, stride, out);
  }
  transpose_scalar(a, rows - a, 0, cols, in, stride, out);
}

}  // namespace wnn::kernels
#endif
