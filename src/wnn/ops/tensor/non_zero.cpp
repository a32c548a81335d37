// NonZero (opsets 9-13), any dtype: the indices of the non-zero elements, one row per axis
// (int64, rank x count). Its output shape depends on the input values, so wasmnn (which plans
// memory ahead) runs it only when the input is known at plan time: it then folds away.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

bool nonzero_at(const TensorDesc& x, int64_t i) {
  bool nz = false;
  visit_dtype(x.dtype, [&](auto zero) {
    using T = decltype(zero);
    nz = static_cast<const T*>(x.data)[i] != T(0);
  });
  return nz;
}

class NonZeroOp final : public Op {
 public:
  explicit NonZeroOp(OpContext ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const TensorDesc& x = in[0];
    if (!x.data)
      return label_.error(
          "its output shape depends on the input values (how many are non-zero), and the input "
          "('" +
          label_.input_name(0) +
          "') is only known at run time; wasmnn plans memory ahead, so it runs NonZero only on "
          "values known when planning (initializers, or computed from shapes)");
    const std::vector<int64_t> strides = row_major_strides(x.shape);
    const size_t rank = x.shape.size();
    std::vector<int64_t> hits;
    for (int64_t i = 0; i < x.elements(); ++i)
      if (nonzero_at(x, i)) hits.push_back(i);
    const int64_t count = static_cast<int64_t>(hits.size());
    // A scalar counts as one element of a 1-D tensor (output 1 x count), as ONNX Runtime does.
    const size_t rows = rank == 0 ? 1 : rank;
    values_.assign(rows * hits.size(), 0);
    for (size_t r = 0; r < rank; ++r)
      for (size_t k = 0; k < hits.size(); ++k)
        values_[r * hits.size() + k] = hits[k] / strides[r] % x.shape[r];
    out = {{DType::kInt64, {static_cast<int64_t>(rows), count}, values_.data()}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    if (!values_.empty()) std::memcpy(a.outputs[0], values_.data(), values_.size() * 8);
  }

 private:
  OpLabel label_;
  std::vector<int64_t> values_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_non_zero(const OpContext& ctx) {
  return std::unique_ptr<Op>(new NonZeroOp(ctx));
}

}  // namespace wnn
