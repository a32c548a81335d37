// Elementwise binary ops with numpy broadcasting: Add, Sub, Mul, Div (float32 with SIMD128
// kernels; int64, int32, uint8, int8 scalar, for shape arithmetic) and Equal (to bool).
// Integer semantics (wrap-around, Div truncating toward zero, x / 0 = 0) are in kernels/binary.h.
#include <type_traits>

#include "wnn/kernels/binary.h"
#include "wnn/ops/broadcast.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

bool one_of(DType t, std::initializer_list<DType> types) {
  for (DType u : types)
    if (t == u) return true;
  return false;
}

std::string type_list(std::initializer_list<DType> types) {
  std::string s;
  for (DType t : types) s += std::string(s.empty() ? "" : ", ") + dtype_name(t);
  return s;
}

// Checks that both inputs are present, of one supported type, and broadcast.
Status check_binary_inputs(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                           std::initializer_list<DType> types, BroadcastLoops& loops) {
  if (in.size() != 2 || in[0].omitted() || in[1].omitted())
    return ctx.error("needs exactly two inputs");
  if (in[0].dtype != in[1].dtype)
    return ctx.error(std::string("the inputs have different types (") + dtype_name(in[0].dtype) +
                     " and " + dtype_name(in[1].dtype) + "); ONNX requires one type for both");
  if (!one_of(in[0].dtype, types))
    return ctx.error(std::string("inputs of type ") + dtype_name(in[0].dtype) +
                     " are not supported; supported: " + type_list(types));
  Expected<BroadcastLoops> p = plan_broadcast(in[0].shape, in[1].shape);
  if (!p.ok())
    return ctx.error("inputs '" + ctx.input_name(0) + "' and '" + ctx.input_name(1) +
                     "': " + p.status().message());
  loops = p.take();
  return ok_status();
}

constexpr std::initializer_list<DType> kArithTypes = {DType::kFloat32, DType::kInt64, DType::kInt32,
                                                      DType::kUInt8, DType::kInt8};

class BinaryArithOp final : public Op {
 public:
  BinaryArithOp(OpContext ctx, kernels::BinaryOpKind kind)
      : label_(ctx), kind_(kind), f32_(ctx.kernels.binary(kind)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(check_binary_inputs(label_, in, kArithTypes, loops_));
    dtype_ = in[0].dtype;
    out = {{dtype_, loops_.out}};
    // One run (same shapes, or a scalar operand) splits into element ranges with threads.
    split_ = loops_.outer.empty() && !loops_.empty;
    if (split_) needs.compute = split_elements(static_cast<size_t>(loops_.run), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      auto go = [&](const auto& k) {
        if (split_)
          run_broadcast_range(loops_, k, a.in<T>(0), a.in<T>(1), a.out<T>(0), t.begin[1], t.end[1]);
        else
          run_broadcast(loops_, k, a.in<T>(0), a.in<T>(1), a.out<T>(0));
      };
      if constexpr (std::is_same_v<T, float>)
        go(f32_);
      else
        go(kernels::int_binary<T>(kind_));
    });
  }

 private:
  OpLabel label_;
  kernels::BinaryOpKind kind_;
  kernels::BinaryKernels<float> f32_;
  DType dtype_ = DType::kUndefined;
  BroadcastLoops loops_;
  bool split_ = false;
};

class EqualOp final : public Op {
 public:
  explicit EqualOp(OpContext ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_binary_inputs(
        label_, in,
        {DType::kFloat32, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kInt8, DType::kBool},
        loops_));
    dtype_ = in[0].dtype;
    out = {{DType::kBool, loops_.out}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      run_broadcast(loops_, kernels::equal_kernels<T>(), a.in<T>(0), a.in<T>(1), a.out<uint8_t>(0));
    });
  }

 private:
  OpLabel label_;
  DType dtype_ = DType::kUndefined;
  BroadcastLoops loops_;
};

Expected<std::unique_ptr<Op>> create_arith(const OpContext& ctx, kernels::BinaryOpKind kind) {
  return std::unique_ptr<Op>(new BinaryArithOp(ctx, kind));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_add(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kAdd);
}
Expected<std::unique_ptr<Op>> create_sub(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kSub);
}
Expected<std::unique_ptr<Op>> create_mul(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kMul);
}
Expected<std::unique_ptr<Op>> create_div(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kDiv);
}
Expected<std::unique_ptr<Op>> create_equal(const OpContext& ctx) {
  return std::unique_ptr<Op>(new EqualOp(ctx));
}

}  // namespace wnn
