// The base of the ops whose output is input 0 read through a strided view (Slice, Transpose,
// Expand, Tile; any dtype): reshape() builds the view once per plan, run() is one strided copy.
#pragma once
#include "wnn/kernels/strided_copy.h"
#include "wnn/ops/op.h"

namespace wnn {

class StridedCopyOp : public Op {
 public:
  explicit StridedCopyOp(OpContext ctx) : label_(ctx), transpose32_(ctx.kernels.transpose32) {}

  void run(const RunArgs& a, const Task&) override {
    kernels::strided_copy(a.inputs[0], elem_size_, view_, a.outputs[0], transpose32_);
  }

 protected:
  // Keeps `view` of an input of type `dtype` for run() and describes the output, of shape y.
  Status set_view(DType dtype, const kernels::StridedView& view, const Shape& y,
                  std::vector<TensorDesc>& out) {
    // The view's dims multiply to y's element count: merging them in coalesce() overflows
    // exactly when that count does (Expand to [2^32, 2^32]), so it is checked first.
    WNN_RETURN_IF_ERROR(label_.check_output_size(0, y, dtype, UINT64_MAX));
    view_ = kernels::coalesce(view);
    elem_size_ = dtype_size(dtype);
    out = {{dtype, y}};
    return ok_status();
  }

  OpLabel label_;

 private:
  kernels::StridedView view_;
  size_t elem_size_ = 4;
  kernels::Transpose32Fn transpose32_;
};

}  // namespace wnn
