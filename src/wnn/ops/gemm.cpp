// Gemm: Y = alpha * A' x B' + beta * C with a constant B (weights), packed once at create into
// the GEMM panel layout with alpha folded in; beta * C becomes the epilogue's column bias.
#include "wnn/kernels/gemm.h"
#include "wnn/ops/fused_activation.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class GemmOp final : public Op {
 public:
  GemmOp(OpContext ctx, size_t K, size_t N, bool trans_a, std::vector<float> packed_b,
         std::vector<float> bias)
      : ctx_(ctx), K_(K), N_(N), trans_a_(trans_a), packed_b_(std::move(packed_b)),
        bias_(std::move(bias)),
        gemm_(kernels::select_kernel<kernels::GemmFn>(ctx.kernels, kernels::f32_gemm__scalar,
                                                      WNN_SIMD(kernels::f32_gemm_4x8__wasmsimd))) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 size_t& scratch_bytes) override {
    const Shape& a = in[0].shape;
    if (in[0].dtype != DType::kFloat32)
      return ctx_.error(std::string("input A is ") + dtype_name(in[0].dtype) + "; only float32 is supported");
    const int64_t k_axis = trans_a_ ? 0 : 1;
    if (a.size() != 2 || a[k_axis] != static_cast<int64_t>(K_))
      return ctx_.error("input '" + ctx_.node.inputs[0] + "' has shape " + shape_string(a) +
                        "; expected a matrix with " + std::to_string(K_) + (trans_a_ ? " rows" :
                        " columns") + " (transA=" + (trans_a_ ? "1" : "0") +
                        "). Is a Flatten missing before it?");
    const int64_t M = trans_a_ ? a[1] : a[0];
    out = {{DType::kFloat32, {M, static_cast<int64_t>(N_)}}};
    scratch_bytes = trans_a_ ? sizeof(float) * static_cast<size_t>(M) * K_ : 0;
    return ok_status();
  }

  void run(const RunArgs& a) override {
    const Shape& shape = a.in_shape(0);
    const size_t M = static_cast<size_t>(trans_a_ ? shape[1] : shape[0]);
    const float* A = a.in(0);
    if (trans_a_) {  // A is given as [K, M]
      float* t = a.scratch_as<float>();
      for (size_t m = 0; m < M; ++m)
        for (size_t k = 0; k < K_; ++k) t[m * K_ + k] = A[k * M + m];
      A = t;
    }
    kernels::GemmEpilogue ep;
    ep.bias = bias_.data();
    ep.bias_axis = kernels::BiasAxis::kPerColumn;
    ep.relu = has_fused_relu(ctx_.node);
    gemm_(M, N_, K_, A, K_, packed_b_.data(), a.out(0), N_, ep);
  }

 private:
  OpContext ctx_;
  size_t K_, N_;
  bool trans_a_;
  std::vector<float> packed_b_;
  std::vector<float> bias_;  // beta * C broadcast to [N]
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

  std::vector<float> packed(kernels::gemm_packed_b_floats(K, N));
  if (trans_b) kernels::pack_gemm_b_transposed(K, N, b->f32(), K, packed.data());
  else kernels::pack_gemm_b(K, N, b->f32(), N, packed.data());
  if (alpha != 1.0f)
    for (float& v : packed) v *= alpha;

  std::vector<float> bias(N, 0.0f);
  if (ctx.has_input(2)) {
    const Tensor* c = ctx.constant_input(2);
    if (!c) return ctx.error("input C must be an initializer; a computed C is not supported yet");
    const int64_t count = c->elements();
    const bool per_column = count == static_cast<int64_t>(N) &&
                            (c->shape.size() == 1 || (c->shape.size() == 2 && c->shape[0] == 1));
    if (c->dtype != DType::kFloat32 || !(per_column || count == 1))
      return ctx.error("C of shape " + shape_string(c->shape) +
                       " is not supported; only [N], [1, N] or a scalar (N = " +
                       std::to_string(N) + ")");
    for (size_t n = 0; n < N; ++n) bias[n] = beta * c->f32()[count == 1 ? 0 : n];
  }
  return std::unique_ptr<Op>(new GemmOp(ctx, K, N, trans_a, std::move(packed), std::move(bias)));
}

}  // namespace wnn
