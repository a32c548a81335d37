// Gemm: Y = alpha * A' x B' + beta * C. A constant B (weights) is packed once at create into the
// GEMM panel layout with alpha folded in; a computed B (a DequantizeLinear's output, a Transpose
// that was not folded) is packed the same way per run into the step's scratch, so both give the
// same bits. beta * C is the first item of the epilogue list: a column bias ([N], [1, N],
// scalar), a row bias ([M, 1]) or a full [M, N] matrix, scaled once at create when C is constant
// and per run into the scratch when it is computed; then the fused activation, if any.
#include "wnn/kernels/gemm.h"

#include <optional>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

enum class CAxis { kPerColumn, kPerRow, kMatrix };  // how beta * C is laid out

// How C broadcasts to [M, N] (ONNX's unidirectional broadcast): [], [1], [N], [1, N], [M, 1],
// [M, N]; `rows` is the M it fixes (0 when it fits any M), `floats` the size of beta * C laid out
// along `axis`.
struct CLayout {
  CAxis axis = CAxis::kPerColumn;
  int64_t rows = 0;
  size_t floats = 0;
  bool one_value = false;  // C holds one value, repeated
};

std::optional<CLayout> c_layout(const Shape& cs, size_t N) {
  const int64_t n = static_cast<int64_t>(N);
  if (cs.size() > 2 || !(cs.empty() || cs.back() == n || cs.back() == 1)) return std::nullopt;
  const int64_t rows = cs.size() == 2 ? cs[0] : 1;
  const int64_t cols = cs.empty() ? 1 : cs.back();
  if (rows == 1)  // one row for every m: a column bias
    return CLayout{CAxis::kPerColumn, 0, N, cols == 1};
  if (cols == 1 && n != 1)  // [M, 1]: a row bias
    return CLayout{CAxis::kPerRow, rows, static_cast<size_t>(rows), false};
  return CLayout{CAxis::kMatrix, rows, static_cast<size_t>(rows) * N, false};
}

// beta * C laid out as `layout` says (a column bias is expanded to N values).
void scale_c(const float* c, const CLayout& layout, float beta, float* out) {
  for (size_t i = 0; i < layout.floats; ++i) out[i] = beta * c[layout.one_value ? 0 : i];
}

std::string c_error(const Shape& cs, DType dtype, size_t N) {
  return "C is " + std::string(dtype_name(dtype)) + " " + shape_string(cs) +
         "; it must be float32 and broadcast to [M, N] (N = " + std::to_string(N) +
         "): [], [N], [1, N], [M, 1] or [M, N]";
}

struct GemmParams {
  bool trans_a = false, trans_b = false;
  float alpha = 1.0f, beta = 1.0f;
  bool has_c = false;
};

