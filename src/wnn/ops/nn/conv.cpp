// Conv (1-D and 2-D, NCHW; groups, dilations, strides, explicit or auto pads).
// Depthwise convs (group = input channels = output channels) run a direct kernel per channel;
// 3x3 stride-1 convs with enough channels and pixels run Winograd F(2x2, 3x3) (kernels/winograd.h:
// 16 GEMMs of [Cout, Cin] x [Cin, tiles] between an input and an output transform), split into
// tasks over images x blocks of tiles; everything else is im2col into packed panels, then the
// GEMM microkernel with the bias (and a fused activation) in its epilogue:
//   per image, per group g:  Y_g[Cout/G, OH*OW] = W_g[Cout/G, Cin/G*KH*KW] x col(X_g)
// split into tasks over (image, group, block of output channels) x blocks of output pixels: each
// task packs and multiplies its own columns, so the tasks can run on any number of threads.
// A residual Add folded into the node (graph/passes/fuse_residual_add) comes as a fourth input R:
//   Y = activation(W x col(X) + B + R)
// added in the epilogue when R has Y's shape; otherwise (R broadcasts) the op computes the conv
// into its own buffer and then the broadcast Add, in one task.
// Weights and bias are usually initializers, copied at create; computed ones (a
// DequantizeLinear's output, a Transpose that was not folded) are read in place at run: the
// GEMM's A is W's own layout [Cout, Cin/G*KH*KW], so neither needs packing, and both paths give
// the same bits.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "wnn/kernels/binary.h"
#include "wnn/kernels/dwconv.h"
#include "wnn/kernels/gemm.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/winograd.h"
#include "wnn/ops/broadcast.h"
#include "wnn/ops/nn/window_attributes.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

constexpr size_t kPackedBlockBytes = 96 * 1024;  // a conv task's packed columns: about L2's half
constexpr size_t kDepthwiseChannelTile = 4;
constexpr size_t kMinBlockTiles = 2;  // a pixel block's GEMM tiles, at least
constexpr size_t kMinRowTiles = 2;    // an output-channel block's GEMM tiles, at least
// Winograd F(2x2, 3x3) when a 3x3 stride-1 conv has at least this many input and output
// channels and 2x2 output tiles (7x7 outputs and more): with fewer, the transforms or the
// GEMMs' short rows of tiles cost more than the products they save.
constexpr int64_t kWinogradMinChannels = 8;
constexpr size_t kWinogradMinTiles = 16;
// Above this many bytes of U (16 x Cout x Cin floats), with tiles of at most this many panels, a
// Winograd task takes all the tiles and a block of output channels (split_winograd).
constexpr size_t kWinogradLargeU = 1 << 20;
constexpr size_t kWinogradWholePanels = 4;

// Panels of tiles per task when `images` x `panels` panels run on `threads` threads: the block
// whose tasks, claimed in order by whichever thread is free, finish soonest (the last block of
// an image is short: 13 panels in blocks of 4 leave one thread 8 and the other 5; in blocks of 6,
// 7 and 6), the largest such block up to `cache_panels` (fewer tasks, each packing its inputs
// once); one thread: the largest block that stays in cache.
size_t balanced_panels(size_t images, size_t panels, size_t threads, size_t cache_panels) {
  const size_t most = std::min(panels, cache_panels);
  if (threads <= 1) return most;
  size_t best = 1, best_end = SIZE_MAX;
  std::vector<size_t> load(threads);
  for (size_t b = 1; b <= most; ++b) {
    std::fill(load.begin(), load.end(), 0);
    for (size_t i = 0; i < images; ++i)
      for (size_t p = 0; p < panels; p += b)
        *std::min_element(load.begin(), load.end()) += std::min(b, panels - p);
    const size_t end = *std::max_element(load.begin(), load.end());
    if (end <= best_end) best = b, best_end = end;
  }
  return best;
}

// The window attributes of a Conv whose weights are computed: their rank comes with the
// weights' shape at reshape, so both ranks are parsed at create (unless kernel_shape fixes it).
struct ComputedWeightsWindow {
  std::vector<Expected<WindowAttributes>> by_rank;  // 1-D, 2-D
  bool kernel_given = false;                        // kernel_shape is an attribute
};

