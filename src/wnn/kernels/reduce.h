// Reductions (sum, sum of |x|, sum of squares, product, max, min) over any set of axes. The input
// is walked once in memory order, and each output element accumulates its inputs in that order:
// a plain sequential fold, the order the scalar code defines. Float Max and Min hand each run
// along the innermost axis to the KernelConfig's run function (SIMD128: f32_extreme_run), which
// returns what the sequential fold would.
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

// How each output folds its inputs, starting from the fold's identity.
enum class ReduceFold {
  kSum,        // acc + x, from +0
  kSumAbs,     // acc + |x|, from +0
  kSumSquare,  // acc + x * x, from +0
  kProd,       // acc * x, from 1
  kMax,        // NaN wins once seen; -inf (or the type's lowest) for an empty reduction
  kMin,        // NaN wins once seen; +inf (or the type's highest) for an empty reduction
};

// One run of n floats folded into acc by Max (max true) or Min, as the sequential fold does: the
// first NaN wins, and of equal values (+0 and -0) the first.
using F32ExtremeRunFn = float (*)(bool max, float acc, const float* in, size_t n);
float f32_extreme_run__scalar(bool max, float acc, const float* in, size_t n);
// SIMD128: four lanes of max (min), with a flag for NaN; a run with a NaN is folded again by the
// scalar loop, and an extreme of 0 is the run's first zero (its sign is the first zero's).
float f32_extreme_run__wasmsimd(bool max, float acc, const float* in, size_t n);

// `extreme_run` (nullptr: the sequential loop) folds Max's and Min's innermost runs.
void f32_reduce(ReduceFold fold, const float* in, const ReduceView& v, float* out,
                F32ExtremeRunFn extreme_run = nullptr);
void i64_reduce(ReduceFold fold, const int64_t* in, const ReduceView& v, int64_t* out);
void i32_reduce(ReduceFold fold, const int32_t* in, const ReduceView& v, int32_t* out);
// int8 and uint8: Max and Min only (any other fold is taken as Max: callers refuse them first).
void i8_reduce(ReduceFold fold, const int8_t* in, const ReduceView& v, int8_t* out);
void u8_reduce(ReduceFold fold, const uint8_t* in, const ReduceView& v, uint8_t* out);
// out = sum of exp(x - shift[o]) over the inputs of output o, in memory order (exp from
// kernels/vec_math.h): the inner sum of a stable log-sum-exp.
void f32_reduce_sum_exp(const float* in, const ReduceView& v, const float* shift, float* out);

// The old names, kept for callers that fold one way.
inline void f32_reduce_sum(const float* in, const ReduceView& v, float* out) {
  f32_reduce(ReduceFold::kSum, in, v, out);
}
inline void f32_reduce_max(const float* in, const ReduceView& v, float* out) {
  f32_reduce(ReduceFold::kMax, in, v, out);
}

}  // namespace wnn::kernels
