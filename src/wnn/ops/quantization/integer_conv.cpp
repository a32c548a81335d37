// ConvInteger (opset 10) and QLinearConv (opset 10): Conv's geometry (1-D and 2-D, groups,
// strides, dilations, pads, auto_pad: ops/nn/window_attributes.h) on uint8/int8 operands, on the
// exact integer GEMM (kernels/qgemm.h):
//   per image, per group g:  acc_g[Cout/G, OH*OW] = (W_g - w_zp) x col(X_g - x_zp)
//   ConvInteger  Y[int32] = acc
//   QLinearConv  Y = requantize(acc + B, x_scale * w_scale[c] / y_scale, y_zp)
// x's zero point is one value, w's zero point and scale one value or one per output channel.
// Padding contributes (x_zp - x_zp) = 0, as ONNX Runtime pads with the zero point.
// The weights (with their zero point) must be initializers: they are widened once at create.
// Tasks split over (image, group) x blocks of output pixels; each task widens its group's input
// channels to int16 and packs its own columns (one im2col for every conv: kernels/im2col.h).
#include <algorithm>

#include "wnn/kernels/im2col.h"
#include "wnn/ops/nn/window_attributes.h"
#include "wnn/ops/op.h"
#include "wnn/ops/quantization/integer_operands.h"

