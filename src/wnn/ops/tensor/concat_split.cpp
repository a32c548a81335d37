// Concat and Split along one axis, any dtype: block copies. Split's lengths come from the `split`
// attribute before opset 13 and from input 1 from opset 13 on (known at plan time); from opset 18
// the num_outputs attribute asks for that many parts of ceil(size / num_outputs), the last one
// smaller; without either the axis is split into equal parts, one per output.
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

// outer x axis x inner, in bytes: how a tensor is walked around one axis.
struct AxisBlocks {
  size_t outer = 1, inner_bytes = 1;
};

AxisBlocks blocks_around(const Shape& s, int64_t axis, size_t elem_size) {
  AxisBlocks b;
  for (int64_t d = 0; d < axis; ++d) b.outer *= static_cast<size_t>(s[d]);
  b.inner_bytes = elem_size;
  for (size_t d = static_cast<size_t>(axis) + 1; d < s.size(); ++d)
    b.inner_bytes *= static_cast<size_t>(s[d]);
  return b;
}

class ConcatOp final : public Op {
 public:
  ConcatOp(OpContext ctx, int64_t axis) : label_(ctx), axis_attr_(axis) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.empty()) return label_.error("Concat needs at least one input");
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i].omitted()) return label_.error("input " + std::to_string(i) + " is missing");
      WNN_RETURN_IF_ERROR(check_storable(label_, in[i], i));
    }
    const Shape& first = in[0].shape;
    const int64_t rank = static_cast<int64_t>(first.size());
    if (rank == 0) return label_.error("cannot concatenate scalars (rank 0 inputs)");
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, rank);
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    Shape y = first;
    y[axis_] = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      const Shape& s = in[i].shape;
      bool fits = in[i].dtype == in[0].dtype && s.size() == first.size();
      for (int64_t d = 0; fits && d < rank; ++d) fits = d == axis_ || s[d] == first[d];
      if (!fits)
        return label_.error("input " + std::to_string(i) + " ('" + label_.input_name(i) + "', " +
                            dtype_name(in[i].dtype) + " " + shape_string(s) +
                            ") does not match input 0 (" + dtype_name(in[0].dtype) + " " +
                            shape_string(first) + ") outside axis " + std::to_string(axis_));
      y[axis_] += s[axis_];
    }
    out = {{in[0].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const auto& in = *a.input_descs;
    const size_t elem = dtype_size(in[0].dtype);
    const size_t outer = blocks_around(in[0].shape, axis_, elem).outer;
    char* dst = static_cast<char*>(a.outputs[0]);
    for (size_t o = 0; o < outer; ++o) {
      for (size_t i = 0; i < in.size(); ++i) {
        const AxisBlocks b = blocks_around(in[i].shape, axis_, elem);
        const size_t chunk = b.inner_bytes * static_cast<size_t>(in[i].shape[axis_]);
        if (chunk) std::memcpy(dst, static_cast<const char*>(a.inputs[i]) + o * chunk, chunk);
        dst += chunk;
      }
    }
  }

 private:
  OpLabel label_;
  int64_t axis_attr_;
  int64_t axis_ = 0;
};

class SplitOp final : public Op {
 public:
  SplitOp(const OpContext& ctx, int64_t axis)
      : label_(ctx),
        axis_attr_(axis),
        has_attr_split_(ctx.node.attribute("split") != nullptr),
        attr_split_(ctx.node.attr_ints("split")),
        num_outputs_(ctx.node.attr_int("num_outputs", 0)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    const int64_t parts = static_cast<int64_t>(label_.output_count());
    std::vector<int64_t> lengths;
    if (in.size() > 1 && !in[1].omitted()) {
      Expected<std::vector<int64_t>> s = plan_time_ints(label_, in, 1, "split");
      if (!s.ok()) return s.status();
      lengths = s.take();
    } else if (has_attr_split_) {
      lengths = attr_split_;
    } else if (num_outputs_ > 0) {
      const int64_t part = (x[axis_] + num_outputs_ - 1) / num_outputs_;
      if (x[axis_] < num_outputs_ || (num_outputs_ - 1) * part >= x[axis_])
        return label_.error("axis " + std::to_string(axis_) + " of input " + shape_string(x) +
                            " cannot be split into num_outputs = " + std::to_string(num_outputs_) +
                            " parts of ceil(size / num_outputs)");
      for (int64_t i = 0; i < num_outputs_; ++i)
        lengths.push_back(std::min(part, x[axis_] - i * part));
    } else {
      if (parts == 0 || x[axis_] % parts != 0)
        return label_.error("axis " + std::to_string(axis_) + " of input " + shape_string(x) +
                            " cannot be split into " + std::to_string(parts) +
                            " equal parts; give the split lengths");
      lengths.assign(static_cast<size_t>(parts), x[axis_] / parts);
    }
    int64_t total = 0;
    for (int64_t l : lengths) {
      if (l < 0) return label_.error("split " + shape_string(lengths) + " has a negative length");
      total += l;
    }
    if (static_cast<int64_t>(lengths.size()) != parts || total != x[axis_])
      return label_.error("split " + shape_string(lengths) + " must have one length per output (" +
                          std::to_string(parts) + ") summing to " + std::to_string(x[axis_]) +
                          ", the size of axis " + std::to_string(axis_) + " of " + shape_string(x));
    out.clear();
    for (int64_t l : lengths) {
      Shape y = x;
      y[axis_] = l;
      out.push_back({in[0].dtype, y});
    }
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const TensorDesc& x = (*a.input_descs)[0];
    const AxisBlocks b = blocks_around(x.shape, axis_, dtype_size(x.dtype));
    const size_t in_chunk = b.inner_bytes * static_cast<size_t>(x.shape[axis_]);
    size_t at = 0;  // bytes into each input chunk where the current output starts
    for (size_t i = 0; i < a.outputs.size(); ++i) {
      const size_t chunk = b.inner_bytes * static_cast<size_t>(a.out_shape(i)[axis_]);
      if (a.outputs[i] && chunk) {
        char* dst = static_cast<char*>(a.outputs[i]);
        const char* src = static_cast<const char*>(a.inputs[0]) + at;
        for (size_t o = 0; o < b.outer; ++o)
          std::memcpy(dst + o * chunk, src + o * in_chunk, chunk);
      }
      at += chunk;
    }
  }

 private:
  OpLabel label_;
  int64_t axis_attr_;
  bool has_attr_split_;
  std::vector<int64_t> attr_split_;
  int64_t num_outputs_;  // opset 18; 0 when absent
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_concat(const OpContext& ctx) {
  if (!ctx.node.attribute("axis")) return ctx.error("the axis attribute is missing");
  return std::unique_ptr<Op>(new ConcatOp(ctx, ctx.node.attr_int("axis", 0)));
}

Expected<std::unique_ptr<Op>> create_split(const OpContext& ctx) {
  if (const Attribute* n = ctx.node.attribute("num_outputs")) {
    if (ctx.opset() < 18)
      return ctx.error(
          "the num_outputs attribute is defined from opset 18 on; this model is opset " +
          std::to_string(ctx.opset()));
    if (ctx.has_input(1) || ctx.node.attribute("split"))
      return ctx.error("give either the split lengths or num_outputs, not both");
    if (n->i != static_cast<int64_t>(ctx.output_count()))
      return ctx.error("num_outputs = " + std::to_string(n->i) + " but the node has " +
                       std::to_string(ctx.output_count()) + " outputs");
  }
  return std::unique_ptr<Op>(new SplitOp(ctx, ctx.node.attr_int("axis", 0)));
}

}  // namespace wnn
