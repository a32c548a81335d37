#include "wnn/ops/op.h"

namespace wnn {
namespace {

class ReluOp final : public Op {
 public:
  explicit ReluOp(OpContext ctx) : ctx_(ctx) {}
  Status reshape(const std::vector<Shape>& in, std::vector<Shape>& out, size_t&) override {
    out = {in[0]};
    return ok_status();
  }
  void run(const RunArgs& a) override {
    ctx_.kernels.relu(static_cast<size_t>(shape_elements((*a.input_shapes)[0])), a.inputs[0],
                      a.outputs[0]);
  }

 private:
  OpContext ctx_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new ReluOp(ctx));
}

}  // namespace wnn
