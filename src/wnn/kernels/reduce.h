// Reductions (sum, max) over any set of axes. The input is walked once in memory order, and each
// output element accumulates its inputs in that order: a plain sequential sum, the order the
// scalar code defines (there is no SIMD twin).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wnn::kernels {

struct ReduceView {
  std::vector<int64_t> dims;         // input dimensions
  std::vector<int64_t> out_strides;  // output stride per input dimension; 0 where reduced
  int64_t out_elements = 1;
};

// Drops size-1 dimensions and merges neighbours that are both reduced or both kept (plan time:
// it allocates).
ReduceView coalesce(const ReduceView& v);

// out = sum of its inputs, in memory order, starting from +0.
void f32_reduce_sum(const float* in, const ReduceView& v, float* out);
// out = max of its inputs (NaN wins once seen; -inf for an empty reduction).
void f32_reduce_max(const float* in, const ReduceView& v, float* out);
void i64_reduce_max(const int64_t* in, const ReduceView& v, int64_t* out);
void i32_reduce_max(const int32_t* in, const ReduceView& v, int32_t* out);
void i8_reduce_max(const int8_t* in, const ReduceView& v, int8_t* out);
void u8_reduce_max(const uint8_t* in, const ReduceView& v, uint8_t* out);

}  // namespace wnn::kernels
