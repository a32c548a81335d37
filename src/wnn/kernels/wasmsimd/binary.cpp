// float32 binary runs, wasm SIMD128: 8 floats per iteration (two independent vectors), then 4,
// then one at a time. Add/Sub/Mul/Div are one IEEE operation per element; Min, Max, Pow and
// PRelu the per-lane definitions of kernels/eltwise_math.h: the same bits as the scalar
// reference.
#if defined(__wasm_simd128__)
#include "wnn/kernels/binary.h"

#include <wasm_simd128.h>

#include "wnn/kernels/eltwise_math.h"
#include "wnn/kernels/scalar/lanes_scalar.h"
#include "wnn/kernels/wasmsimd/lanes_simd128.h"

namespace wnn::kernels {
namespace {

struct Add {
  static v128_t v(v128_t a, v128_t b) { return wasm_f32x4_add(a, b); }
  static float s(float a, float b) { return a + b; }
};
struct Sub {
  static v128_t v(v128_t a, v128_t b) { return wasm_f32x4_sub(a, b); }
  static float s(float a, float b) { return a - b; }
};
struct Mul {
  static v128_t v(v128_t a, v128_t b) { return wasm_f32x4_mul(a, b); }
  static float s(float a, float b) { return a * b; }
};
struct Div {
  static v128_t v(v128_t a, v128_t b) { return wasm_f32x4_div(a, b); }
  static float s(float a, float b) { return a / b; }
};
#define WNN_ELTWISE_BINARY(Name, fn, kInline)                                               \
  struct Name {                                                                             \
    kInline static v128_t v(v128_t a, v128_t b) { return eltwise::fn<Simd128Lanes>(a, b); } \
    kInline static float s(float a, float b) { return eltwise::fn<ScalarLanes>(a, b); }     \
  };
WNN_ELTWISE_BINARY(Min, min, )
WNN_ELTWISE_BINARY(Max, max, )
// Pow's body (exp, log and the special cases) is ~1 KB of code: inlined into the unrolled loop
// of each broadcast form it would be 12 copies; a call per 4 elements costs nothing beside it.
WNN_ELTWISE_BINARY(Pow, pow, __attribute__((noinline)))
WNN_ELTWISE_BINARY(PRelu, prelu, )
#undef WNN_ELTWISE_BINARY

// kAStep / kBStep: 1 for a vector operand, 0 for a broadcast scalar.
template <class Op, size_t kAStep, size_t kBStep>
void run(size_t n, const float* a, const float* b, float* y) {
  if (n == 0) return;
  const v128_t sa = kAStep ? wasm_f32x4_splat(0.0f) : wasm_v128_load32_splat(a);
  const v128_t sb = kBStep ? wasm_f32x4_splat(0.0f) : wasm_v128_load32_splat(b);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t a0 = kAStep ? wasm_v128_load(a + i) : sa;
    const v128_t a1 = kAStep ? wasm_v128_load(a + i + 4) : sa;
    const v128_t b0 = kBStep ? wasm_v128_load(b + i) : sb;
    const v128_t b1 = kBStep ? wasm_v128_load(b + i + 4) : sb;
    wasm_v128_store(y + i, Op::v(a0, b0));
    wasm_v128_store(y + i + 4, Op::v(a1, b1));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t a0 = kAStep ? wasm_v128_load(a + i) : sa;
    const v128_t b0 = kBStep ? wasm_v128_load(b + i) : sb;
    wasm_v128_store(y + i, Op::v(a0, b0));
  }
  for (; i < n; ++i) y[i] = Op::s(a[i * kAStep], b[i * kBStep]);
}

template <class Op>
BinaryKernels<float> table() {
  return {run<Op, 1, 1>, run<Op, 1, 0>, run<Op, 0, 1>};
}

}  // namespace

BinaryKernels<float> f32_binary__wasmsimd(BinaryOpKind op) {
  switch (op) {
    case BinaryOpKind::kAdd: return table<Add>();
    case BinaryOpKind::kSub: return table<Sub>();
    case BinaryOpKind::kMul: return table<Mul>();
    case BinaryOpKind::kDiv: return table<Div>();
    case BinaryOpKind::kMin: return table<Min>();
    case BinaryOpKind::kMax: return table<Max>();
    case BinaryOpKind::kPow: return table<Pow>();
    case BinaryOpKind::kPRelu: return table<PRelu>();
  }
  return {};
}

}  // namespace wnn::kernels
#endif
