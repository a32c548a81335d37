// Normalization over rows of n contiguous float32 values (LayerNormalization: the trailing axes
// from `axis`; InstanceNormalization: one channel's spatial plane). Per row:
//   mean = sum(x) / n,  var = sum((x - mean)^2) / n,  inv_std = 1 / sqrt(var + epsilon)
//   y    = ((x - mean) * inv_std) * scale + bias
// The sum order is part of the definition, so that the scalar reference and the SIMD128 kernel
// give the same bits: 4 running sums, element i into sum (i mod 4) for i < n - n % 4, combined
// as (s0 + s1) + (s2 + s3), then the last n % 4 elements added in order. Divisions, not
// multiplications by reciprocals; sqrt is IEEE (correctly rounded in both); no FMA.
// Each call normalizes rows [row_begin, row_end) of the whole tensor (x, y are its base), so a
// task is a range of rows and never splits one row's sums.
#pragma once
#include <cstddef>

namespace wnn::kernels {

struct LayerNormArgs {
  const float* x;
  const float* scale;  // n values, one per position in the row
  const float* bias;   // n values, or nullptr (no bias)
  float epsilon;
  float* y;
  float* mean;     // one per row, or nullptr
  float* inv_std;  // one per row, or nullptr
};

struct InstanceNormArgs {
  const float* x;
  const float* scale;  // one per channel: row r uses scale[r % channels]
  const float* bias;   // one per channel
  size_t channels;
  float epsilon;
  float* y;
};

using LayerNormFn = void (*)(size_t row_begin, size_t row_end, size_t n, const LayerNormArgs& a);
using InstanceNormFn = void (*)(size_t row_begin, size_t row_end, size_t n,
                                const InstanceNormArgs& a);

void f32_layer_norm__scalar(size_t row_begin, size_t row_end, size_t n, const LayerNormArgs& a);
void f32_instance_norm__scalar(size_t row_begin, size_t row_end, size_t n,
                               const InstanceNormArgs& a);
#if defined(__wasm_simd128__)
void f32_layer_norm__wasmsimd(size_t row_begin, size_t row_end, size_t n, const LayerNormArgs& a);
void f32_instance_norm__wasmsimd(size_t row_begin, size_t row_end, size_t n,
                                 const InstanceNormArgs& a);
#endif

}  // namespace wnn::kernels
