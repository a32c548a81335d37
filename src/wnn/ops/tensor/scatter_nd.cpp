// ScatterND (opsets 11-18): a copy of data in which the slices named by the rows of `indices`
// (int64, [..., k]: each row a coordinate of data's first k axes) are replaced by `updates`, or
// combined with them (reduction add and mul from opset 16, max and min from opset 18). Rows are
// applied in order, so repeated indices give the same result every run (ONNX leaves that
// undefined with reduction none). Negative indices count from the end; indices known at plan time
// are range-checked there; a row out of range at run time is skipped (run() cannot fail).
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/scatter_reduction.h"

namespace wnn {
namespace {

class ScatterNdOp final : public Op {
 public:
  ScatterNdOp(OpContext ctx, ScatterReduction r) : label_(ctx), reduction_(r) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 3 || in[1].omitted() || in[2].omitted())
      return label_.error("ScatterND takes 3 inputs: data, indices, updates");
    WNN_RETURN_IF_ERROR(check_scatter_dtypes(label_, in, reduction_));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    const Shape& upd = in[2].shape;
    if (in[1].dtype != DType::kInt64)
      return label_.error(std::string("indices must be int64; they are ") +
                          dtype_name(in[1].dtype));
    if (idx.empty() || idx.back() < 1 || idx.back() > static_cast<int64_t>(x.size()))
      return label_.error("indices " + shape_string(idx) +
                          " must end in an axis of length 1 to the rank of data " +
                          shape_string(x));
    const size_t k = static_cast<size_t>(idx.back());
    Shape want(idx.begin(), idx.end() - 1);
    want.insert(want.end(), x.begin() + k, x.end());
    if (upd != want)
      return label_.error("updates " + shape_string(upd) + " must have shape " +
                          shape_string(want) + " for indices " + shape_string(idx) + " and data " +
                          shape_string(x));
    if (in[1].data) {
      const int64_t* p = static_cast<const int64_t*>(in[1].data);
      for (int64_t i = 0; i < in[1].elements(); ++i) {
        const int64_t dim = x[static_cast<size_t>(i) % k];
        if (p[i] < -dim || p[i] >= dim)
          return label_.error("index " + std::to_string(p[i]) + " is out of range for axis " +
                              std::to_string(static_cast<size_t>(i) % k) + " of size " +
                              std::to_string(dim));
      }
    }
    strides_ = row_major_strides(x);
    k_ = k;
    out = {{in[0].dtype, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const Shape& x = xd.shape;
    const size_t elem = dtype_size(xd.dtype);
    char* y = static_cast<char*>(a.outputs[0]);
    if (xd.elements() > 0 && a.outputs[0] != a.inputs[0]) std::memcpy(y, a.inputs[0], xd.bytes());
    const int64_t* idx = a.in<int64_t>(1);
    const char* upd = static_cast<const char*>(a.inputs[2]);
    const int64_t rows = (*a.input_descs)[1].elements() / static_cast<int64_t>(k_);
    const int64_t slice = k_ == x.size() ? 1 : strides_[k_ - 1];
    for (int64_t r = 0; r < rows; ++r, idx += k_, upd += slice * elem) {
      int64_t offset = 0;
      bool inside = true;
      for (size_t d = 0; d < k_; ++d) {
        const int64_t v = idx[d] < 0 ? idx[d] + x[d] : idx[d];
        inside = inside && v >= 0 && v < x[d];
        offset += v * strides_[d];
      }
      if (inside)
        scatter_combine(reduction_, xd.dtype, y + offset * elem, upd, static_cast<size_t>(slice));
    }
  }

 private:
  OpLabel label_;
  ScatterReduction reduction_;
  std::vector<int64_t> strides_;
  size_t k_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_scatter_nd(const OpContext& ctx) {
  Expected<ScatterReduction> r = parse_scatter_reduction(ctx);
  if (!r.ok()) return r.status();
  return std::unique_ptr<Op>(new ScatterNdOp(ctx, r.value()));
}

}  // namespace wnn
