// float32 binary runs (Add, Sub, Mul, Div, Min, Max, Pow, PRelu), scalar reference.
#include "wnn/kernels/binary.h"

#include "wnn/kernels/eltwise_math.h"
#include "wnn/kernels/scalar/lanes_scalar.h"

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
struct MinF {
  static float f(float a, float b) { return eltwise::min<ScalarLanes>(a, b); }
};
struct MaxF {
  static float f(float a, float b) { return eltwise::max<ScalarLanes>(a, b); }
};
struct PowF {  // not inlined: its body is large, and each of the three forms would copy it
  __attribute__((noinline)) static float f(float a, float b) {
    return eltwise::pow<ScalarLanes>(a, b);
  }
};
struct PReluF {
  static float f(float a, float b) { return eltwise::prelu<ScalarLanes>(a, b); }
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
    case BinaryOpKind::kMin: return table<MinF>();
    case BinaryOpKind::kMax: return table<MaxF>();
    case BinaryOpKind::kPow: return table<PowF>();
    case BinaryOpKind::kPRelu: return table<PReluF>();
  }
  return {};
}

float f32_pow_one(float x, float y) { return PowF::f(x, y); }

}  // namespace wnn::kernels
