// Gemm: Y = alpha * A' x B' + beta * C with a constant B (weights), packed once at create into
// the GEMM panel layout with alpha folded in. beta * C is the first item of the epilogue list:
// a column bias ([N], [1, N], scalar), a row bias ([M, 1]) or a full [M, N] matrix; then the
// fused activation, if any.
#include "wnn/kernels/gemm.h"

#include "wnn/ops/op.h"

namespace wnn {
namespace {

enum class CAxis { kPerColumn, kPerRow, kMatrix };  // how beta * C is laid out

class GemmOp final : public Op {
 public:
  // `c_rows` is the M that C fixes (0 when C does not depend on M); `c_axis` how `bias` is laid
  // out: per column [N], per row [M], or kNone with a full [M, N] matrix.
  GemmOp(OpContext ctx, size_t K, size_t N, bool trans_a, std::vector<float> packed_b,
         std::vector<float> bias, CAxis c_axis, int64_t c_rows, Shape c_shape)
      : label_(ctx),
        K_(K),
        N_(N),
        trans_a_(trans_a),
        packed_b_(std::move(packed_b)),
        bias_(std::move(bias)),
        c_axis_(c_axis),
        c_rows_(c_rows),
        c_shape_(std::move(c_shape)),
        activation_(ctx.node.activation),
        gemm_(ctx.kernels.gemm.gemm) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& a = in[0].shape;
    if (in[0].dtype != DType::kFloat32)
      return label_.error(std::string("input A is ") + dtype_name(in[0].dtype) +
                          "; only float32 is supported");
    const int64_t k_axis = trans_a_ ? 0 : 1;
    if (a.size() != 2 || a[k_axis] != static_cast<int64_t>(K_))
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(a) +
                          "; expected a matrix with " + std::to_string(K_) +
                          (trans_a_ ? " rows" : " columns") + " (transA=" + (trans_a_ ? "1" : "0") +
                          "). Is a Flatten missing before it?");
    const int64_t M = trans_a_ ? a[1] : a[0];
    if (c_rows_ > 0 && M != c_rows_)
      return label_.error(
          "C of shape " + shape_string(c_shape_) +
          " does not broadcast to [M, N] = " + shape_string({M, static_cast<int64_t>(N_)}) +
          " for input '" + label_.input_name(0) + "' of shape " + shape_string(a));
    out = {{DType::kFloat32, {M, static_cast<int64_t>(N_)}}};
    needs.scratch_bytes = trans_a_ ? sizeof(float) * static_cast<size_t>(M) * K_ : 0;
    needs.flops = 2.0 * static_cast<double>(M) * static_cast<double>(K_) * static_cast<double>(N_);
    return ok_status();
  }

  // B lives in packed_b_, beta * C in bias_.
  std::vector<size_t> prepacked_inputs() const override { return {1, 2}; }

  void run(const RunArgs& a, const Task& task) override {
    const Shape& shape = a.in_shape(0);
    const size_t M = static_cast<size_t>(trans_a_ ? shape[1] : shape[0]);
    const float* A = a.in(0);
    if (trans_a_) {  // A is given as [K, M]
      float* t = task.scratch_as<float>();
      for (size_t m = 0; m < M; ++m)
        for (size_t k = 0; k < K_; ++k) t[m * K_ + k] = A[k * M + m];
      A = t;
    }
    kernels::GemmEpilogue ep;
    switch (c_axis_) {
      case CAxis::kPerColumn: ep.add_column_bias(bias_.data()); break;
      case CAxis::kPerRow: ep.add_row_bias(bias_.data()); break;
      case CAxis::kMatrix: ep.add_matrix(bias_.data(), N_); break;
    }
    ep.activate(activation_);
    gemm_(M, N_, K_, A, K_, packed_b_.data(), a.out(0), N_, ep);
  }