class ConvOp final : public Op {
 public:
  // `weights` and `bias` are nullptr when computed (read from the inputs at run).
  ConvOp(OpContext ctx, WindowAttributes attrs, const Tensor* weights, const Tensor* bias,
         int64_t groups, ComputedWeightsWindow computed)
      : label_(ctx),
        attrs_(std::move(attrs)),
        computed_window_(std::move(computed)),
        groups_(groups),
        activation_(ctx.node.activation),
        kernels_(ctx.kernels),
        winograd_kernels_(ctx.kernels.winograd),
        dwconv_(ctx.kernels.dwconv),
        add_(ctx.kernels.binary(kernels::BinaryOpKind::kAdd)),
        has_residual_(ctx.has_input(3)),
        constant_weights_(weights != nullptr),
        has_bias_(ctx.has_input(2)),
        constant_bias_(bias != nullptr) {
    if (weights) {
      take_weight_shape(weights->shape);
      weights_ = ctx.take_constant_bytes(1);
    }
    if (bias) bias_.assign(bias->f32(), bias->f32() + bias->elements());
  }

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    if (!constant_weights_) WNN_RETURN_IF_ERROR(take_computed_weights(in[1]));
    if (has_bias_ && !constant_bias_) {
      const TensorDesc& b = in[2];
      if (b.dtype != DType::kFloat32 || b.elements() != out_channels_ || b.shape.size() != 1)
        return label_.error("the bias ('" + label_.input_name(2) + "') is " + dtype_name(b.dtype) +
                            " " + shape_string(b.shape) + "; expected [" +
                            std::to_string(out_channels_) + "] float32");
    } else if (constant_bias_ && static_cast<int64_t>(bias_.size()) != out_channels_) {
      return label_.error("the bias has " + std::to_string(bias_.size()) + " values; expected [" +
                          std::to_string(out_channels_) + "] (the weights' output channels)");
    }
    if (!has_bias_) zero_bias_.assign(static_cast<size_t>(out_channels_), 0.0f);
    Expected<kernels::Window2d> w = attrs_.resolve(label_, x);
    if (!w.ok()) return w.status();
    if (x[1] != in_channels_per_group_ * groups_)
      return label_.error("input '" + label_.input_name(0) + "' has " + std::to_string(x[1]) +
                          " channels, but the weights expect " +
                          std::to_string(in_channels_per_group_ * groups_) + " (group " +
                          std::to_string(groups_) + ")");
    window_ = w.value();
    out = {{DType::kFloat32, attrs_.output_shape(x[0], out_channels_, window_)}};
    WNN_RETURN_IF_ERROR(split_work(x[0], out[0].shape, needs));
    return has_residual_ ? plan_residual(in[3], out, needs) : ok_status();
  }

  // Constant W and B live in weights_ and bias_.
  std::vector<size_t> prepacked_inputs() const override {
    std::vector<size_t> packed;
    if (constant_weights_) packed.push_back(1);
    if (constant_bias_) packed.push_back(2);
    return packed;
  }

  void run(const RunArgs& a, const Task& task) override {
    const Params p{constant_weights_ ? reinterpret_cast<const float*>(weights_.data()) : a.in(1),
                   !has_bias_       ? zero_bias_.data()
                   : constant_bias_ ? bias_.data()
                                    : a.in(2)};
    if (broadcast_residual_) {
      run_with_broadcast_residual(a, p, task.scratch_as<float>());
      return;
    }
    compute(p, a.in(0), has_residual_ ? a.in(3) : nullptr, activation_, a.out(0), task);
  }

 private:
  struct Params {
    const float* weights;  // [Cout, Cin/G*KH*KW]: the GEMM's A (rows contiguous)
    const float* bias;     // [Cout]
  };

  void take_weight_shape(const Shape& w) {
    out_channels_ = w[0];
    in_channels_per_group_ = w[1];
    depthwise_ = in_channels_per_group_ == 1 && groups_ == out_channels_;
  }

  // Computed weights: their shape decides the window's rank and kernel for this plan.
  Status take_computed_weights(const TensorDesc& w) {
    const Shape& s = w.shape;
    if (w.dtype != DType::kFloat32)
      return label_.error("weights ('" + label_.input_name(1) + "') of type " +
                          dtype_name(w.dtype) + " are not supported; only float32");
    if (s.size() != 3 && s.size() != 4)
      return label_.error("weights ('" + label_.input_name(1) + "') of shape " + shape_string(s) +
                          " are not supported; only 1-D ([M, C/group, k]) and 2-D ([M, C/group, "
                          "kH, kW]) convolution");
    for (int64_t d : s)
      if (d < 1)
        return label_.error("weights ('" + label_.input_name(1) + "') of shape " + shape_string(s) +
                            " are empty");
    if (s[0] % groups_ != 0)
      return label_.error("group " + std::to_string(groups_) + " does not divide the " +
                          std::to_string(s[0]) + " output channels of the weights " +
                          shape_string(s));
    const Expected<WindowAttributes>& parsed = computed_window_.by_rank[s.size() - 3];
    if (!parsed.ok()) {  // the message after its "Conv node '...' (opset N): " prefix
      const std::string m = parsed.status().message();
      return label_.error("the attributes do not fit the " + std::to_string(s.size() - 2) +
                          "-D weights " + shape_string(s) + ": " + m.substr(m.find("): ") + 3));
    }
    WindowAttributes attrs = parsed.value();
    const std::vector<int64_t> kernel =
        s.size() == 3 ? std::vector<int64_t>{1, s[2]} : std::vector<int64_t>{s[2], s[3]};
    if (attrs.spatial_rank != static_cast<int>(s.size()) - 2 ||
        (computed_window_.kernel_given && attrs.kernel != kernel))
      return label_.error("kernel_shape does not match the weights " + shape_string(s));
    attrs.kernel = kernel;
    attrs_ = std::move(attrs);
    take_weight_shape(s);
    return ok_status();
  }

  // How the conv's work splits into tasks (conv_tasks_), and the FLOPs.
  Status split_work(int64_t batch, const Shape& y, StepNeeds& needs) {
    const size_t images = static_cast<size_t>(batch);
    const size_t K =  // taps per output
        static_cast<size_t>(in_channels_per_group_ * window_.kernel_h * window_.kernel_w);
    needs.flops = 2.0 * static_cast<double>(K) * static_cast<double>(shape_elements(y));
    if (depthwise_) {  // a task: one image, a block of channels
      needs.compute = {{images, static_cast<size_t>(out_channels_)}, {1, kDepthwiseChannelTile}};
      needs.scratch_bytes = sizeof(float) * kernels::dwconv_scratch_floats(window_);
      conv_tasks_ = needs.compute;
      return ok_status();
    }
    winograd_ = takes_winograd();
    if (winograd_) return split_winograd(images, needs);
    // A task: one (image, group), a block of output pixels and a block of output channels. It
    // packs only its own columns (K x block floats of scratch, sized to stay in cache while the
    // GEMM reads them). Blocks are of equal size and, with threads, there are kTasksPerThread
    // tasks per thread when the step has the work for them, so that the threads get even
    // shares: pixels split first (down to kMinBlockTiles tiles), then output channels (whose
    // tasks pack the same columns again).
    // The split never cuts a sum, so the bits do not depend on it.
    const size_t pixels = static_cast<size_t>(window_.out_h * window_.out_w);
    gemm_ = &kernels_.short_sum_gemm(K, pixels);
    const size_t nr = gemm_->nr, mr = gemm_->mr;
    const size_t cout_g = static_cast<size_t>(out_channels_ / groups_);
    const size_t cin_g = static_cast<size_t>(in_channels_per_group_);
    const size_t planes = images * static_cast<size_t>(groups_);
    const size_t wanted = wanted_tasks(needs.flops, needs.threads);
    const size_t pixel_tiles = ceil_div(pixels, nr);
    const size_t cache_tiles = std::max<size_t>(1, kPackedBlockBytes / (sizeof(float) * K * nr));
    size_t blocks = ceil_div(pixel_tiles, cache_tiles);
    if (planes * blocks < wanted)
      blocks = std::max(blocks, std::min(ceil_div(wanted, planes),
                                         std::max<size_t>(1, pixel_tiles / kMinBlockTiles)));
    const size_t block = ceil_div(pixel_tiles, blocks) * nr;
    blocks = ceil_div(pixels, block);
    size_t channel_blocks = 1;
    if (planes * blocks < wanted)
      channel_blocks =
          std::min(ceil_div(wanted, planes * blocks), ceil_div(cout_g, kMinRowTiles * mr));
    channel_block_ = ceil_div(ceil_div(cout_g, channel_blocks), mr) * mr;
    channel_blocks_ = ceil_div(cout_g, channel_block_);
    needs.compute = {{planes * channel_blocks_, pixels}, {1, block}};
    packed_floats_ = gemm_->packed_b_floats(K, block);
    needs.scratch_bytes =
        sizeof(float) * (packed_floats_ + kernels::im2col_scratch_values(cin_g, window_, block));
    conv_tasks_ = needs.compute;
    return ok_status();
  }

  bool takes_winograd() const {
    return winograd_kernels_.input != nullptr && constant_weights_ && groups_ == 1 &&
           kernels::winograd_fits(window_) && in_channels_per_group_ >= kWinogradMinChannels &&
           out_channels_ >= kWinogradMinChannels &&
           static_cast<size_t>(kernels::winograd_tiles(window_)) >= kWinogradMinTiles;
  }

  // Winograd: a task is one image and a block of tiles, all output channels: it transforms its
  // tiles' inputs (16 packed B of Cin x block), runs the 16 GEMMs into M (16 x Cout x ldm) and
  // transforms M into its outputs. Blocks are whole panels of the GEMM's tile, sized like the
  // im2col path's so that V stays in cache, and split further for threads.
  Status split_winograd(size_t images, StepNeeds& needs) {
    const size_t cin = static_cast<size_t>(in_channels_per_group_);
    const size_t cout = static_cast<size_t>(out_channels_);
    const size_t tiles = static_cast<size_t>(kernels::winograd_tiles(window_));
    if (winograd_weights_.empty()) {
      winograd_weights_.resize(kernels::kWinogradPoints * cout * cin);
      kernels::winograd_f2x3_weights(reinterpret_cast<const float*>(weights_.data()), cout, cin,
                                     winograd_weights_.data());
    }
    const size_t threads =
        std::min<size_t>(needs.threads, static_cast<size_t>(needs.flops / kMinTaskFlops) + 1);
    gemm_ = &kernels_.short_sum_gemm(cin, tiles);
    // A task takes whole panels: with threads, a wide tile whose panels are fewer than the
    // threads would leave one idle (ResNet-20's 16 tiles of 8x8 outputs are one 2x16 panel), so
    // the default tile then (the same bits).
    if (images * ceil_div(tiles, gemm_->nr) < threads) gemm_ = &kernels_.gemm;
    const size_t nr = gemm_->nr;
    const size_t panels = ceil_div(tiles, nr);
    const size_t cache_panels = std::max<size_t>(
        1, kPackedBlockBytes / (sizeof(float) * kernels::kWinogradPoints * cin * nr));
    size_t block = balanced_panels(images, panels, threads, cache_panels) * nr;
    // A large U and few tiles (VGG-16's 256-channel convs on 8x8 outputs: U is 2-4 MB, the tiles
    // two panels): U comes from memory, once per task that reads it all. Then every task takes all
    // the tiles and a block of output channels, so that U is read once per run in all: one task
    // per thread, each reading its rows of U (the input transform is repeated per task, a small
    // cost beside U's rows at these sizes).
    channel_block_ = cout;
    if (sizeof(float) * kernels::kWinogradPoints * cout * cin > kWinogradLargeU &&
        panels <= kWinogradWholePanels) {
      block = tiles;
      const size_t blocks = std::min(threads, ceil_div(cout, kMinRowTiles * gemm_->mr));
      channel_block_ = ceil_div(ceil_div(cout, blocks), gemm_->mr) * gemm_->mr;
    }
    channel_blocks_ = ceil_div(cout, channel_block_);
    winograd_ldm_ = block + 4;  // the output transform reads up to 3 columns past a block's tiles
    winograd_v_stride_ = kernels::winograd_point_stride(gemm_->packed_b_floats(cin, block));
    winograd_m_stride_ = kernels::winograd_point_stride(channel_block_ * winograd_ldm_);
    needs.compute = {{images * channel_blocks_, tiles}, {1, block}};
    needs.scratch_bytes =
        sizeof(float) * (kernels::kWinogradPoints * (winograd_v_stride_ + winograd_m_stride_) +
                         kernels::winograd_input_scratch_floats(window_));
    conv_tasks_ = needs.compute;
    return ok_status();
  }

  // The residual R: added in the epilogue when it has the output's shape, else broadcast.
  Status plan_residual(const TensorDesc& r, std::vector<TensorDesc>& out, StepNeeds& needs) {
    if (r.dtype != DType::kFloat32)
      return label_.error("the residual added to this Conv ('" + label_.input_name(3) + "') is " +
                          dtype_name(r.dtype) + "; the Add needs float32 like the Conv");
    broadcast_residual_ = r.shape != out[0].shape;
    if (!broadcast_residual_) return ok_status();
    Expected<BroadcastLoops> loops = plan_broadcast(out[0].shape, r.shape);
    if (!loops.ok()) return label_.error("the Add after this Conv: " + loops.status().message());
    residual_loops_ = loops.take();
    conv_result_.resize(shape_elements(out[0].shape));
    out[0].shape = residual_loops_.out;
    needs.compute = {};  // one task, which runs the conv's tasks and then the Add
    return ok_status();
  }

  void run_with_broadcast_residual(const RunArgs& a, const Params& p, float* packed) {
    for (size_t i = 0, n = conv_tasks_.tasks(); i < n; ++i)
      compute(p, a.in(0), nullptr, Activation::none(), conv_result_.data(),
              conv_tasks_.task(i, packed));
    float* y = a.out(0);
    run_broadcast(residual_loops_, add_, conv_result_.data(), a.in(3), y);
    if (!activation_.is_none())
      for (size_t i = 0, n = shape_elements(residual_loops_.out); i < n; ++i)
        y[i] = activation_.apply(y[i]);
  }

  // One task of the conv: y = activation(conv(x) + bias + residual), residual optional.
  void compute(const Params& p, const float* x_all, const float* residual, Activation activation,
               float* y_all, const Task& task) {
    const size_t in_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    const size_t out_plane = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t n = task.begin[0];
    if (depthwise_) {
      const size_t c0 = task.begin[1], channels = task.end[1] - c0;
      const size_t plane0 = n * static_cast<size_t>(out_channels_) + c0;
      dwconv_(x_all + plane0 * in_plane, channels, window_,
              p.weights + c0 * static_cast<size_t>(window_.kernel_h * window_.kernel_w),
              p.bias + c0, activation, y_all + plane0 * out_plane, task.scratch_as<float>());
      return;
    }
    if (winograd_) {
      compute_winograd(p, x_all, residual, activation, y_all, task);
      return;
    }
    const size_t groups = static_cast<size_t>(groups_);
    const size_t plane = n / channel_blocks_, channel_block = n % channel_blocks_;
    const size_t image = plane / groups, g = plane % groups;
    const size_t cin_g = static_cast<size_t>(in_channels_per_group_);
    const size_t cout_g = static_cast<size_t>(out_channels_) / groups;
    const size_t m0 = channel_block * channel_block_;
    const size_t m1 = std::min(cout_g, m0 + channel_block_);
    const size_t K = cin_g * static_cast<size_t>(window_.kernel_h * window_.kernel_w);
    const size_t p0 = task.begin[1], p1 = task.end[1];
    const float* x = x_all + (image * groups + g) * cin_g * in_plane;
    const size_t first_channel = g * cout_g + m0;
    const size_t y_offset =
        (image * static_cast<size_t>(out_channels_) + first_channel) * out_plane;
    float* y = y_all + y_offset;
    float* packed = task.scratch_as<float>();
    gemm_->im2col(x, cin_g, window_, p0, p1, gemm_->nr, packed, packed + packed_floats_);
    kernels::GemmEpilogue ep;
    ep.add_row_bias(p.bias + first_channel);
    if (residual) ep.add_matrix(residual + y_offset + p0, out_plane);
    ep.activate(activation);
    gemm_->gemm(m1 - m0, p1 - p0, K, p.weights + first_channel * K, K, packed, y + p0, out_plane,
                ep);
  }

  // One Winograd task (split_winograd): image task.begin[0], tiles [begin[1], end[1]).
  void compute_winograd(const Params& p, const float* x_all, const float* residual,
                        Activation activation, float* y_all, const Task& task) {
    const size_t cin = static_cast<size_t>(in_channels_per_group_);
    const size_t cout = static_cast<size_t>(out_channels_);
    const size_t image = task.begin[0] / channel_blocks_, t0 = task.begin[1], t1 = task.end[1];
    const size_t m0 = task.begin[0] % channel_blocks_ * channel_block_;
    const size_t channels = std::min(cout, m0 + channel_block_) - m0;
    const size_t out_plane = static_cast<size_t>(window_.out_h * window_.out_w);
    const size_t v_stride = winograd_v_stride_, m_stride = winograd_m_stride_;
    float* v = task.scratch_as<float>();
    float* m = v + kernels::kWinogradPoints * v_stride;
    float* rows = m + kernels::kWinogradPoints * m_stride;
    winograd_kernels_.input(x_all + image * cin * static_cast<size_t>(window_.in_h * window_.in_w),
                            cin, window_, t0, t1, gemm_->nr, v, v_stride, rows);
    const kernels::GemmEpilogue none;
    for (size_t point = 0; point < kernels::kWinogradPoints; ++point)
      gemm_->gemm(channels, t1 - t0, cin, winograd_weights_.data() + (point * cout + m0) * cin, cin,
                  v + point * v_stride, m + point * m_stride, winograd_ldm_, none);
    const size_t y_offset = (image * cout + m0) * out_plane;  // output channel m0 of the image
    kernels::GemmEpilogue ep;
    ep.add_row_bias(p.bias + m0);
    if (residual) ep.add_matrix(residual + y_offset, out_plane);
    ep.activate(activation);
    winograd_kernels_.output(m, m_stride, winograd_ldm_, channels, window_, t0, t1, ep,
                             y_all + y_offset);
  }

  OpLabel label_;
  WindowAttributes attrs_;  // for computed weights: this plan's, from computed_window_
  ComputedWeightsWindow computed_window_;
  int64_t groups_;
  Activation activation_;
  const kernels::KernelConfig& kernels_;
  const kernels::GemmConfig* gemm_ = nullptr;  // short_sum_gemm() for this plan's shapes
  kernels::WinogradConfig winograd_kernels_;
  bool winograd_ = false;                // this plan runs Winograd (takes_winograd())
  std::vector<float> winograd_weights_;  // U [16][Cout][Cin], made at the first such plan
  size_t winograd_ldm_ = 0;              // M's row stride
  size_t winograd_v_stride_ = 0, winograd_m_stride_ = 0;  // between two points' V, M
  kernels::DwConvFn dwconv_;
  kernels::BinaryKernels<float> add_;
  bool has_residual_ = false;
  bool constant_weights_, has_bias_, constant_bias_;
  bool broadcast_residual_ = false;
  BroadcastLoops residual_loops_;
  std::vector<float> conv_result_;  // the conv before a broadcast residual is added
  ComputeRange conv_tasks_;
  bool depthwise_ = false;
  size_t channel_block_ = 1, channel_blocks_ = 1;  // output channels of a task, tasks per group
  size_t packed_floats_ = 0;  // a task's packed columns; im2col's padded rows follow them
  int64_t out_channels_ = 0, in_channels_per_group_ = 0;
  std::vector<uint8_t> weights_;  // constant W: [Cout, Cin/G*KH*KW] float32, the file's bytes
  std::vector<float> bias_;       // constant B
  std::vector<float> zero_bias_;  // [Cout] zeros when the node has no bias
  kernels::Window2d window_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_conv(const OpContext& ctx) {
  if (!ctx.has_input(1)) return ctx.error("the weights (input 1) are missing");
  const int64_t groups = ctx.node.attr_int("group", 1);
  if (groups < 1) return ctx.error("group " + std::to_string(groups) + " must be positive");
  const Tensor* w = ctx.constant_input(1);
  const Tensor* b = ctx.constant_input(2);
  if (!w) {  // computed weights: shapes are checked at reshape
    ComputedWeightsWindow computed;
    computed.kernel_given = ctx.node.attribute("kernel_shape") != nullptr;
    computed.by_rank.push_back(WindowAttributes::parse(ctx, {1}));
    computed.by_rank.push_back(WindowAttributes::parse(ctx, {1, 1}));
    return std::unique_ptr<Op>(
        new ConvOp(ctx, WindowAttributes{}, nullptr, b, groups, std::move(computed)));
  }
  if (w->dtype != DType::kFloat32)
    return ctx.error(std::string("weights of type ") + dtype_name(w->dtype) +
                     " are not supported; only float32");
  if (w->shape.size() != 3 && w->shape.size() != 4)
    return ctx.error("weights of shape " + shape_string(w->shape) +
                     " are not supported; only 1-D ([M, C/group, k]) and 2-D ([M, C/group, kH, "
                     "kW]) convolution");
  if (w->shape[0] % groups != 0)
    return ctx.error("group " + std::to_string(groups) + " does not divide the " +
                     std::to_string(w->shape[0]) + " output channels");
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
  return std::unique_ptr<Op>(new ConvOp(ctx, attrs.take(), w, b, groups, {}));
}

}  // namespace wnn
