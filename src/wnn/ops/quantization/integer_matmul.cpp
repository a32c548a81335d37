// MatMulInteger (opset 10) and QLinearMatMul (opset 10): numpy matmul of uint8/int8 operands
// (ops/nn/matmul_batches.h) on the exact integer GEMM (kernels/qgemm.h).
//   MatMulInteger  Y[int32] = (A - a_zero_point) x (B - b_zero_point)
//   QLinearMatMul  Y = requantize((a - a_zp) x (b - b_zp), a_scale * b_scale / y_scale, y_zp)
// Zero points: A's one or per row ([M], or per row of every batch matrix), B's one or per column
// ([N], or per column of every batch matrix); QLinearMatMul's b_scale one or per column.
// A constant B (with a constant or absent zero point) is widened and packed once at create;
// a computed one is packed by each task into its scratch. Tasks split over (output matrix) x
// (blocks of rows); rows go through the GEMM kRowChunk at a time, so the scratch stays small.
#include <algorithm>

#include "wnn/ops/nn/matmul_batches.h"
#include "wnn/ops/op.h"
#include "wnn/ops/quantization/integer_operands.h"

namespace wnn {
namespace {

constexpr size_t kRowChunk = 16;

class IntegerMatMulOp final : public Op {
 public:
  IntegerMatMulOp(const OpContext& ctx, bool qlinear, std::vector<int16_t> packed_b,
                  size_t packed_size)
      : label_(ctx),
        qlinear_(qlinear),
        a_{0, qlinear ? 1 : -1, 2, "a"},
        b_{qlinear ? 3 : 1, qlinear ? 4 : -1, qlinear ? 5 : 3, "b"},
        y_{-1, qlinear ? 6 : -1, qlinear ? 7 : -1, "y"},
        qgemm_(ctx.kernels.qgemm),
        constant_b_(!packed_b.empty() || packed_size > 0),
        packed_b_(std::move(packed_b)),
        packed_size_(packed_size) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    for (int i : {a_.data, b_.data})
      if (!a_.has(in, i) || in[i].shape.empty())
        return label_.error("input " + std::to_string(i) +
                            " is missing or a scalar; a matrix "
                            "product needs operands of rank 1 or more");
    Expected<MatMulBatches> plan =
        plan_matmul_batches(label_, in[a_.data].shape, in[b_.data].shape);
    if (!plan.ok()) return plan.status();
    p_ = plan.take();
    const Shape& as = in[a_.data].shape;
    const int64_t rows = as.size() == 1 ? 1 : as[as.size() - 2];
    const int64_t cols = static_cast<int64_t>(p_.N);
    const int64_t a_all = in[a_.data].elements() / static_cast<int64_t>(std::max<size_t>(1, p_.K));
    const int64_t b_all = in[b_.data].elements() / static_cast<int64_t>(std::max<size_t>(1, p_.K));
    WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, a_, in[a_.data].dtype, rows, a_all));
    WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, b_, in[b_.data].dtype, cols, b_all));
    if (qlinear_) {
      if (in[a_.scale].elements() != 1)
        return label_.error("a_scale has shape " + shape_string(in[a_.scale].shape) +
                            "; QLinearMatMul takes one scale for a");
      y_dtype_ = a_.has(in, y_.zero) ? in[y_.zero].dtype : DType::kUInt8;
      WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, y_, y_dtype_, 1));
    }
    out = {{qlinear_ ? y_dtype_ : DType::kInt32, p_.y}};
    needs.flops = 2.0 * static_cast<double>(p_.batches * p_.M * p_.K * p_.N);
    size_t block = std::max<size_t>(1, p_.M);
    if (needs.threads > 1 && p_.batches > 0 && p_.M > 0) {
      const size_t wanted = wanted_tasks(needs.flops, needs.threads);
      if (p_.batches < wanted)
        block =
            ceil_div(ceil_div(p_.M, std::min(ceil_div(wanted, p_.batches), ceil_div(p_.M, 4))), 4) *
            4;
    }
    needs.compute = {{p_.batches, p_.M}, {1, block}};
    const size_t chunk = std::min(block, kRowChunk);
    needs.scratch_bytes =
        sizeof(int16_t) *
            (a_rows_size(chunk) + (constant_b_ ? 0 : kernels::qgemm_packed_b_size(p_.K, p_.N))) +
        (qlinear_ ? sizeof(int32_t) * chunk * p_.N : 0);
    return ok_status();
  }

  std::vector<size_t> prepacked_inputs() const override {
    if (!constant_b_) return {};
    std::vector<size_t> v{static_cast<size_t>(b_.data)};
    if (label_.has_input(b_.zero)) v.push_back(static_cast<size_t>(b_.zero));
    return v;
  }

  void run(const RunArgs& a, const Task& task) override {
    const std::vector<TensorDesc>& in = *a.input_descs;
    const size_t i = task.begin[0], K = p_.K, N = p_.N;
    int16_t* a_rows = task.scratch_as<int16_t>();
    int16_t* packed = a_rows + a_rows_size(std::min(task.end[1] - task.begin[1], kRowChunk));
    int32_t* acc =
        reinterpret_cast<int32_t*>(packed + (constant_b_ ? 0 : kernels::qgemm_packed_b_size(K, N)));
    if (constant_b_) {
      packed = packed_b_.data() + p_.b_matrix[i] * packed_size_;
    } else {
      kernels::Q8View b = q8_view(a, in, b_);
      b.data = static_cast<const uint8_t*>(b.data) + p_.b_matrix[i] * K * N;
      if (b.zero_count > N) b.zero = static_cast<const uint8_t*>(b.zero) + p_.b_matrix[i] * N;
      kernels::qgemm_pack_b(b, K, N, N, packed);
    }
    const kernels::Q8View av = q8_view(a, in, a_);
    const size_t a_row0 = p_.a_matrix[i] * p_.M;  // A's rows count on across its batch
    for (size_t r0 = task.begin[1]; r0 < task.end[1]; r0 += kRowChunk) {
      const size_t rows = std::min(kRowChunk, task.end[1] - r0);
      kernels::q8_widen_rows(av, a_row0 + r0, rows, K, K, a_rows, K);
      const size_t y0 = (i * p_.M + r0) * N;
      if (!qlinear_) {
        qgemm_(rows, N, K, a_rows, K, packed, a.out<int32_t>(0) + y0, N);
        continue;
      }
      qgemm_(rows, N, K, a_rows, K, packed, acc, N);
      const float* b_scale = a.in(b_.scale);
      const size_t stride = in[b_.scale].elements() == 1 ? 0 : 1;
      const int32_t y_zero = zero_point(a, in, y_);
      uint8_t* y = a.out<uint8_t>(0) + y0;  // int8 or uint8: one byte per value
      for (size_t r = 0; r < rows; ++r)
        kernels::requantize(N, acc + r * N, 0, *a.in(a_.scale), b_scale, stride, *a.in(y_.scale),
                            y_zero, y_dtype_ == DType::kInt8, y + r * N);
    }
  }

 private:
  // The widened rows of A in the scratch, rounded to whole 16 bytes so what follows is aligned.
  size_t a_rows_size(size_t rows) const { return (rows * p_.K + 7) / 8 * 8; }

  static int32_t zero_point(const RunArgs& a, const std::vector<TensorDesc>& in,
                            const QOperand& q) {
    if (!q.has(in, q.zero)) return 0;
    return in[q.zero].dtype == DType::kInt8 ? *a.in<int8_t>(q.zero) : *a.in<uint8_t>(q.zero);
  }

  OpLabel label_;
  bool qlinear_;
  QOperand a_, b_, y_;
  kernels::QGemmFn qgemm_;
  bool constant_b_;
  std::vector<int16_t> packed_b_;  // constant B: one packed matrix per batch matrix of B
  size_t packed_size_;             // int16 values per packed matrix
  DType y_dtype_ = DType::kUInt8;
  MatMulBatches p_;
};

