// Winograd F(2x2, 3x3) for 3x3 convolutions of stride 1 and dilation 1 (Lavin and Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2015): each 2x2 block of outputs ("tile") comes
// from a 4x4 block of input through 16 products per input channel instead of 36, so the
// convolution's multiplications drop 2.25x and no im2col is needed:
//   U[p][m][c] = (G g[m][c] G^T)[p]          weights, once at load (p = 4x4 point, row-major)
//   V[p][c][t] = (B^T d[c][t] B)[p]          input tile t of channel c (4x4, zero padded)
//   M[p][m][t] = sum_c U[p][m][c] V[p][c][t] 16 GEMMs, K = input channels, N = tiles
//   Y[m][t]    = A^T M[.][m][t] A            the 2x2 outputs, then the GEMM epilogue list
// with B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
// A^T = [1 1 1 0; 0 1 -1 -1]. Tiles are numbered row-major over the output: tile (ty, tx) has
// outputs rows 2ty, 2ty+1 and columns 2tx, 2tx+1 (the last row/column of tiles may hang over the
// output's edge; those outputs are not written).
//
// Not the im2col path's bits (a different sum), but its own ones everywhere: every kernel does
// the transforms below with the same operations in the same order, and the GEMMs sum k in order,
// so the scalar and SIMD kernels, every thread count and every browser agree bit for bit.
#pragma once
#include <cstddef>
#include <cstdint>

#include "wnn/kernels/conv_geometry.h"
#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

constexpr size_t kWinogradPoints = 16;  // F(2x2, 3x3): a 4x4 transformed tile

// Whether a convolution's window is one Winograd F(2x2, 3x3) computes: 3x3, stride 1, no dilation.
bool winograd_fits(const Window2d& w);
inline int64_t winograd_tiles_w(const Window2d& w) { return (w.out_w + 1) / 2; }
inline int64_t winograd_tiles(const Window2d& w) { return (w.out_h + 1) / 2 * winograd_tiles_w(w); }

// weights [M][C][3][3] -> U [16][M][C] (each point's matrix is a GEMM's A, rows C floats long).
// Computed in double, rounded once.
void winograd_f2x3_weights(const float* weights, size_t out_channels, size_t in_channels, float* u);

// The distance between two points' matrices of `floats` floats: whole 64-byte lines, an odd
// number of them, so that the 16 matrices a transform reads or writes at once fall in 16
// different cache sets (at a power-of-two distance they share one and evict each other).
size_t winograd_point_stride(size_t floats);

// V of tiles [t_begin, t_end) of `image` ([channels][in_h][in_w]) into 16 matrices, point p's at
// v + p * v_stride (v_stride >= gemm_packed_b_floats(channels, t_end - t_begin, nr)), each
// packed in panels of nr columns (tiles) as gemm.h's B. `scratch` holds
// winograd_input_scratch_floats(w) floats.
using WinogradInputFn = void (*)(const float* image, size_t channels, const Window2d& w,
                                 size_t t_begin, size_t t_end, size_t nr, float* v, size_t v_stride,
                                 float* scratch);
// Y from M: point p's matrix at m + p * m_stride, rows `ldm` floats apart (row r = output
// channel r, column j = tile t_begin + j; ldm >= t_end - t_begin + 3: a kernel may read, not
// use, 3 columns past the tiles). Writes the outputs of those tiles into y ([rows][out_h *
// out_w]) through the epilogue list, whose row r is output channel r and column n = oy*out_w+ox.
using WinogradOutputFn = void (*)(const float* m, size_t m_stride, size_t ldm, size_t rows,
                                  const Window2d& w, size_t t_begin, size_t t_end,
                                  const GemmEpilogue& ep, float* y);

// The SIMD input transform's scratch rows: a padded input row as its even columns, then its odd
// ones, `half` floats each (a tile row's columns and the 4 that vector loads read past them).
inline int64_t winograd_row_half(const Window2d& w) {
  return (winograd_tiles_w(w) + 4 + 3) / 4 * 4;
}
size_t winograd_input_scratch_floats(const Window2d& w);

void winograd_f2x3_input__scalar(const float* image, size_t channels, const Window2d& w,
                                 size_t t_begin, size_t t_end, size_t nr, float* v, size_t v_stride,
                                 float* scratch);
void winograd_f2x3_output__scalar(const float* m, size_t m_stride, size_t ldm, size_t rows,
                                  const Window2d& w, size_t t_begin, size_t t_end,
                                  const GemmEpilogue& ep, float* y);
#if defined(__wasm_simd128__)
// Four tiles of a tile row to a vector: each channel's rows are first copied into scratch as
// their even then odd columns, zero padded, so the four tiles' columns are consecutive floats.
void winograd_f2x3_input__wasmsimd(const float* image, size_t channels, const Window2d& w,
                                   size_t t_begin, size_t t_end, size_t nr, float* v,
                                   size_t v_stride, float* scratch);
void winograd_f2x3_output__wasmsimd(const float* m, size_t m_stride, size_t ldm, size_t rows,
                                    const Window2d& w, size_t t_begin, size_t t_end,
                                    const GemmEpilogue& ep, float* y);
#endif

}  // namespace wnn::kernels
