// Where(condition, X, Y): X where the bool condition holds, else Y, with numpy broadcasting over
// all three (float32, int64, int32, uint8, int8, bool values). Planned per shape as per-input
// strides over the output's dimensions; the innermost dimension is a run in which each operand
// either advances or repeats one value.
#include <algorithm>

#include "wnn/ops/broadcast.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class WhereOp final : public Op {
 public:
  explicit WhereOp(const OpContext& ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 3 || in[0].omitted() || in[1].omitted() || in[2].omitted())
      return label_.error("needs three inputs: condition, X, Y");
    if (in[0].dtype != DType::kBool)
      return label_.error("condition '" + label_.input_name(0) + "' is " + dtype_name(in[0].dtype) +
                          "; it must be bool");
    dtype_ = in[1].dtype;
    if (in[2].dtype != dtype_)
      return label_.error(std::string("X and Y have different types (") + dtype_name(dtype_) +
                          " and " + dtype_name(in[2].dtype) + "); ONNX requires one type");
    if (dtype_ != DType::kFloat32 && dtype_ != DType::kInt64 && dtype_ != DType::kInt32 &&
        dtype_ != DType::kUInt8 && dtype_ != DType::kInt8 && dtype_ != DType::kBool)
      return label_.error(std::string("values of type ") + dtype_name(dtype_) +
                          " are not supported; supported: float32, int64, int32, uint8, int8, "
                          "bool");
    Shape shape = in[0].shape;
    for (size_t i = 1; i < 3; ++i) {
      Expected<BroadcastLoops> p = plan_broadcast(shape, in[i].shape);
      if (!p.ok())
        return label_.error("input " + std::to_string(i) + " ('" + label_.input_name(i) +
                            "'): " + p.status().message());
      shape = p.value().out;
    }
    dims_ = shape;
    const size_t rank = shape.size();
    for (size_t i = 0; i < 3; ++i) {
      strides_[i].assign(rank, 0);
      const Shape& s = in[i].shape;
      const size_t lead = rank - s.size();  // leading dimensions the input lacks: stride 0
      int64_t acc = 1;
      for (size_t d = rank; d-- > lead;) {
        strides_[i][d] = s[d - lead] == 1 ? 0 : acc;
        acc *= s[d - lead];
      }
    }
    index_.assign(rank, 0);
    out = {{dtype_, shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    if (shape_elements(dims_) == 0) return;
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      const uint8_t* c = a.in<uint8_t>(0);
      const T* x = a.in<T>(1);
      const T* y = a.in<T>(2);
      T* out = a.out<T>(0);
      if (dims_.empty()) {
        out[0] = c[0] ? x[0] : y[0];
        return;
      }
      const size_t rank = dims_.size(), last = rank - 1;
      const int64_t n = dims_[last];
      const int64_t cs = strides_[0][last], xs = strides_[1][last], ys = strides_[2][last];
      std::vector<int64_t>& index = index_;
      std::fill(index.begin(), index.end(), 0);
      int64_t co = 0, xo = 0, yo = 0;
      for (int64_t o = 0, total = shape_elements(dims_); o < total; o += n) {
        for (int64_t i = 0; i < n; ++i)
          out[o + i] = c[co + i * cs] ? x[xo + i * xs] : y[yo + i * ys];
        // Next row: the odometer over the outer dimensions.
        for (size_t d = last; d-- > 0;) {
          co += strides_[0][d], xo += strides_[1][d], yo += strides_[2][d];
          if (++index[d] < dims_[d]) break;
          co -= strides_[0][d] * dims_[d], xo -= strides_[1][d] * dims_[d],
              yo -= strides_[2][d] * dims_[d];
          index[d] = 0;
        }
      }
    });
  }

 private:
  OpLabel label_;
  DType dtype_ = DType::kUndefined;
  Shape dims_;
  std::vector<int64_t> strides_[3];  // per input, per output dimension (0: broadcast)
  std::vector<int64_t> index_;       // run()'s odometer, sized at reshape (one task)
};

}  // namespace

Expected<std::unique_ptr<Op>> create_where(const OpContext& ctx) {
  return std::unique_ptr<Op>(new WhereOp(ctx));
}

}  // namespace wnn
