// Element type conversion between float32, int64, int32, uint8, int8 and bool (scalar: Cast is
// rare in a model's hot path). Every input has a defined result, so no value can trap:
//   float -> integer  truncates toward zero (as ONNX Runtime); NaN -> 0; values beyond the
//                     target's range saturate to its lowest / max (ORT leaves these undefined)
//   integer -> narrower integer  keeps the low bits (two's-complement wrap, as ORT and numpy)
//   integer -> float  rounds to nearest even
//   anything -> bool  x != 0 (so NaN -> true, as numpy and ORT);  bool -> anything: 0 or 1
#pragma once
#include <cstddef>

#include "wnn/core/dtype.h"

namespace wnn::kernels {

using CastFn = void (*)(size_t n, const void* x, void* y);

// nullptr when either type is not one of the six above.
CastFn cast_kernel(DType from, DType to);

}  // namespace wnn::kernels
