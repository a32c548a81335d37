// Element type conversion between float32, float16, int64, int32, uint8, int8 and bool, and from
// bfloat16 (scalar: Cast is rare in a model's hot path). Every input has a defined result, so no
// value can trap:
//   float -> integer  truncates toward zero (as ONNX Runtime); NaN -> 0; values beyond the
//                     target's range saturate to its lowest / max (ORT leaves these undefined)
//   integer -> narrower integer  keeps the low bits (two's-complement wrap, as ORT and numpy)
//   integer -> float  rounds to nearest even
//   anything -> bool  x != 0 (so NaN -> true, as numpy and ORT);  bool -> anything: 0 or 1
//   float16, bfloat16 -> anything  through float32 (exact), then as float32
//   anything -> float16  through float32 (exact for every input that does not overflow float16),
//                        then rounded to nearest even (core/float16.h: subnormals, inf, NaN kept)
// Nothing converts to bfloat16: ONNX's rounding for it changed (its 1.12 tests truncate, onnx
// 1.14+ and ONNX Runtime round to nearest even), so Cast refuses it rather than pick one.
#pragma once
#include <cstddef>

#include "wnn/core/dtype.h"

namespace wnn::kernels {

using CastFn = void (*)(size_t n, const void* x, void* y);

// nullptr when the conversion is not one of the above.
CastFn cast_kernel(DType from, DType to);

// y[i] = y[i] rounded to the nearest float16 (ties to even) and back: a Cast to float16 inside a
// graph that keeps float16 values in float32 (graph/passes/float16_in_float32.h).
void round_to_float16(size_t n, float* y);

}  // namespace wnn::kernels