class GemmOp final : public Op {
 public:
  // A constant B comes packed (with alpha), a constant C scaled as `c_layout` says (empty
  // `packed_b` / `c` when computed: packed and scaled per run).
  // `gemm` packed a constant B (the kernels' default for a computed one).
  GemmOp(OpContext ctx, const kernels::GemmConfig& gemm, GemmParams p, size_t K, size_t N,
         bool constant_b, std::vector<uint8_t> packed_b, bool constant_c, std::vector<float> c,
         std::optional<CLayout> c_layout, Shape c_shape)
      : label_(ctx),
        p_(p),
        K_(K),
        N_(N),
        constant_b_(constant_b),
        constant_c_(constant_c),
        packed_b_(std::move(packed_b)),
        c_(std::move(c)),
        c_layout_(c_layout),
        c_shape_(std::move(c_shape)),
        activation_(ctx.node.activation),
        gemm_(gemm) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& a = in[0].shape;
    if (in[0].dtype != DType::kFloat32)
      return label_.error(std::string("input A is ") + dtype_name(in[0].dtype) +
                          "; only float32 is supported");
    if (!constant_b_) WNN_RETURN_IF_ERROR(take_b(in[1]));
    const int64_t k_axis = p_.trans_a ? 0 : 1;
    if (a.size() != 2 || a[k_axis] != static_cast<int64_t>(K_))
      return label_.error(
          "input '" + label_.input_name(0) + "' has shape " + shape_string(a) +
          "; expected a matrix with " + std::to_string(K_) + (p_.trans_a ? " rows" : " columns") +
          " (transA=" + (p_.trans_a ? "1" : "0") + "). Is a Flatten missing before it?");
    const int64_t M = p_.trans_a ? a[1] : a[0];
    if (p_.has_c && !constant_c_) {
      const TensorDesc& c = in[2];
      c_shape_ = c.shape;
      c_layout_ = c_layout(c.shape, N_);
      if (c.dtype != DType::kFloat32 || !c_layout_)
        return label_.error(c_error(c.shape, c.dtype, N_));
    }
    if (c_layout_ && c_layout_->rows > 0 && M != c_layout_->rows)
      return label_.error(
          "C of shape " + shape_string(c_shape_) +
          " does not broadcast to [M, N] = " + shape_string({M, static_cast<int64_t>(N_)}) +
          " for input '" + label_.input_name(0) + "' of shape " + shape_string(a));
    out = {{DType::kFloat32, {M, static_cast<int64_t>(N_)}}};
    // Scratch: A transposed, then B packed, then beta * C (each when needed).
    transposed_a_floats_ = p_.trans_a ? static_cast<size_t>(M) * K_ : 0;
    packed_b_floats_ = constant_b_ ? 0 : gemm_.packed_b_floats(K_, N_);
    const size_t c_floats = p_.has_c && !constant_c_ ? c_layout_->floats : 0;
    needs.scratch_bytes = sizeof(float) * (transposed_a_floats_ + packed_b_floats_ + c_floats);
    needs.flops = 2.0 * static_cast<double>(M) * static_cast<double>(K_) * static_cast<double>(N_);
    return ok_status();
  }

  // A constant B lives in packed_b_, a constant beta * C in c_.
  std::vector<size_t> prepacked_inputs() const override {
    std::vector<size_t> packed;
    if (constant_b_) packed.push_back(1);
    if (constant_c_) packed.push_back(2);
    return packed;
  }

  void run(const RunArgs& a, const Task& task) override {
    const Shape& shape = a.in_shape(0);
    const size_t M = static_cast<size_t>(p_.trans_a ? shape[1] : shape[0]);
    const float* A = a.in(0);
    float* scratch = task.scratch_as<float>();
    if (p_.trans_a) {  // A is given as [K, M]
      for (size_t m = 0; m < M; ++m)
        for (size_t k = 0; k < K_; ++k) scratch[m * K_ + k] = A[k * M + m];
      A = scratch;
    }
    const float* packed_b = reinterpret_cast<const float*>(packed_b_.data());
    if (!constant_b_) {
      float* packed = scratch + transposed_a_floats_;
      if (p_.trans_b)
        gemm_.pack_b_transposed(K_, N_, a.in(1), K_, packed);
      else
        gemm_.pack_b(K_, N_, a.in(1), N_, packed);
      if (p_.alpha != 1.0f)
        for (size_t i = 0; i < packed_b_floats_; ++i) packed[i] *= p_.alpha;
      packed_b = packed;
    }
    kernels::GemmEpilogue ep;
    if (p_.has_c) {
      const float* c = c_.data();
      if (!constant_c_) {
        float* scaled = scratch + transposed_a_floats_ + packed_b_floats_;
        scale_c(a.in(2), *c_layout_, p_.beta, scaled);
        c = scaled;
      }
      switch (c_layout_->axis) {
        case CAxis::kPerColumn: ep.add_column_bias(c); break;
        case CAxis::kPerRow: ep.add_row_bias(c); break;
        case CAxis::kMatrix: ep.add_matrix(c, N_); break;
      }
    }
    ep.activate(activation_);
    gemm_.gemm(M, N_, K_, A, K_, packed_b, a.out(0), N_, ep);
  }

 private:
  // A computed B: its K and N for this plan.
  Status take_b(const TensorDesc& b) {
    if (b.dtype != DType::kFloat32 || b.shape.size() != 2)
      return label_.error("B ('" + label_.input_name(1) + "') must be a float32 matrix; it is " +
                          dtype_name(b.dtype) + " " + shape_string(b.shape));
    K_ = static_cast<size_t>(p_.trans_b ? b.shape[1] : b.shape[0]);
    N_ = static_cast<size_t>(p_.trans_b ? b.shape[0] : b.shape[1]);
    return ok_status();
  }

  OpLabel label_;
  GemmParams p_;
  size_t K_, N_;
  bool constant_b_, constant_c_;
  std::vector<uint8_t> packed_b_;  // constant B, packed, times alpha (float32)
  std::vector<float> c_;           // constant beta * C laid out as c_layout_
  std::optional<CLayout> c_layout_;
  Shape c_shape_;
  Activation activation_;
  kernels::GemmConfig gemm_;
  size_t transposed_a_floats_ = 0, packed_b_floats_ = 0;  // the scratch's parts
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gemm(const OpContext& ctx) {
  GemmParams p;
  p.trans_a = ctx.node.attr_int("transA", 0) != 0;
  p.trans_b = ctx.node.attr_int("transB", 0) != 0;
  p.alpha = ctx.node.attr_float("alpha", 1.0f);
  p.beta = ctx.node.attr_float("beta", 1.0f);
  p.has_c = ctx.has_input(2);
  if (!ctx.has_input(1)) return ctx.error("input B is missing");
  const Tensor* b = ctx.constant_input(1);
  size_t K = 0, N = 0;
  std::vector<uint8_t> packed;
  const kernels::GemmConfig* chosen = &ctx.kernels.gemm;
  if (b) {
    if (b->dtype != DType::kFloat32 || b->shape.size() != 2)
      return ctx.error("B must be a float32 matrix; it is " + std::string(dtype_name(b->dtype)) +
                       " " + shape_string(b->shape));
    K = static_cast<size_t>(p.trans_b ? b->shape[1] : b->shape[0]);
    N = static_cast<size_t>(p.trans_b ? b->shape[0] : b->shape[1]);
    chosen = &ctx.kernels.short_sum_gemm(K, N);
    const kernels::GemmConfig& gemm = *chosen;
    if (p.trans_b && N % gemm.nr == 0) {
      // [out, in] weights whose panels need no padding: packed where they lie.
      packed = ctx.take_constant_bytes(1);
      gemm.pack_b_transposed_in_place(K, N, reinterpret_cast<float*>(packed.data()));
    } else {
      packed.resize(gemm.packed_b_floats(K, N) * sizeof(float));
      float* to = reinterpret_cast<float*>(packed.data());
      if (p.trans_b)
        gemm.pack_b_transposed(K, N, b->f32(), K, to);
      else
        gemm.pack_b(K, N, b->f32(), N, to);
    }
    if (p.alpha != 1.0f) {
      float* v = reinterpret_cast<float*>(packed.data());
      for (size_t i = 0; i < packed.size() / sizeof(float); ++i) v[i] *= p.alpha;
    }
  }
  std::vector<float> c_values;
  std::optional<CLayout> layout;
  Shape c_shape;
  // A constant C is scaled here when B is constant too (N known); else per run, as if computed.
  const Tensor* c = b ? ctx.constant_input(2) : nullptr;
  if (c) {
    c_shape = c->shape;
    layout = c_layout(c->shape, N);
    if (c->dtype != DType::kFloat32 || !layout) return ctx.error(c_error(c->shape, c->dtype, N));
    c_values.resize(layout->floats);
    scale_c(c->f32(), *layout, p.beta, c_values.data());
  }
  return std::unique_ptr<Op>(new GemmOp(ctx, *chosen, p, K, N, b != nullptr, std::move(packed),
                                        c != nullptr, std::move(c_values), layout,
                                        std::move(c_shape)));
}

}  // namespace wnn
