// ReverseSequence (opset 10), any dtype: input [time, batch, ...] (or [batch, time, ...], by
// time_axis and batch_axis), each batch entry's first sequence_lens[b] steps reversed, the rest
// copied. Lengths known at plan time must lie in [0, time]; run() cannot fail, so a length out of
// range that only shows at run time gives that batch entry's steps as zeros rather than reading
// outside the tensor (as Gather does for an index).
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class ReverseSequenceOp final : public Op {
 public:
  ReverseSequenceOp(OpContext ctx, bool time_major) : label_(ctx), time_major_(time_major) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 2 || in[1].omitted())
      return label_.error("it takes 2 inputs: input, sequence_lens");
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    if (x.size() < 2) return label_.error("input " + shape_string(x) + " must have rank 2 or more");
    const int64_t batch = x[time_major_ ? 1 : 0], time = x[time_major_ ? 0 : 1];
    if (!is_index_dtype(in[1].dtype) || in[1].shape != Shape{batch})
      return label_.error("sequence_lens must be int64 (or int32) of shape [" +
                          std::to_string(batch) + "]; it is " + dtype_name(in[1].dtype) + " " +
                          shape_string(in[1].shape));
    if (in[1].data)
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t len = index_at(in[1].data, in[1].dtype, b);
        if (len < 0 || len > time)
          return label_.error("sequence length " + std::to_string(len) + " of batch entry " +
                              std::to_string(b) + " is outside [0, " + std::to_string(time) + "]");
      }
    out = {{in[0].dtype, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const Shape& x = xd.shape;
    const int64_t batch = x[time_major_ ? 1 : 0], time = x[time_major_ ? 0 : 1];
    const size_t step = x[0] == 0 || x[1] == 0 ? 0 : xd.bytes() / static_cast<size_t>(x[0] * x[1]);
    // Byte distance between consecutive steps of one entry and between entries at one step.
    const size_t time_stride = time_major_ ? static_cast<size_t>(batch) * step : step;
    const size_t batch_stride = time_major_ ? step : static_cast<size_t>(time) * step;
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    for (int64_t b = 0; b < batch; ++b) {
      const int64_t len = index_at(a.inputs[1], (*a.input_descs)[1].dtype, b);
      const bool valid = len >= 0 && len <= time;
      for (int64_t t = 0; t < time; ++t) {
        char* to =
            dst + static_cast<size_t>(b) * batch_stride + static_cast<size_t>(t) * time_stride;
        const int64_t from = t < len ? len - 1 - t : t;
        if (valid)
          std::memcpy(
              to,
              src + static_cast<size_t>(b) * batch_stride + static_cast<size_t>(from) * time_stride,
              step);
        else
          std::memset(to, 0, step);
      }
    }
  }

 private:
  OpLabel label_;
  bool time_major_;  // time_axis 0, batch_axis 1 (the default)
};

}  // namespace

Expected<std::unique_ptr<Op>> create_reverse_sequence(const OpContext& ctx) {
  const int64_t batch_axis = ctx.node.attr_int("batch_axis", 1);
  const int64_t time_axis = ctx.node.attr_int("time_axis", 0);
  if (!((batch_axis == 1 && time_axis == 0) || (batch_axis == 0 && time_axis == 1)))
    return ctx.error("batch_axis " + std::to_string(batch_axis) + " and time_axis " +
                     std::to_string(time_axis) + " must be 1 and 0, or 0 and 1");
  return std::unique_ptr<Op>(new ReverseSequenceOp(ctx, time_axis == 0));
}

}  // namespace wnn
