// MatMul (opset 1 and 13): numpy matmul of float32 operands of any rank (ops/nn/matmul_batches.h:
// 1-D operands, broadcast batch dimensions).
//
// Every matrix product runs the GEMM microkernel over a packed B (kernels/gemm.h):
//  - a constant B (an initializer: a dense layer, a transformer's projection) is packed once at
//    create, one packed matrix per batch matrix of B;
//  - a computed B (attention's Q x K^T, scores x V) is packed per run by each task into its
//    scratch.
// Tasks split over (output batch matrix) x (blocks of output rows), never over K, so every
// thread count gives the same bits. An optional third input is a constant bias [N] added in the
// GEMM epilogue (graph/passes/fuse_matmul_bias folds MatMul -> Add into it).
#include <algorithm>

#include "wnn/kernels/gemm.h"
#include "wnn/ops/nn/matmul_batches.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class MatMulOp final : public Op {
 public:
  // `gemm` packed a constant B (the kernels' default for a computed one).
  MatMulOp(const OpContext& ctx, const kernels::GemmConfig& gemm, bool constant_b,
           std::vector<float> packed_b, size_t packed_size, std::vector<float> bias)
      : label_(ctx),
        gemm_(gemm),
        constant_b_(constant_b),
        packed_b_(std::move(packed_b)),
        packed_size_(packed_size),
        bias_(std::move(bias)),
        activation_(ctx.node.activation) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    for (size_t i = 0; i < 2; ++i) {
      if (in[i].omitted()) return label_.error("input " + std::to_string(i) + " is missing");
      if (in[i].dtype != DType::kFloat32)
        return label_.error("input '" + label_.input_name(i) + "' is " + dtype_name(in[i].dtype) +
                            "; MatMul supports float32 only (int64 and other integer MatMul "
                            "are not supported)");
      if (in[i].shape.empty())
        return label_.error("input '" + label_.input_name(i) +
                            "' is a scalar; MatMul needs operands of rank 1 or more");
    }
    Expected<MatMulBatches> plan = plan_matmul_batches(label_, in[0].shape, in[1].shape);
    if (!plan.ok()) return plan.status();
    MatMulBatches& p = plan.value();
    if (!bias_.empty() && p.N != bias_.size())
      return label_.error("the bias added after this MatMul has " + std::to_string(bias_.size()) +
                          " values; the product has " + std::to_string(p.N) + " columns");
    out = {{DType::kFloat32, p.y}};
    batches_ = p.batches;
    M_ = p.M;
    K_ = p.K;
    N_ = p.N;
    a_matrix_ = std::move(p.a_matrix);
    b_matrix_ = std::move(p.b_matrix);
    needs.flops = 2.0 * static_cast<double>(batches_) * static_cast<double>(M_) *
                  static_cast<double>(K_) * static_cast<double>(N_);
    needs.scratch_bytes = constant_b_ ? 0 : sizeof(float) * gemm_.packed_b_floats(K_, N_);
    split_work(needs);
    return ok_status();
  }

  // A constant B (and the fused bias) live in packed_b_ and bias_.
  std::vector<size_t> prepacked_inputs() const override {
    if (!constant_b_) return {2};
    return {1, 2};
  }

  void run(const RunArgs& args, const Task& task) override {
    const size_t i = task.begin[0];
    const size_t r0 = task.begin[1], r1 = task.end[1];
    const float* A = args.in(0) + (a_matrix_[i] * M_ + r0) * K_;
    const float* packed;
    if (constant_b_) {
      packed = packed_b_.data() + b_matrix_[i] * packed_size_;
    } else {
      float* scratch = task.scratch_as<float>();
      gemm_.pack_b(K_, N_, args.in(1) + b_matrix_[i] * K_ * N_, N_, scratch);
      packed = scratch;
    }
    kernels::GemmEpilogue ep;
    if (!bias_.empty()) ep.add_column_bias(bias_.data());
    ep.activate(activation_);
    gemm_.gemm(r1 - r0, N_, K_, A, K_, packed, args.out(0) + (i * M_ + r0) * N_, N_, ep.at(r0, 0));
  }

 private:
  // Tasks: one per output matrix, its rows cut into blocks (whole GEMM tiles) only when threads
  // want more tasks than there are matrices.
  void split_work(StepNeeds& needs) {
    size_t rows = std::max<size_t>(1, M_);
    if (needs.threads > 1 && batches_ > 0 && M_ > 0) {
      const size_t wanted = wanted_tasks(needs.flops, needs.threads);
      if (batches_ < wanted) {
        const size_t blocks = std::min(ceil_div(wanted, batches_), ceil_div(M_, gemm_.mr));
        rows = ceil_div(ceil_div(M_, blocks), gemm_.mr) * gemm_.mr;
      }
    }
    needs.compute = {{batches_, M_}, {1, rows}};
  }

  OpLabel label_;
  const kernels::GemmConfig gemm_;
  bool constant_b_;
  std::vector<float> packed_b_;  // constant B: one packed matrix per batch matrix of B
  size_t packed_size_;           // floats per packed matrix
  std::vector<float> bias_;      // [N] added in the epilogue, or empty
  Activation activation_;
  // The plan's shapes: batches_ products of [M_, K_] x [K_, N_]; output matrix i reads A matrix
  // a_matrix_[i] and B matrix b_matrix_[i].
  size_t batches_ = 0, M_ = 0, K_ = 0, N_ = 0;
  std::vector<size_t> a_matrix_, b_matrix_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_matmul(const OpContext& ctx) {
  if (!ctx.has_input(0) || !ctx.has_input(1)) return ctx.error("MatMul needs two inputs, A and B");
  std::vector<float> bias;
  if (ctx.has_input(2)) {  // a bias folded in by graph/passes/fuse_matmul_bias
    const Tensor* c = ctx.constant_input(2);
    if (!c || c->dtype != DType::kFloat32 || c->shape.size() != 1)
      return ctx.error("the bias folded into this MatMul must be a float32 [N] initializer");
    bias.assign(c->f32(), c->f32() + c->elements());
  }
  const Tensor* b = ctx.constant_input(1);
  if (!b)
    return std::unique_ptr<Op>(new MatMulOp(ctx, ctx.kernels.gemm, false, {}, 0, std::move(bias)));
  if (b->dtype != DType::kFloat32)
    return ctx.error("B ('" + ctx.input_name(1) + "') is " + dtype_name(b->dtype) +
                     "; MatMul supports float32 only (int64 and other integer MatMul are not "
                     "supported)");
  if (b->shape.empty())
    return ctx.error("B ('" + ctx.input_name(1) +
                     "') is a scalar; MatMul needs operands of rank 1 or more");
  const Shape& s = b->shape;
  const size_t K = static_cast<size_t>(s.size() == 1 ? s[0] : s[s.size() - 2]);
  const size_t N = static_cast<size_t>(s.size() == 1 ? 1 : s.back());
  const size_t count = K * N == 0 ? 0 : static_cast<size_t>(b->elements()) / (K * N);
  const kernels::GemmConfig& gemm = ctx.kernels.short_sum_gemm(K, N);
  const size_t size = gemm.packed_b_floats(K, N);
  std::vector<float> packed(size * count);
  for (size_t i = 0; i < count; ++i)
    gemm.pack_b(K, N, b->f32() + i * K * N, N, packed.data() + i * size);
  return std::unique_ptr<Op>(
      new MatMulOp(ctx, gemm, true, std::move(packed), size, std::move(bias)));
}

}  // namespace wnn