namespace wnn {
namespace {

constexpr size_t kPackedBlockBytes = 96 * 1024;  // a task's packed columns, as the float Conv

size_t round8(size_t n) { return (n + 7) / 8 * 8; }  // int16 values to whole 16 bytes

class IntegerConvOp final : public Op {
 public:
  IntegerConvOp(const OpContext& ctx, bool qlinear, WindowAttributes attrs, int64_t groups,
                Shape w_shape, std::vector<int16_t> weights)
      : label_(ctx),
        qlinear_(qlinear),
        x_{0, qlinear ? 1 : -1, 2, "x"},
        w_{qlinear ? 3 : 1, qlinear ? 4 : -1, qlinear ? 5 : 3, "w"},
        y_{-1, qlinear ? 6 : -1, qlinear ? 7 : -1, "y"},
        attrs_(std::move(attrs)),
        groups_(static_cast<size_t>(groups)),
        w_shape_(std::move(w_shape)),
        weights_(std::move(weights)),
        qgemm_(ctx.kernels.qgemm) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    Expected<kernels::Window2d> w = attrs_.resolve(label_, x);
    if (!w.ok()) return w.status();
    window_ = w.value();
    const int64_t cout = w_shape_[0];
    cin_g_ = static_cast<size_t>(w_shape_[1]);
    cout_g_ = static_cast<size_t>(cout) / groups_;
    if (static_cast<size_t>(x[1]) != cin_g_ * groups_)
      return label_.error("x has " + std::to_string(x[1]) + " channels, but the weights expect " +
                          std::to_string(cin_g_ * groups_) + " (group " + std::to_string(groups_) +
                          ")");
    WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, x_, in[0].dtype, 1));
    WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, w_, in[w_.data].dtype, cout));
    if (qlinear_) {
      y_dtype_ = x_.has(in, y_.zero) ? in[y_.zero].dtype : DType::kUInt8;
      WNN_RETURN_IF_ERROR(check_q8_operand(label_, in, y_, y_dtype_, 1));
      if (x_.has(in, 8) && (in[8].dtype != DType::kInt32 || in[8].elements() != cout))
        return label_.error("the bias B is " + std::string(dtype_name(in[8].dtype)) + " " +
                            shape_string(in[8].shape) + "; expected int32 [" +
                            std::to_string(cout) + "]");
    }
    out = {{qlinear_ ? y_dtype_ : DType::kInt32, attrs_.output_shape(x[0], cout, window_)}};
    // Tasks: (image, group) x blocks of pixels whose packed columns stay in cache; with threads,
    // more blocks when there are too few planes.
    K_ = cin_g_ * static_cast<size_t>(window_.kernel_h * window_.kernel_w);
    const size_t pixels = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t planes = static_cast<size_t>(x[0]) * groups_;
    needs.flops = 2.0 * static_cast<double>(K_) * static_cast<double>(shape_elements(out[0].shape));
    size_t blocks = ceil_div(pixels * K_ * sizeof(int16_t), kPackedBlockBytes);
    const size_t wanted = wanted_tasks(needs.flops, needs.threads);
    if (planes * blocks < wanted) blocks = ceil_div(wanted, planes);
    const size_t block = std::max<size_t>(1, ceil_div(ceil_div(pixels, blocks), 8) * 8);
    needs.compute = {{planes, pixels}, {1, block}};
    const size_t in_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    packed_size_ = kernels::qgemm_packed_b_size(K_, block);
    rows_size_ = round8(kernels::im2col_scratch_values(cin_g_, window_, block));
    needs.scratch_bytes =
        sizeof(int16_t) * (round8(cin_g_ * in_plane) + packed_size_ + rows_size_) +
        (qlinear_ ? sizeof(int32_t) * cout_g_ * block : 0);
    return ok_status();
  }

  std::vector<size_t> prepacked_inputs() const override {
    std::vector<size_t> v{static_cast<size_t>(w_.data)};
    if (label_.has_input(w_.zero)) v.push_back(static_cast<size_t>(w_.zero));
    return v;
  }

  void run(const RunArgs& a, const Task& task) override {
    const std::vector<TensorDesc>& in = *a.input_descs;
    const size_t plane = task.begin[0], image = plane / groups_, g = plane % groups_;
    const size_t p0 = task.begin[1], p1 = task.end[1];
    const size_t in_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    const size_t out_plane = static_cast<size_t>(window_.out_h * window_.out_w);
    int16_t* x_img = task.scratch_as<int16_t>();
    int16_t* packed = x_img + round8(cin_g_ * in_plane);
    int16_t* rows = packed + packed_size_;
    int32_t* acc = reinterpret_cast<int32_t*>(rows + rows_size_);
    kernels::Q8View x = q8_view(a, in, x_);
    x.data = static_cast<const uint8_t*>(x.data) + (image * groups_ + g) * cin_g_ * in_plane;
    kernels::q8_widen_rows(x, 0, cin_g_, in_plane, in_plane, x_img, in_plane);
    kernels::im2col_packed_i16__rows(x_img, cin_g_, window_, p0, p1, kernels::kQGemmNr, packed,
                                     rows);
    const size_t channel0 = g * cout_g_;
    const int16_t* w = weights_.data() + channel0 * K_;
    const size_t y0 = (image * groups_ * cout_g_ + channel0) * out_plane + p0;
    if (!qlinear_) {
      qgemm_(cout_g_, p1 - p0, K_, w, K_, packed, a.out<int32_t>(0) + y0, out_plane);
      return;
    }
    qgemm_(cout_g_, p1 - p0, K_, w, K_, packed, acc, p1 - p0);
    const float* w_scale = a.in(w_.scale);
    const bool per_channel = in[w_.scale].elements() > 1;
    const int32_t* bias = x_.has(in, 8) ? a.in<int32_t>(8) : nullptr;
    const int32_t y_zero = !x_.has(in, y_.zero)                ? 0
                           : in[y_.zero].dtype == DType::kInt8 ? *a.in<int8_t>(y_.zero)
                                                               : *a.in<uint8_t>(y_.zero);
    uint8_t* y = a.out<uint8_t>(0) + y0;  // int8 or uint8: one byte per value
    for (size_t m = 0; m < cout_g_; ++m) {
      const size_t c = channel0 + m;
      kernels::requantize(p1 - p0, acc + m * (p1 - p0), bias ? bias[c] : 0, *a.in(x_.scale),
                          w_scale + (per_channel ? c : 0), 0, *a.in(y_.scale), y_zero,
                          y_dtype_ == DType::kInt8, y + m * out_plane);
    }
  }

 private:
  OpLabel label_;
  bool qlinear_;
  QOperand x_, w_, y_;
  WindowAttributes attrs_;
  size_t groups_;
  Shape w_shape_;
  std::vector<int16_t> weights_;  // [Cout, Cin/G*KH*KW]: W - w_zero_point
  kernels::QGemmFn qgemm_;
  DType y_dtype_ = DType::kUInt8;
  kernels::Window2d window_;
  size_t cin_g_ = 0, cout_g_ = 0, K_ = 0;
  // A task's scratch after the widened image, in int16 values, sized for a block of pixels:
  // its packed columns, then im2col's padded rows.
  size_t packed_size_ = 0, rows_size_ = 0;
};

