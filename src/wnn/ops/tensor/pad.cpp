// Pad, any dtype: modes constant, reflect, edge and (opset 19) wrap. Pads come from the `pads`
// attribute (with the `value` attribute) before opset 11 and from input 1 (with an optional
// constant_value input 2) from opset 11 on; from opset 18 an optional axes input 3 says which axes
// the pads are for (the others get none). Input pads and axes must be known at plan time.
// Negative pads crop.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

enum class PadMode { kConstant, kReflect, kEdge, kWrap };

class PadOp final : public Op {
 public:
  PadOp(const OpContext& ctx, PadMode mode, float attr_value)
      : label_(ctx), mode_(mode), attr_value_(attr_value), attr_pads_(ctx.node.attr_ints("pads")) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    const size_t rank = x.size();
    std::vector<int64_t> pads;
    if (label_.opset() >= 11 || in.size() > 1) {
      Expected<std::vector<int64_t>> p = plan_time_ints(label_, in, 1, "pads");
      if (!p.ok()) return p.status();
      pads = p.take();
      if (in.size() > 2 && !in[2].omitted() &&
          (in[2].dtype != in[0].dtype || in[2].elements() != 1))
        return label_.error("constant_value must be one " + std::string(dtype_name(in[0].dtype)) +
                            " value; it is " + dtype_name(in[2].dtype) + " " +
                            shape_string(in[2].shape));
    } else {
      pads = attr_pads_;
    }
    if (in.size() > 3 && !in[3].omitted()) {  // opset 18: pads for these axes only
      Expected<std::vector<int64_t>> a = plan_time_ints(label_, in, 3, "axes");
      if (!a.ok()) return a.status();
      Expected<std::vector<int64_t>> axes =
          normalize_axes(label_, a.take(), static_cast<int64_t>(rank));
      if (!axes.ok()) return axes.status();
      const size_t n = axes.value().size();
      if (pads.size() != 2 * n)
        return label_.error("pads " + shape_string(pads) + " must have 2 x " + std::to_string(n) +
                            " values for axes " + shape_string(axes.value()));
      std::vector<int64_t> all(2 * rank, 0);
      for (size_t i = 0; i < n; ++i) {
        all[axes.value()[i]] = pads[i];
        all[axes.value()[i] + rank] = pads[i + n];
      }
      pads = all;
    }
    if (pads.size() != 2 * rank)
      return label_.error("pads " + shape_string(pads) + " must have 2 x rank = " +
                          std::to_string(2 * rank) + " values for input " + shape_string(x));
    Shape y(rank);
    for (size_t d = 0; d < rank; ++d) {
      const std::optional<int64_t> padded = checked_add(x[d], pads[d]);
      const std::optional<int64_t> dim = padded ? checked_add(*padded, pads[d + rank]) : padded;
      if (!dim)
        return label_.error("pads " + shape_string(pads) + " on axis " + std::to_string(d) +
                            " of input " + shape_string(x) + " overflow 64-bit arithmetic");
      y[d] = *dim;
      if (y[d] < 0)
        return label_.error("pads " + shape_string(pads) + " crop more than axis " +
                            std::to_string(d) + " of input " + shape_string(x) + " holds");
    }
    // The maps below have one entry per output index: the output must fit the limit first.
    WNN_RETURN_IF_ERROR(label_.check_output_size(0, y, in[0].dtype, needs.memory_limit));
    maps_.assign(rank, {});
    for (size_t d = 0; d < rank; ++d) {
      const int64_t begin = pads[d];
      if (mode_ != PadMode::kConstant && x[d] == 0 && y[d] > 0)
        return label_.error(std::string(mode_ == PadMode::kEdge   ? "edge"
                                        : mode_ == PadMode::kWrap ? "wrap"
                                                                  : "reflect") +
                            " padding of an empty axis " + std::to_string(d) + " of " +
                            shape_string(x) + " has nothing to copy");
      // Where each output index of this axis reads from: an input index, or -1 for the constant.
      std::vector<int64_t>& map = maps_[d];
      map.resize(static_cast<size_t>(y[d]));
      for (int64_t o = 0; o < y[d]; ++o) map[o] = source_index(o - begin, x[d]);
    }
    in_strides_ = row_major_strides(x);
    elem_size_ = dtype_size(in[0].dtype);
    out = {{in[0].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    switch (elem_size_) {
      case 1: run_as<uint8_t>(a); break;
      case 4: run_as<uint32_t>(a); break;
      default: run_as<uint64_t>(a); break;
    }
  }

 private:
  int64_t source_index(int64_t i, int64_t n) const {
    if (i >= 0 && i < n) return i;
    if (mode_ == PadMode::kConstant) return -1;
    if (mode_ == PadMode::kEdge) return i < 0 ? 0 : n - 1;
    if (mode_ == PadMode::kWrap) return (i % n + n) % n;
    if (n == 1) return 0;
    const int64_t period = 2 * (n - 1);  // reflect: ... 2 1 [0 1 2 ... n-1] n-2 ...
    i %= period;
    if (i < 0) i += period;
    return i < n ? i : period - i;
  }

  template <typename T>
  T* fill(T* out, size_t n, T value) const {
    for (size_t i = 0; i < n; ++i) out[i] = value;
    return out + n;
  }

  template <typename T>
  T* pad_dim(size_t d, const T* in, const Shape& y, T value, T* out) const {
    const std::vector<int64_t>& map = maps_[d];
    if (d + 1 == y.size()) {
      for (int64_t o = 0; o < y[d]; ++o) out[o] = map[o] < 0 ? value : in[map[o]];
      return out + y[d];
    }
    size_t block = 1;
    for (size_t e = d + 1; e < y.size(); ++e) block *= static_cast<size_t>(y[e]);
    for (int64_t o = 0; o < y[d]; ++o) {
      if (map[o] < 0)
        out = fill(out, block, value);
      else
        out = pad_dim(d + 1, in + map[o] * in_strides_[d], y, value, out);
    }
    return out;
  }

  template <typename T>
  void run_as(const RunArgs& a) const {
    const TensorDesc& xd = (*a.input_descs)[0];
    const Shape& y = a.out_shape(0);
    T value{};
    if (a.inputs.size() > 2 && a.inputs[2]) {
      std::memcpy(&value, a.inputs[2], sizeof(T));
    } else if (attr_value_ != 0.0f) {  // Pad before opset 11: a float attribute
      if constexpr (sizeof(T) == 4) {
        if (xd.dtype == DType::kFloat32)
          std::memcpy(&value, &attr_value_, sizeof(float));
        else
          value = static_cast<T>(static_cast<int32_t>(attr_value_));
      } else {
        value = static_cast<T>(static_cast<int64_t>(attr_value_));
      }
    }
    T* out = static_cast<T*>(a.outputs[0]);
    if (y.empty()) {  // a scalar: nothing to pad
      *out = *static_cast<const T*>(a.inputs[0]);
      return;
    }
    if (shape_elements(y) == 0) return;
    pad_dim(0, static_cast<const T*>(a.inputs[0]), y, value, out);
  }

  OpLabel label_;
  PadMode mode_;
  float attr_value_;
  std::vector<int64_t> attr_pads_;
  std::vector<std::vector<int64_t>> maps_;  // per axis: output index -> input index or -1
  std::vector<int64_t> in_strides_;
  size_t elem_size_ = 4;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_pad(const OpContext& ctx) {
  const std::string mode = ctx.node.attr_string("mode", "constant");
  PadMode m;
  if (mode == "constant")
    m = PadMode::kConstant;
  else if (mode == "reflect")
    m = PadMode::kReflect;
  else if (mode == "edge")
    m = PadMode::kEdge;
  else if (mode == "wrap" && ctx.opset() >= 19)
    m = PadMode::kWrap;
  else
    return ctx.error("mode '" + mode + "' is not supported (constant, reflect, edge" +
                     (mode == "wrap" ? "; wrap is defined from opset 19 on" : ", wrap") + ")");
  if (ctx.has_input(3) && ctx.opset() < 18)
    return ctx.error("the axes input is defined from opset 18 on; this model is opset " +
                     std::to_string(ctx.opset()));
  return std::unique_ptr<Op>(new PadOp(ctx, m, ctx.node.attr_float("value", 0.0f)));
}

}  // namespace wnn