 private:
  OpLabel label_;
  size_t K_, N_;
  bool trans_a_;
  std::vector<float> packed_b_;
  std::vector<float> bias_;  // beta * C: [N], [M] or [M, N] (see c_axis_)
  CAxis c_axis_;
  int64_t c_rows_;
  Shape c_shape_;
  Activation activation_;
  kernels::GemmFn gemm_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gemm(const OpContext& ctx) {
  const Tensor* b = ctx.constant_input(1);
  if (!b)
    return ctx.error("input B ('" + (ctx.has_input(1) ? ctx.node.inputs[1] : std::string()) +
                     "') must be an initializer; a computed B is not supported yet");
  if (b->dtype != DType::kFloat32 || b->shape.size() != 2)
    return ctx.error("B must be a float32 matrix; it is " + std::string(dtype_name(b->dtype)) +
                     " " + shape_string(b->shape));
  const bool trans_a = ctx.node.attr_int("transA", 0) != 0;
  const bool trans_b = ctx.node.attr_int("transB", 0) != 0;
  const float alpha = ctx.node.attr_float("alpha", 1.0f);
  const float beta = ctx.node.attr_float("beta", 1.0f);
  const size_t K = static_cast<size_t>(trans_b ? b->shape[1] : b->shape[0]);
  const size_t N = static_cast<size_t>(trans_b ? b->shape[0] : b->shape[1]);

  const kernels::GemmConfig& gemm = ctx.kernels.gemm;
  std::vector<float> packed(gemm.packed_b_floats(K, N));
  if (trans_b)
    gemm.pack_b_transposed(K, N, b->f32(), K, packed.data());
  else
    gemm.pack_b(K, N, b->f32(), N, packed.data());
  if (alpha != 1.0f)
    for (float& v : packed) v *= alpha;

  std::vector<float> bias(N, 0.0f);
  CAxis c_axis = CAxis::kPerColumn;
  int64_t c_rows = 0;
  Shape c_shape;
  if (ctx.has_input(2)) {
    const Tensor* c = ctx.constant_input(2);
    if (!c) return ctx.error("input C must be an initializer; a computed C is not supported yet");
    c_shape = c->shape;
    const int64_t count = c->elements();
    const int64_t n = static_cast<int64_t>(N);
    // ONNX broadcasts C unidirectionally to [M, N]: [], [1], [N], [1, N], [M, 1], [M, N].
    const Shape& cs = c->shape;
    const bool fits = cs.size() <= 2 && (cs.empty() || cs.back() == n || cs.back() == 1);
    if (c->dtype != DType::kFloat32 || !fits)
      return ctx.error("C is " + std::string(dtype_name(c->dtype)) + " " + shape_string(cs) +
                       "; it must be float32 and broadcast to [M, N] (N = " + std::to_string(N) +
                       "): [], [N], [1, N], [M, 1] or [M, N]");
    const int64_t rows = cs.size() == 2 ? cs[0] : 1;
    const int64_t cols = cs.empty() ? 1 : cs.back();
    if (rows == 1) {  // one row for every m: a column bias
      for (size_t j = 0; j < N; ++j) bias[j] = beta * c->f32()[cols == 1 ? 0 : j];
    } else if (cols == 1 && n != 1) {  // [M, 1]: a row bias
      c_axis = CAxis::kPerRow;
      c_rows = rows;
      bias.assign(static_cast<size_t>(rows), 0.0f);
      for (int64_t m = 0; m < rows; ++m) bias[m] = beta * c->f32()[m];
    } else {  // [M, N]
      c_axis = CAxis::kMatrix;
      c_rows = rows;
      bias.assign(static_cast<size_t>(count), 0.0f);
      for (int64_t i = 0; i < count; ++i) bias[i] = beta * c->f32()[i];
    }
  }
  return std::unique_ptr<Op>(new GemmOp(ctx, K, N, trans_a, std::move(packed), std::move(bias),
                                        c_axis, c_rows, std::move(c_shape)));
}

}  // namespace wnn