Expected<std::unique_ptr<Op>> create_integer_conv(const OpContext& ctx, bool qlinear) {
  const size_t w_in = qlinear ? 3 : 1, w_zero = qlinear ? 5 : 3;
  const Tensor* w = ctx.constant_input(w_in);
  const Tensor* zero = ctx.constant_input(w_zero);
  if (!w || (ctx.has_input(w_zero) && !zero))
    return ctx.error(
        "the weights and their zero point must be initializers: wasmnn widens "
        "them once at load");
  if (!is_q8(w->dtype) || (zero && zero->dtype != w->dtype))
    return ctx.error(
        std::string("the weights are ") + dtype_name(w->dtype) +
        (zero ? std::string(" with a ") + dtype_name(zero->dtype) + " zero point" : "") +
        "; wasmnn takes uint8 or int8 weights with a zero point of their type");
  if (w->shape.size() != 3 && w->shape.size() != 4)
    return ctx.error("weights of shape " + shape_string(w->shape) +
                     " are not supported; only 1-D and 2-D convolution");
  const int64_t groups = ctx.node.attr_int("group", 1);
  if (groups < 1 || w->shape[0] % groups != 0)
    return ctx.error("group " + std::to_string(groups) + " does not divide the " +
                     std::to_string(w->shape[0]) + " output channels");
  const int64_t cout = w->shape[0];
  if (zero && zero->elements() != 1 && zero->elements() != cout)
    return ctx.error("w_zero_point has shape " + shape_string(zero->shape) +
                     "; wasmnn takes one value or one per output channel (" + std::to_string(cout) +
                     ")");
  const Shape kernel(w->shape.begin() + 2, w->shape.end());
  Expected<WindowAttributes> attrs = WindowAttributes::parse(ctx, kernel);
  if (!attrs.ok()) return attrs.status();
  const std::vector<int64_t>& k = attrs.value().kernel;  // always 2-D inside
  const bool matches = kernel.size() == 1 ? (k[0] == 1 && k[1] == kernel[0])
                                          : (k[0] == kernel[0] && k[1] == kernel[1]);
  if (!matches)
    return ctx.error("kernel_shape does not match the weights " + shape_string(w->shape));
  const size_t K = static_cast<size_t>(w->elements() / cout);
  std::vector<int16_t> widened(static_cast<size_t>(w->elements()));
  kernels::Q8View v;
  v.data = w->bytes.data();
  v.is_signed = w->dtype == DType::kInt8;
  v.zero = zero ? zero->bytes.data() : nullptr;
  v.zero_count = zero ? static_cast<size_t>(zero->elements()) : 1;
  kernels::q8_widen_rows(v, 0, static_cast<size_t>(cout), K, K, widened.data(), K);
  return std::unique_ptr<Op>(
      new IntegerConvOp(ctx, qlinear, attrs.take(), groups, w->shape, std::move(widened)));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_conv_integer(const OpContext& ctx) {
  return create_integer_conv(ctx, false);
}
Expected<std::unique_ptr<Op>> create_qlinear_conv(const OpContext& ctx) {
  return create_integer_conv(ctx, true);
}

}  // namespace wnn
