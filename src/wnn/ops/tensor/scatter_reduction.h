// The reduction attribute ScatterND and ScatterElements share: how an update combines with the
// element it lands on (replace; add and mul from opset 16; max and min from opset 18).
#pragma once
#include <cstddef>

#include "wnn/ops/op.h"

namespace wnn {

enum class ScatterReduction { kNone, kAdd, kMul, kMax, kMin };

// Parses the node's `reduction` attribute, refusing a value its opset does not define.
Expected<ScatterReduction> parse_scatter_reduction(const OpContext& ctx);

// A reduction on bool data is refused (ONNX defines none for it).
Status check_scatter_dtypes(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                            ScatterReduction r);

// dst[i] = combine(dst[i], src[i]) for `count` elements of type `t`; kNone copies the bytes.
void scatter_combine(ScatterReduction r, DType t, void* dst, const void* src, size_t count);

}  // namespace wnn
