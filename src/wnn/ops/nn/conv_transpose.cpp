// ConvTranspose (1-D and 2-D, NCHW; strides, dilations, pads, output_padding, output_shape,
// auto_pad, group, bias), the adjoint of Conv, as a GEMM and a col2im:
//   per image, per group g:  col[Cout/G * KH*KW, H*W] = W_g^T x X_g[Cin/G, H*W]
//                            Y_g[Cout/G, OH, OW]     = bias + col2im(col)
// W [Cin, Cout/G, KH, KW] is transposed once at create into the GEMM's A (rows contiguous); X is
// packed per run into panels by the task that reads it. Tasks split over (image, group) x
// blocks of output channels: every output value's col2im sum stays in one task. Input pixels go
// through the GEMM in blocks whose size depends on shapes only, so the order of each sum (and
// the bits) never depends on the thread count.
// Output size and pads (ONNX, as onnxruntime computes them):
//   full = stride * (in - 1) + output_padding + (k - 1) * dilation + 1
//   NOTSET: out = full - pads;  VALID: out = full;
//   SAME_UPPER / SAME_LOWER: total = max(0, full - in * stride), out = full - total;
//   output_shape given: out = output_shape, total = full - out (down to 1 - stride: the extra
//   outputs go at the end, as if output_padding had added them);
//   the leading pad is total / 2 for SAME_UPPER, total - total / 2 otherwise (0 if total < 0).
#include <algorithm>

#include "wnn/kernels/col2im.h"
#include "wnn/kernels/gemm.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

constexpr size_t kColBlockFloats = 64 * 1024;  // a GEMM's column block: about L2's half

struct ConvTransposeAttributes {
  int rank = 2;  // spatial rank as the model gives it: 1 or 2
  // Per axis, 2-D inside (a 1-D op has a unit height axis first).
  int64_t kernel[2] = {1, 1}, stride[2] = {1, 1}, dilation[2] = {1, 1};
  int64_t pad_begin[2] = {0, 0}, pad_end[2] = {0, 0}, output_padding[2] = {0, 0};
  int64_t output_shape[2] = {-1, -1};  // -1: not given
  std::string auto_pad = "NOTSET";
};

