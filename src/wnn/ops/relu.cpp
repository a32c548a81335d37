#include "wnn/kernels/activation.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class ReluOp final : public Op {
 public:
  explicit ReluOp(OpContext ctx)
      : ctx_(ctx),
        relu_(kernels::select_kernel<kernels::UnaryFn>(ctx.kernels, kernels::f32_relu__scalar,
                                                       WNN_SIMD(kernels::f32_relu__wasmsimd))) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 size_t&) override {
    if (in[0].dtype != DType::kFloat32)
      return ctx_.error(std::string("input is ") + dtype_name(in[0].dtype) + "; only float32 is supported");
    out = {{DType::kFloat32, in[0].shape}};
    return ok_status();
  }
  void run(const RunArgs& a) override {
    relu_(static_cast<size_t>(shape_elements(a.in_shape(0))), a.in(0), a.out(0));
  }

 private:
  OpContext ctx_;
  kernels::UnaryFn relu_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new ReluOp(ctx));
}

}  // namespace wnn
