// Conv (1-D and 2-D, NCHW; groups, dilations, strides, explicit or auto pads).
// Depthwise convs (group = input channels = output channels) run a direct kernel per channel;
// everything else is im2col into packed panels, then the GEMM microkernel with the bias (and a
// fused activation) in its epilogue:
//   per image, per group g:  Y_g[Cout/G, OH*OW] = W_g[Cout/G, Cin/G*KH*KW] x col(X_g)
// split into tasks over (image, group) x blocks of output pixels: each task packs and
// multiplies its own columns, so the tasks can run on any number of threads.
#include <algorithm>

#include "wnn/kernels/dwconv.h"
#include "wnn/kernels/gemm.h"
#include "wnn/kernels/im2col.h"
#include "wnn/ops/op.h"
#include "wnn/ops/window_attributes.h"

namespace wnn {
namespace {

constexpr size_t kPackedBlockBytes = 96 * 1024;  // a conv task's packed columns: about L2's half
constexpr size_t kDepthwiseChannelTile = 4;

class ConvOp final : public Op {
 public:
  ConvOp(OpContext ctx, WindowAttributes attrs, const Tensor& weights, const Tensor* bias,
         int64_t groups)
      : label_(ctx),
        attrs_(std::move(attrs)),
        groups_(groups),
        activation_(ctx.node.activation),
        gemm_(ctx.kernels.gemm),
        dwconv_(ctx.kernels.dwconv) {
    out_channels_ = weights.shape[0];
    in_channels_per_group_ = weights.shape[1];
    depthwise_ = in_channels_per_group_ == 1 && groups_ == out_channels_;
    weights_.assign(weights.f32(), weights.f32() + weights.elements());
    bias_.assign(static_cast<size_t>(out_channels_), 0.0f);
    if (bias) bias_.assign(bias->f32(), bias->f32() + bias->elements());
  }

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    Expected<kernels::Window2d> w = attrs_.resolve(label_, x);
    if (!w.ok()) return w.status();
    if (x[1] != in_channels_per_group_ * groups_)
      return label_.error("input '" + label_.input_name(0) + "' has " + std::to_string(x[1]) +
                          " channels, but the weights expect " +
                          std::to_string(in_channels_per_group_ * groups_) + " (group " +
                          std::to_string(groups_) + ")");
    window_ = w.value();
    out = {{DType::kFloat32, attrs_.output_shape(x[0], out_channels_, window_)}};
    const size_t images = static_cast<size_t>(x[0]);
    const size_t K =  // taps per output
        static_cast<size_t>(in_channels_per_group_ * window_.kernel_h * window_.kernel_w);
    needs.flops = 2.0 * static_cast<double>(K) * static_cast<double>(shape_elements(out[0].shape));
    if (depthwise_) {  // a task: one image, a block of channels
      needs.compute = {{images, static_cast<size_t>(out_channels_)}, {1, kDepthwiseChannelTile}};
      return ok_status();
    }
    // A task: one (image, group) and a block of output pixels. It packs only its own columns
    // (K x block floats of scratch, sized to stay in cache while the GEMM reads them) and
    // computes every output channel of the group for them.
    const size_t pixels = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t nr = gemm_.nr;
    size_t block = std::max<size_t>(1, kPackedBlockBytes / (sizeof(float) * K * nr)) * nr;
    block = std::min(block, (pixels + nr - 1) / nr * nr);
    needs.compute = {{images * static_cast<size_t>(groups_), pixels}, {1, block}};
    needs.scratch_bytes = sizeof(float) * gemm_.packed_b_floats(K, block);
    return ok_status();
  }

  // W and B live in weights_ and bias_.
  std::vector<size_t> prepacked_inputs() const override { return {1, 2}; }

