// Elementwise math functions: Erf, Sqrt, Reciprocal, Floor, Ceil, Round, Log, Sin, Cos, Tan on
// float32 (kernels/eltwise_math.h, scalar + SIMD128); Neg, Abs and Sign on float32 and on the
// integer types (shape arithmetic: int64, int32, int8; Abs and Sign also uint8), wrapping
// (-INT_MIN = INT_MIN, as two's complement); Not on bool. Sign is -1, 0 or 1 (float -0 and +0
// give 0, NaN stays NaN, as numpy.sign).
#include <type_traits>

#include "wnn/ops/math/unary_op.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

template <typename T>
T wrap_neg(T v) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(0) - static_cast<U>(v));
}

enum class SignKind { kNeg, kAbs, kSign };

// Neg, Abs or Sign: the float kernel (Neg, Abs), or a scalar loop (Sign; the integer types).
class SignOp final : public Op {
 public:
  SignOp(const OpContext& ctx, SignKind kind)
      : label_(ctx),
        kind_(kind),
        f32_(kind == SignKind::kAbs ? ctx.kernels.unary.abs : ctx.kernels.unary.neg) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    dtype_ = in[0].dtype;
    const bool takes_unsigned = kind_ != SignKind::kNeg;
    const bool ok = dtype_ == DType::kFloat32 || dtype_ == DType::kInt64 ||
                    dtype_ == DType::kInt32 || dtype_ == DType::kInt8 ||
                    (takes_unsigned && dtype_ == DType::kUInt8);
    if (!ok)
      return label_.error(std::string("input of type ") + dtype_name(dtype_) +
                          " is not supported; supported: float32, int64, int32, int8" +
                          (takes_unsigned ? ", uint8" : ""));
    out = {{dtype_, in[0].shape}};
    needs.compute = split_elements(static_cast<size_t>(in[0].elements()), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    const size_t i0 = t.begin[1], n = t.end[1] - t.begin[1];
    if (dtype_ == DType::kFloat32 && kind_ != SignKind::kSign)
      return f32_(n, a.in(0) + i0, a.out(0) + i0);
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      const T* x = a.in<T>(0) + i0;
      T* y = a.out<T>(0) + i0;
      for (size_t i = 0; i < n; ++i) {
        if (kind_ == SignKind::kSign)  // NaN compares false both ways: x - x keeps it NaN
          y[i] = x[i] > T(0) ? T(1) : x[i] < T(0) ? T(-1) : static_cast<T>(x[i] - x[i]);
        else if constexpr (std::is_floating_point_v<T>)
          y[i] = x[i];  // not reached: float32 Neg and Abs run the kernel above
        else if constexpr (std::is_signed_v<T>)
          y[i] = kind_ == SignKind::kAbs && x[i] >= 0 ? x[i] : wrap_neg(x[i]);
        else
          y[i] = x[i];  // Abs of uint8 (Neg refuses unsigned types at reshape)
      }
    });
  }

 private:
  OpLabel label_;
  SignKind kind_;
  kernels::UnaryFn f32_;
  DType dtype_ = DType::kUndefined;
};

class NotOp final : public Op {
 public:
  explicit NotOp(const OpContext& ctx) : label_(ctx) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    if (in[0].dtype != DType::kBool)
      return label_.error(std::string("input of type ") + dtype_name(in[0].dtype) +
                          " is not supported; Not takes bool");
    out = {{DType::kBool, in[0].shape}};
    needs.compute = split_elements(static_cast<size_t>(in[0].elements()), needs.threads);
    return ok_status();
  }
  void run(const RunArgs& a, const Task& t) override {
    const uint8_t* x = a.in<uint8_t>(0);
    uint8_t* y = a.out<uint8_t>(0);
    for (size_t i = t.begin[1]; i < t.end[1]; ++i) y[i] = x[i] == 0;
  }

 private:
  OpLabel label_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_erf(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::erf);
}
Expected<std::unique_ptr<Op>> create_sqrt(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::sqrt);
}
Expected<std::unique_ptr<Op>> create_reciprocal(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::reciprocal);
}
Expected<std::unique_ptr<Op>> create_floor(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::floor);
}
Expected<std::unique_ptr<Op>> create_ceil(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::ceil);
}
Expected<std::unique_ptr<Op>> create_round(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::round);
}
Expected<std::unique_ptr<Op>> create_log(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::log);
}
Expected<std::unique_ptr<Op>> create_sin(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::sin);
}
Expected<std::unique_ptr<Op>> create_cos(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::cos);
}
Expected<std::unique_ptr<Op>> create_tan(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::tan);
}
Expected<std::unique_ptr<Op>> create_neg(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SignOp(ctx, SignKind::kNeg));
}
Expected<std::unique_ptr<Op>> create_abs(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SignOp(ctx, SignKind::kAbs));
}
Expected<std::unique_ptr<Op>> create_sign(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SignOp(ctx, SignKind::kSign));
}
Expected<std::unique_ptr<Op>> create_not(const OpContext& ctx) {
  return std::unique_ptr<Op>(new NotOp(ctx));
}

}  // namespace wnn
