#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

GemmEpilogue& GemmEpilogue::push(const EpilogueOp& op) {
  if (count < kMaxOps) ops[count++] = op;
  return *this;
}

GemmEpilogue GemmEpilogue::at(size_t m0, size_t n0) const {
  GemmEpilogue e = *this;
  for (size_t i = 0; i < e.count; ++i) {
    EpilogueOp& op = e.ops[i];
    switch (op.kind) {
      case EpilogueOp::Kind::kAddRowBias: op.data += m0; break;
      case EpilogueOp::Kind::kAddColumnBias: op.data += n0; break;
      case EpilogueOp::Kind::kAddMatrix: op.data += m0 * op.ld + n0; break;
      case EpilogueOp::Kind::kActivation: break;
    }
  }
  return e;
}

float GemmEpilogue::apply(float acc, size_t m, size_t n) const {
  for (size_t i = 0; i < count; ++i) {
    const EpilogueOp& op = ops[i];
    switch (op.kind) {
      case EpilogueOp::Kind::kAddRowBias: acc += op.data[m]; break;
      case EpilogueOp::Kind::kAddColumnBias: acc += op.data[n]; break;
      case EpilogueOp::Kind::kAddMatrix: acc += op.data[m * op.ld + n]; break;
      case EpilogueOp::Kind::kActivation: acc = op.activation.apply(acc); break;
    }
  }
  return acc;
}

}  // namespace wnn::kernels