class ConvTransposeOp final : public Op {
 public:
  ConvTransposeOp(const OpContext& ctx, ConvTransposeAttributes attrs, int64_t groups,
                  int64_t in_channels, int64_t out_channels_per_group, std::vector<float> wt,
                  const Tensor* bias)
      : label_(ctx),
        attrs_(attrs),
        groups_(static_cast<size_t>(groups)),
        cin_g_(static_cast<size_t>(in_channels / groups)),
        cout_g_(static_cast<size_t>(out_channels_per_group)),
        wt_(std::move(wt)),
        has_bias_(ctx.has_input(2)),
        constant_bias_(bias != nullptr),
        gemm_(ctx.kernels.gemm) {
    if (bias) bias_.assign(bias->f32(), bias->f32() + bias->elements());
  }

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    const size_t rank = static_cast<size_t>(attrs_.rank);
    if (x.size() != rank + 2)
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(x) +
                          "; a " + std::to_string(rank) + "-D ConvTranspose needs a rank-" +
                          std::to_string(rank + 2) + " input (N, C, " +
                          (rank == 1 ? "L)" : "H, W)"));
    if (static_cast<size_t>(x[1]) != cin_g_ * groups_)
      return label_.error("input '" + label_.input_name(0) + "' has " + std::to_string(x[1]) +
                          " channels, but the weights expect " + std::to_string(cin_g_ * groups_));
    const int64_t out_channels = static_cast<int64_t>(cout_g_ * groups_);
    if (has_bias_ && !constant_bias_) {
      const TensorDesc& b = in[2];
      if (b.dtype != DType::kFloat32 || b.shape.size() != 1 || b.shape[0] != out_channels)
        return label_.error("the bias ('" + label_.input_name(2) + "') is " + dtype_name(b.dtype) +
                            " " + shape_string(b.shape) + "; expected [" +
                            std::to_string(out_channels) + "] float32");
    }
    // The window of the Conv whose adjoint this is: its input is our output.
    const int64_t in_size[2] = {rank == 1 ? 1 : x[2], x.back()};
    int64_t out_size[2] = {1, 1}, pad[2] = {0, 0};
    for (size_t d = 0; d < 2; ++d) {
      const ConvTransposeAttributes& a = attrs_;
      // Strides, dilations, pads and output_padding come from the model: checked arithmetic.
      bool overflows = false;
      auto checked = [&](std::optional<int64_t> v) {
        overflows = overflows || !v;
        return v.value_or(0);
      };
      const int64_t full = checked(checked_add(
          checked(
              checked_add(checked(checked_mul(a.stride[d], in_size[d] - 1)), a.output_padding[d])),
          checked(checked_add(checked(checked_mul(a.kernel[d] - 1, a.dilation[d])), 1))));
      checked(checked_mul(in_size[d], a.stride[d]));
      checked(checked_add(a.pad_begin[d], a.pad_end[d]));
      checked(checked_add(full, a.stride[d]));
      if (overflows)
        return label_.error("the strides, dilations, pads or output_padding over the input " +
                            shape_string(x) +
                            " overflow 64-bit arithmetic; the attributes are "
                            "corrupt");
      int64_t total = 0;
      if (a.output_shape[d] >= 0) {
        total = full - a.output_shape[d];
        // Up to stride - 1 more outputs than `full` are the input's (as output_padding would
        // add); more would need a larger input.
        if (-total >= a.stride[d])
          return label_.error("output_shape asks for " + std::to_string(a.output_shape[d]) +
                              " outputs along an axis where the input of " +
                              std::to_string(in_size[d]) + " gives " + std::to_string(full) +
                              " to " + std::to_string(full + a.stride[d] - 1) +
                              " (the output_shape does not match the input)");
      } else if (a.auto_pad == "SAME_UPPER" || a.auto_pad == "SAME_LOWER") {
        total = std::max<int64_t>(0, full - in_size[d] * a.stride[d]);
      } else if (a.auto_pad == "NOTSET") {
        total = a.pad_begin[d] + a.pad_end[d];
        pad[d] = a.pad_begin[d];
      }
      out_size[d] = full - total;
      if (total < 0)  // the extra outputs go at the end, as onnxruntime puts them
        pad[d] = 0;
      else if (a.output_shape[d] >= 0 || a.auto_pad == "SAME_UPPER" || a.auto_pad == "SAME_LOWER")
        pad[d] = a.auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      else if (a.auto_pad == "VALID")
        pad[d] = 0;
      if (out_size[d] < 1)
        return label_.error("the pads leave no output for the input " + shape_string(x));
    }
    window_ = {};
    window_.in_h = out_size[0];
    window_.in_w = out_size[1];
    window_.out_h = in_size[0];
    window_.out_w = in_size[1];
    window_.kernel_h = attrs_.kernel[0];
    window_.kernel_w = attrs_.kernel[1];
    window_.stride_h = attrs_.stride[0];
    window_.stride_w = attrs_.stride[1];
    window_.dilation_h = attrs_.dilation[0];
    window_.dilation_w = attrs_.dilation[1];
    window_.pad_top = pad[0];
    window_.pad_left = pad[1];
    Shape y = {x[0], out_channels};
    if (rank == 2) y.push_back(out_size[0]);
    y.push_back(out_size[1]);
    out = {{DType::kFloat32, y}};

    const size_t taps = static_cast<size_t>(attrs_.kernel[0] * attrs_.kernel[1]);
    const size_t pixels = static_cast<size_t>(in_size[0] * in_size[1]);
    const size_t images = static_cast<size_t>(x[0]);
    needs.flops = 2.0 * static_cast<double>(images * groups_ * cout_g_ * taps * cin_g_) *
                  static_cast<double>(pixels);
    // Column blocks from shapes alone (they fix each sum's order); channel blocks for threads.
    const size_t nr = gemm_.nr;
    column_block_ = std::min(
        pixels, std::max<size_t>(nr, kColBlockFloats / std::max<size_t>(1, cout_g_ * taps)));
    column_block_ = std::max<size_t>(1, column_block_);
    size_t channels = cout_g_;
    const size_t planes = images * groups_;
    if (needs.threads > 1) {
      const size_t wanted = wanted_tasks(needs.flops, needs.threads);
      if (planes < wanted)
        channels = ceil_div(cout_g_, std::min(cout_g_, ceil_div(wanted, planes)));
    }
    needs.compute = {{planes, cout_g_}, {1, std::max<size_t>(1, channels)}};
    needs.scratch_bytes = sizeof(float) * (gemm_.packed_b_floats(cin_g_, column_block_) +
                                           channels * taps * column_block_);
    return ok_status();
  }

  // W lives in wt_, a constant bias in bias_.
  std::vector<size_t> prepacked_inputs() const override {
    if (constant_bias_) return {1, 2};
    return {1};
  }

  void run(const RunArgs& a, const Task& task) override {
    const size_t plane = task.begin[0];
    const size_t image = plane / groups_, g = plane % groups_;
    const size_t m0 = task.begin[1], m1 = task.end[1], channels = m1 - m0;
    const size_t taps = static_cast<size_t>(window_.kernel_h * window_.kernel_w);
    const size_t pixels = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t out_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    const size_t first_channel = g * cout_g_ + m0;
    const float* x = a.in(0) + (image * groups_ + g) * cin_g_ * pixels;
    float* y = a.out(0) + (image * groups_ * cout_g_ + first_channel) * out_plane;
    std::fill(y, y + channels * out_plane, 0.0f);
    float* packed = task.scratch_as<float>();
    float* col = packed + gemm_.packed_b_floats(cin_g_, column_block_);
    const float* w = wt_.data() + (g * cout_g_ + m0) * taps * cin_g_;
    const kernels::GemmEpilogue none;
    for (size_t p0 = 0; p0 < pixels; p0 += column_block_) {
      const size_t p1 = std::min(pixels, p0 + column_block_), n = p1 - p0;
      gemm_.pack_b(cin_g_, n, x + p0, pixels, packed);
      gemm_.gemm(channels * taps, n, cin_g_, w, cin_g_, packed, col, n, none);
      kernels::col2im_add__scalar(col, channels, window_, p0, p1, y);
    }
    if (!has_bias_) return;
    const float* bias = (constant_bias_ ? bias_.data() : a.in(2)) + first_channel;
    for (size_t c = 0; c < channels; ++c)
      for (size_t i = 0; i < out_plane; ++i) y[c * out_plane + i] += bias[c];
  }

 private:
  OpLabel label_;
  ConvTransposeAttributes attrs_;
  size_t groups_, cin_g_, cout_g_;
  std::vector<float> wt_;  // per group: W_g^T, [Cout/G * KH*KW, Cin/G] row-major
  std::vector<float> bias_;
  bool has_bias_, constant_bias_;
  kernels::GemmConfig gemm_;
  kernels::Window2d window_;  // of the adjoint Conv (in: our output, out: our input)
  size_t column_block_ = 1;
};

