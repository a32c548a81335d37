// GlobalAveragePool and GlobalMaxPool over N x C x D1 x ... x Dk float32: one value per (n, c)
// plane, output N x C x 1 x ... x 1.
#include "wnn/kernels/avg_pool.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class GlobalPoolOp final : public Op {
 public:
  GlobalPoolOp(OpContext ctx, kernels::GlobalPoolFn pool) : label_(ctx), pool_(pool) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const Shape& x = in[0].shape;
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    if (x.size() < 2)
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(x) +
                          "; expected N x C x D1 x ... (rank 2 or more)");
    Shape y = x;
    for (size_t d = 2; d < y.size(); ++d) y[d] = 1;
    out = {{DType::kFloat32, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const Shape& x = a.in_shape(0);
    size_t n = 1;
    for (size_t d = 2; d < x.size(); ++d) n *= static_cast<size_t>(x[d]);
    pool_(a.in(0), static_cast<size_t>(x[0] * x[1]), n, a.out(0));
  }

 private:
  OpLabel label_;
  kernels::GlobalPoolFn pool_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_global_average_pool(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GlobalPoolOp(ctx, ctx.kernels.pool.global_average));
}

Expected<std::unique_ptr<Op>> create_global_max_pool(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GlobalPoolOp(ctx, kernels::f32_global_maxpool__scalar));
}

}  // namespace wnn
