// What the integer ops (MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv) share: where
// each 8-bit operand's data, zero point and scale are among the node's inputs, their checks,
// and the views the integer GEMM (kernels/qgemm.h) reads them through.
#pragma once
#include <string>
#include <vector>

#include "wnn/kernels/qgemm.h"
#include "wnn/ops/op.h"

namespace wnn {

// Input indices of one operand; -1 where the op has no such input.
struct QOperand {
  int data = -1, scale = -1, zero = -1;
  const char* name = "";  // as ONNX names it: "a", "x", "w", "y"

  bool has(const std::vector<TensorDesc>& in, int i) const {
    return i >= 0 && static_cast<size_t>(i) < in.size() && !in[i].omitted();
  }
};

// The operand's scale (float32) and zero point (the data's type: int8 or uint8) hold one value
// or, when `per_count` > 1, `per_count` values (per row, column or channel as the op says; a
// zero point may also hold `alt_count` values when that is not 0). A missing zero point is 0.
// `data_dtype` is the data's type (for y: the output's, from its zero point).
Status check_q8_operand(const OpLabel& label, const std::vector<TensorDesc>& in, const QOperand& q,
                        DType data_dtype, int64_t per_count, int64_t alt_count = 0);
bool is_q8(DType t);

// The operand at run: data and zero point from the inputs (`data` overrides the input's, e.g. a
// prepacked constant's absence is fine for the zero point alone).
kernels::Q8View q8_view(const RunArgs& a, const std::vector<TensorDesc>& in, const QOperand& q);

}  // namespace wnn