std::string list_string(const std::vector<int64_t>& v) { return shape_string(v); }

}  // namespace

Expected<std::unique_ptr<Op>> create_conv_transpose(const OpContext& ctx) {
  if (!ctx.has_input(1)) return ctx.error("the weights (input 1) are missing");
  const Tensor* w = ctx.constant_input(1);
  if (!w)
    return ctx.error("the weights (input 1, '" + ctx.input_name(1) +
                     "') must be an initializer: ConvTranspose packs them at load; computed "
                     "weights are not supported");
  if (w->dtype != DType::kFloat32)
    return ctx.error(std::string("weights of type ") + dtype_name(w->dtype) +
                     " are not supported; only float32");
  const Shape& ws = w->shape;
  if (ws.size() == 5)
    return ctx.error("3-D ConvTranspose (weights " + shape_string(ws) +
                     ") is not supported; only 1-D and 2-D");
  if (ws.size() != 3 && ws.size() != 4)
    return ctx.error("weights of shape " + shape_string(ws) +
                     " are not supported; only 1-D ([C, M/group, k]) and 2-D ([C, M/group, kH, "
                     "kW]) ConvTranspose");
  for (int64_t d : ws)
    if (d < 1) return ctx.error("weights of shape " + shape_string(ws) + " are empty");
  const int64_t groups = ctx.node.attr_int("group", 1);
  if (groups < 1 || ws[0] % groups != 0)
    return ctx.error("group " + std::to_string(groups) + " does not divide the " +
                     std::to_string(ws[0]) + " input channels of the weights " + shape_string(ws));
  const size_t r = ws.size() - 2;
  const Node& n = ctx.node;
  auto list = [&](const char* name, size_t size, int64_t fallback) {
    return n.attribute(name) ? n.attr_ints(name) : std::vector<int64_t>(size, fallback);
  };
  const std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
  if (n.attribute("kernel_shape") && n.attr_ints("kernel_shape") != kernel)
    return ctx.error("kernel_shape " + list_string(n.attr_ints("kernel_shape")) +
                     " does not match the weights " + shape_string(ws));
  const std::vector<int64_t> strides = list("strides", r, 1), dilations = list("dilations", r, 1);
  const std::vector<int64_t> pads = list("pads", 2 * r, 0);
  const std::vector<int64_t> output_padding = list("output_padding", r, 0);
  std::vector<int64_t> output_shape = list("output_shape", 0, 0);
  if (output_shape.size() == r + 2)
    output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
  if (strides.size() != r || dilations.size() != r || pads.size() != 2 * r ||
      output_padding.size() != r || (!output_shape.empty() && output_shape.size() != r))
    return ctx.error("strides " + list_string(strides) + ", dilations " + list_string(dilations) +
                     ", pads " + list_string(pads) + ", output_padding " +
                     list_string(output_padding) + " and output_shape " +
                     list_string(output_shape) + " do not match the " + std::to_string(r) +
                     "-D kernel " + list_string(kernel));
  ConvTransposeAttributes a;
  a.rank = static_cast<int>(r);
  a.auto_pad = n.attr_string("auto_pad", "NOTSET");
  if (a.auto_pad != "NOTSET" && a.auto_pad != "SAME_UPPER" && a.auto_pad != "SAME_LOWER" &&
      a.auto_pad != "VALID")
    return ctx.error("auto_pad '" + a.auto_pad +
                     "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
  const size_t off = 2 - r;  // a 1-D op fills the second (width) axis
  for (size_t d = 0; d < r; ++d) {
    a.kernel[off + d] = kernel[d];
    a.stride[off + d] = strides[d];
    a.dilation[off + d] = dilations[d];
    a.pad_begin[off + d] = pads[d];
    a.pad_end[off + d] = pads[r + d];
    a.output_padding[off + d] = output_padding[d];
    if (!output_shape.empty()) a.output_shape[off + d] = output_shape[d];
    if (strides[d] < 1 || dilations[d] < 1)
      return ctx.error("strides " + list_string(strides) + " and dilations " +
                       list_string(dilations) + " must be positive");
    if (pads[d] < 0 || pads[r + d] < 0 || output_padding[d] < 0)
      return ctx.error("pads " + list_string(pads) + " and output_padding " +
                       list_string(output_padding) + " must not be negative");
    if (output_padding[d] >= std::max(strides[d], dilations[d]))
      return ctx.error("output_padding " + list_string(output_padding) +
                       " must be smaller than the stride or the dilation of its axis");
    if (!output_shape.empty() && output_shape[d] < 1)
      return ctx.error("output_shape " + list_string(output_shape) + " must be positive");
  }
  const int64_t cout_g = ws[1];
  const Tensor* b = ctx.constant_input(2);
  if (b && (b->dtype != DType::kFloat32 || b->shape.size() != 1 || b->shape[0] != cout_g * groups))
    return ctx.error("the bias has shape " + shape_string(b->shape) + "; expected [" +
                     std::to_string(cout_g * groups) + "] float32");
  // W_g^T: row (m * taps + t) of group g holds W[g * Cin/G + c, m, t] over c.
  const size_t cin_g = static_cast<size_t>(ws[0] / groups),
               taps = static_cast<size_t>(a.kernel[0] * a.kernel[1]);
  const size_t cg = static_cast<size_t>(cout_g);
  std::vector<float> wt(static_cast<size_t>(w->elements()));
  const float* src = w->f32();
  for (size_t g = 0; g < static_cast<size_t>(groups); ++g)
    for (size_t c = 0; c < cin_g; ++c)
      for (size_t r2 = 0; r2 < cg * taps; ++r2)
        wt[(g * cg * taps + r2) * cin_g + c] = src[(g * cin_g + c) * cg * taps + r2];
  return std::unique_ptr<Op>(new ConvTransposeOp(ctx, a, groups, ws[0], cout_g, std::move(wt), b));
}

}  // namespace wnn
