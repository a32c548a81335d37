// Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh on float32: C's float functions, one table
// of them and one loop. kernels/vec_math.h has no polynomial for these, and they are rare in
// models, so there is no SIMD kernel: both builds run this loop (the wasm module carries its own
// libm, so every browser computes the same bits). NaN inputs come back unchanged; NaN made from
// numbers (asin(2), acosh(0.5)) is vec_math::kQuietNaNBits, not the engine's choice of NaN.
#include <cmath>
#include <cstring>

#include "wnn/kernels/vec_math.h"
#include "wnn/ops/math/unary_op.h"

namespace wnn {
namespace {

template <float (*kFn)(float)>
void apply(size_t n, const float* x, float* y) {
  const uint32_t quiet = kernels::vec_math::kQuietNaNBits;
  for (size_t i = 0; i < n; ++i) {
    const float v = kFn(x[i]);
    if (v != v && x[i] == x[i])
      std::memcpy(&y[i], &quiet, sizeof quiet);
    else
      y[i] = v != v ? x[i] : v;
  }
}

}  // namespace

#define WNN_LIBM_UNARY(op, fn)                                      \
  Expected<std::unique_ptr<Op>> create_##op(const OpContext& ctx) { \
    return std::unique_ptr<Op>(new UnaryFloatOp(ctx, apply<::fn>)); \
  }
WNN_LIBM_UNARY(asin, asinf)
WNN_LIBM_UNARY(acos, acosf)
WNN_LIBM_UNARY(atan, atanf)
WNN_LIBM_UNARY(sinh, sinhf)
WNN_LIBM_UNARY(cosh, coshf)
WNN_LIBM_UNARY(asinh, asinhf)
WNN_LIBM_UNARY(acosh, acoshf)
WNN_LIBM_UNARY(atanh, atanhf)
#undef WNN_LIBM_UNARY

}  // namespace wnn