Expected<std::unique_ptr<Op>> create_integer_matmul(const OpContext& ctx, bool qlinear) {
  const size_t b_in = qlinear ? 3 : 1, b_zero = qlinear ? 5 : 3;
  const Tensor* b = ctx.constant_input(b_in);
  const Tensor* zero = ctx.constant_input(b_zero);
  if (!b || b->shape.empty() || !is_q8(b->dtype) || (ctx.has_input(b_zero) && !zero) ||
      (zero && zero->dtype != b->dtype))
    return std::unique_ptr<Op>(new IntegerMatMulOp(ctx, qlinear, {}, 0));  // checked at reshape
  // A constant B: widen and pack each batch matrix once, its zero points taken off.
  const Shape& s = b->shape;
  const size_t K = static_cast<size_t>(s.size() == 1 ? s[0] : s[s.size() - 2]);
  const size_t N = static_cast<size_t>(s.size() == 1 ? 1 : s.back());
  const size_t count = K * N == 0 ? 0 : static_cast<size_t>(b->elements()) / (K * N);
  const size_t zeros = zero ? static_cast<size_t>(zero->elements()) : 1;
  if (zeros != 1 && zeros != N && zeros != count * N)
    return ctx.error("b_zero_point has shape " + shape_string(zero->shape) +
                     "; wasmnn takes one value or " + std::to_string(N) + " (one per column)");
  const size_t size = kernels::qgemm_packed_b_size(K, N);
  std::vector<int16_t> packed(std::max<size_t>(1, size * count));
  for (size_t i = 0; i < count; ++i) {
    kernels::Q8View v;
    v.data = b->bytes.data() + i * K * N;
    v.is_signed = b->dtype == DType::kInt8;
    v.zero = zero ? zero->bytes.data() + (zeros > N ? i * N : 0) : nullptr;
    v.zero_count = std::min(zeros, N);
    kernels::qgemm_pack_b(v, K, N, N, packed.data() + i * size);
  }
  return std::unique_ptr<Op>(new IntegerMatMulOp(ctx, qlinear, std::move(packed), size));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_matmul_integer(const OpContext& ctx) {
  return create_integer_matmul(ctx, false);
}
Expected<std::unique_ptr<Op>> create_qlinear_matmul(const OpContext& ctx) {
  return create_integer_matmul(ctx, true);
}

}  // namespace wnn
