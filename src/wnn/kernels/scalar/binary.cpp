// float32 Add/Sub/Mul/Div runs, scalar reference.
#include "wnn/kernels/binary.h"

namespace wnn::kernels {
namespace {

struct AddF {
  static float f(float a, float b) { return a + b; }
};
struct SubF {
  static float f(float a, float b) { return a - b; }
};
struct MulF {
  static float f(float a, float b) { return a * b; }
};
struct DivF {
  static float f(float a, float b) { return a / b; }
};

template <class Op>
void vv(size_t n, const float* a, const float* b, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = Op::f(a[i], b[i]);
}
template <class Op>
void vs(size_t n, const float* a, const float* b, float* y) {
  const float s = b[0];
  for (size_t i = 0; i < n; ++i) y[i] = Op::f(a[i], s);
}
template <class Op>
void sv(size_t n, const float* a, const float* b, float* y) {
  const float s = a[0];
  for (size_t i = 0; i < n; ++i) y[i] = Op::f(s, b[i]);
}
template <class Op>
BinaryKernels<float> table() {
  return {vv<Op>, vs<Op>, sv<Op>};
}

}  // namespace

BinaryKernels<float> f32_binary__scalar(BinaryOpKind op) {
  switch (op) {
    case BinaryOpKind::kAdd: return table<AddF>();
    case BinaryOpKind::kSub: return table<SubF>();
    case BinaryOpKind::kMul: return table<MulF>();
    case BinaryOpKind::kDiv: return table<DivF>();
  }
  return {};
}

}  // namespace wnn::kernels
