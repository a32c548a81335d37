// Exact integer GEMM for the quantized ops (MatMulInteger, ConvInteger, QLinearMatMul,
// QLinearConv):
//
//   C[m, n] = sum_{k=0..K-1} A[m*lda + k] * B[k, n]      in int32, wrapping as ONNX's int32 does
//
// Both operands are int16 holding 8-bit values with their zero point already taken off
// (x - zero_point lies in [-255, 255] for uint8 and int8 alike), so one kernel serves every
// uint8/int8 combination and padding is a plain 0. B is packed as the float GEMM packs it (panels
// of kQGemmNr columns, K rows of kQGemmNr values; columns past N are zero), by qgemm_pack_b for a
// matrix and by im2col_packed_i16__rows for a convolution's columns. Integer sums are exact and
// associative modulo 2^32, so the SIMD kernel (pairwise i16 dot products) gives the scalar
// kernel's bits whatever its order.
#pragma once
#include <cstddef>
#include <cstdint>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

constexpr size_t kQGemmNr = 8;

inline size_t qgemm_packed_b_size(size_t K, size_t N) {  // int16 values
  return (N + kQGemmNr - 1) / kQGemmNr * kQGemmNr * K;
}

// One 8-bit operand: its bytes, whether they are int8 (else uint8), and its zero points
// (`zero_count` of them: 1 for a whole tensor, else one per row or column as the call says;
// index i reads zero point i % zero_count, so [M] zero points serve every batch of A).
struct Q8View {
  const void* data = nullptr;
  bool is_signed = false;
  const void* zero = nullptr;  // nullptr: zero point 0; same type as data
  size_t zero_count = 1;

  int32_t at(size_t i) const {
    return is_signed ? static_cast<const int8_t*>(data)[i] : static_cast<const uint8_t*>(data)[i];
  }
  int32_t zero_at(size_t i) const {
    if (!zero) return 0;
    const size_t z = zero_count == 1 ? 0 : i % zero_count;
    return is_signed ? static_cast<const int8_t*>(zero)[z] : static_cast<const uint8_t*>(zero)[z];
  }
};

// out[r*ldo + k] = x[(first_row + r)*ldx + k] - zero_at(first_row + r) for `rows` rows of K:
// A's rows (one zero point per row, or one for all).
void q8_widen_rows(const Q8View& x, size_t first_row, size_t rows, size_t K, size_t ldx,
                   int16_t* out, size_t ldo);
// Packs B [K, N] (row-major, ldb apart) minus its zero points (one per column, or one for all)
// into panels of kQGemmNr columns.
void qgemm_pack_b(const Q8View& b, size_t K, size_t N, size_t ldb, int16_t* packed);
// im2col (kernels/im2col.h) of an int16 image into the same panels; `scratch` holds
// im2col_scratch_values(channels, w, n_end - n_begin) values.
void im2col_packed_i16__rows(const int16_t* image, size_t channels, const Window2d& w,
                             size_t n_begin, size_t n_end, size_t nr, int16_t* packed,
                             int16_t* scratch);

// C = A x B for any M, N; `packed_b` starts at the panel of column 0 of this call.
using QGemmFn = void (*)(size_t M, size_t N, size_t K, const int16_t* A, size_t lda,
                         const int16_t* packed_b, int32_t* C, size_t ldc);
void qgemm_1x8__scalar(size_t M, size_t N, size_t K, const int16_t* A, size_t lda,
                       const int16_t* packed_b, int32_t* C, size_t ldc);
#if defined(__wasm_simd128__)
void qgemm_4x8__wasmsimd(size_t M, size_t N, size_t K, const int16_t* A, size_t lda,
                         const int16_t* packed_b, int32_t* C, size_t ldc);
#endif

// The QLinear ops' output stage, ONNX Runtime's (MlasRequantizeOutput):
//   y[i] = saturate(round_half_to_even(float(acc[i] + bias) * multiplier) + zero_point),
//   multiplier = scale_a * scale_b[i * scale_b_stride] / scale_y   (float32, in that order)
// scale_b_stride is 0 (one scale for the run) or 1 (one per column). y is int8 when is_signed,
// else uint8.
void requantize(size_t n, const int32_t* acc, int32_t bias, float scale_a, const float* scale_b,
                size_t scale_b_stride, float scale_y, int32_t zero_point, bool is_signed, void* y);

}  // namespace wnn::kernels