  void run(const RunArgs& a, const Task& task) override {
    const size_t in_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    const size_t out_plane = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t n = task.begin[0];
    if (depthwise_) {
      const size_t c0 = task.begin[1], channels = task.end[1] - c0;
      const size_t plane0 = n * static_cast<size_t>(out_channels_) + c0;
      dwconv_(a.in(0) + plane0 * in_plane, channels, window_,
              weights_.data() + c0 * static_cast<size_t>(window_.kernel_h * window_.kernel_w),
              bias_.data() + c0, activation_, a.out(0) + plane0 * out_plane);
      return;
    }
    const size_t groups = static_cast<size_t>(groups_);
    const size_t image = n / groups, g = n % groups;
    const size_t cin_g = static_cast<size_t>(in_channels_per_group_);
    const size_t cout_g = static_cast<size_t>(out_channels_) / groups;
    const size_t K = cin_g * static_cast<size_t>(window_.kernel_h * window_.kernel_w);
    const size_t p0 = task.begin[1], p1 = task.end[1];
    const float* x = a.in(0) + (image * groups + g) * cin_g * in_plane;
    float* y = a.out(0) + (image * static_cast<size_t>(out_channels_) + g * cout_g) * out_plane;
    float* packed = task.scratch_as<float>();
    gemm_.im2col(x, cin_g, window_, p0, p1, gemm_.nr, packed);
    kernels::GemmEpilogue ep;
    ep.add_row_bias(bias_.data() + g * cout_g).activate(activation_);
    gemm_.gemm(cout_g, p1 - p0, K, weights_.data() + g * cout_g * K, K, packed, y + p0, out_plane,
               ep);
  }

 private:
  OpLabel label_;
  WindowAttributes attrs_;
  int64_t groups_;
  Activation activation_;
  const kernels::GemmConfig& gemm_;
  kernels::DwConvFn dwconv_;
  bool depthwise_ = false;
  int64_t out_channels_ = 0, in_channels_per_group_ = 0;
  std::vector<float> weights_;  // [Cout, Cin/G*KH*KW]: the GEMM's A (rows contiguous)
  std::vector<float> bias_;
  kernels::Window2d window_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_conv(const OpContext& ctx) {
  const Tensor* w = ctx.constant_input(1);
  if (!w)
    return ctx.error("the weights (input 1, '" + ctx.input_name(1) +
                     "') must be an initializer; computed weights are not supported");
  if (w->dtype != DType::kFloat32)
    return ctx.error(std::string("weights of type ") + dtype_name(w->dtype) +
                     " are not supported; only float32");
  if (w->shape.size() != 3 && w->shape.size() != 4)
    return ctx.error("weights of shape " + shape_string(w->shape) +
                     " are not supported; only 1-D ([M, C/group, k]) and 2-D ([M, C/group, kH, "
                     "kW]) convolution");
  const int64_t groups = ctx.node.attr_int("group", 1);
  if (groups < 1 || w->shape[0] % groups != 0)
    return ctx.error("group " + std::to_string(groups) + " does not divide the " +
                     std::to_string(w->shape[0]) + " output channels");
  const Tensor* b = ctx.constant_input(2);
  if (ctx.has_input(2) && !b) return ctx.error("the bias (input 2) must be an initializer");
  if (b && (b->dtype != DType::kFloat32 || b->elements() != w->shape[0]))
    return ctx.error("the bias has shape " + shape_string(b->shape) + "; expected [" +
                     std::to_string(w->shape[0]) + "] float32");
  const Shape kernel(w->shape.begin() + 2, w->shape.end());
  Expected<WindowAttributes> attrs = WindowAttributes::parse(ctx, kernel);
  if (!attrs.ok()) return attrs.status();
  const std::vector<int64_t>& k = attrs.value().kernel;  // always 2-D inside
  const bool matches = kernel.size() == 1 ? (k[0] == 1 && k[1] == kernel[0])
                                          : (k[0] == kernel[0] && k[1] == kernel[1]);
  if (!matches || static_cast<size_t>(attrs.value().spatial_rank) != kernel.size())
    return ctx.error("kernel_shape does not match the weights " + shape_string(w->shape));
  return std::unique_ptr<Op>(new ConvOp(ctx, attrs.take(), *w, b, groups));
}

}  // namespace wnn
