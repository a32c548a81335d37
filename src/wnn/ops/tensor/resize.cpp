// Resize (opsets 10-21) and Upsample (opsets 7-9).
// - mode nearest: any rank, any dtype; nearest_mode round_prefer_floor, round_prefer_ceil, floor,
//   ceil. modes linear and cubic: float32, over the last two dimensions (the others must keep
//   their size); cubic with cubic_coeff_a and exclude_outside.
// - coordinate_transformation_mode half_pixel, pytorch_half_pixel, align_corners, asymmetric,
//   tf_half_pixel_for_nn; tf_crop_and_resize is rejected.
// - opset 18: the axes attribute (scales and sizes name only those axes) and
//   keep_aspect_ratio_policy (stretch, not_larger, not_smaller); antialias (linear and cubic:
//   the filter widened by 1 / scale when downscaling, as ONNX Runtime and Pillow do it).
//   opset 19: coordinate_transformation_mode half_pixel_symmetric.
// - scales or sizes come from inputs known at plan time (or Upsample-7's scales attribute).
//   Output sizes are floor(in * scale) in float, and a given scale is used as is in the
//   coordinate transformation (sizes give scale = out / in), as ONNX Runtime does.
// Resize-10 and Upsample behave as ONNX Runtime runs them: asymmetric coordinates, and nearest
// rounds down when upsampling and up when downsampling an axis.
#include "wnn/kernels/resize.h"

#include <algorithm>
#include <cmath>

#include "wnn/core/number_string.h"
#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

enum class Coord {
  kHalfPixel,
  kHalfPixelSymmetric,
  kPytorchHalfPixel,
  kAlignCorners,
  kAsymmetric,
  kTfHalfPixelForNn
};
enum class AspectPolicy { kStretch, kNotLarger, kNotSmaller };
enum class Rounding { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil, kLegacy };

struct ResizeAttrs {
  bool linear = false;
  bool cubic = false;
  float cubic_a = -0.75f;        // cubic_coeff_a
  bool exclude_outside = false;  // cubic and antialias: taps outside the input weigh 0
  bool antialias = false;
  Coord coord = Coord::kHalfPixel;
  Rounding rounding = Rounding::kRoundPreferFloor;
  std::vector<float> attr_scales;  // Upsample-7
  bool scales_from_attr = false;
  size_t scales_input = 1;    // input index of scales (Resize-10 and Upsample-9: 1; Resize-11+: 2)
  size_t sizes_input = 0;     // 0: none (Resize-10, Upsample)
  std::vector<int64_t> axes;  // opset 18: the axes scales and sizes name (empty: all)
  AspectPolicy policy = AspectPolicy::kStretch;
};

float original_coordinate(Coord c, int64_t o, float scale, int64_t in_len, int64_t out_len) {
  const float x = static_cast<float>(o);
  switch (c) {
    case Coord::kHalfPixel: return (x + 0.5f) / scale - 0.5f;
    case Coord::kHalfPixelSymmetric: {  // opset 19: half_pixel, centred when in * scale is not
                                        // whole
      const float adjustment = static_cast<float>(out_len) / (scale * static_cast<float>(in_len));
      const float offset = static_cast<float>(in_len) / 2.0f * (1.0f - adjustment);
      return offset + (x + 0.5f) / scale - 0.5f;
    }
    case Coord::kPytorchHalfPixel: return out_len > 1 ? (x + 0.5f) / scale - 0.5f : 0.0f;
    case Coord::kAlignCorners:
      return out_len == 1 ? 0.0f
                          : x * static_cast<float>(in_len - 1) / static_cast<float>(out_len - 1);
    case Coord::kAsymmetric: return x / scale;
    case Coord::kTfHalfPixelForNn: return (x + 0.5f) / scale;
  }
  return x;
}

int64_t nearest_index(Rounding r, float x, float scale, int64_t in_len) {
  float i;
  switch (r) {
    case Rounding::kRoundPreferFloor:
      i = x - std::floor(x) == 0.5f ? std::floor(x) : std::round(x);
      break;
    case Rounding::kRoundPreferCeil:
      i = x - std::floor(x) == 0.5f ? std::ceil(x) : std::round(x);
      break;
    case Rounding::kFloor: i = std::floor(x); break;
    case Rounding::kCeil: i = std::ceil(x); break;
    default: i = scale < 1.0f ? std::ceil(x) : std::floor(x); break;  // Resize-10, Upsample
  }
  return std::clamp<int64_t>(static_cast<int64_t>(i), 0, in_len - 1);
}

kernels::LinearTaps linear_taps(Coord c, float scale, int64_t in_len, int64_t out_len) {
  kernels::LinearTaps t;
  for (int64_t o = 0; o < out_len; ++o) {
    float x = original_coordinate(c, o, scale, in_len, out_len);
    x = std::clamp(x, 0.0f, static_cast<float>(in_len - 1));
    const int64_t lo = std::min<int64_t>(static_cast<int64_t>(x), in_len - 1);
    const int64_t hi = std::min<int64_t>(lo + 1, in_len - 1);
    const float w_hi = x - static_cast<float>(lo);
    t.lo.push_back(lo);
    t.hi.push_back(hi);
    t.w_lo.push_back(1.0f - w_hi);
    t.w_hi.push_back(w_hi);
  }
  return t;
}

// Keys' cubic convolution weights of the taps at offsets -1, 0, 1, 2 from floor(x), s = x - floor(x).
void cubic_weights(float s, float a, float w[4]) {
  const float t = 1.0f - s;
  w[0] = ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a;
  w[1] = ((a + 2) * s - (a + 3)) * s * s + 1;
  w[2] = ((a + 2) * t - (a + 3)) * t * t + 1;
  w[3] = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
}

// Cubic taps of one axis: four around the source coordinate, indices clamped to the edge (or,
// with exclude_outside, the outside ones weighing 0 and the others renormalized).
kernels::FilterTaps cubic_taps(const ResizeAttrs& a, float scale, int64_t in_len,
                               int64_t out_len) {
  kernels::FilterTaps t;
  t.width = 4;
  for (int64_t o = 0; o < out_len; ++o) {
    const float x = original_coordinate(a.coord, o, scale, in_len, out_len);
    const float base = std::floor(x);
    float w[4];
    cubic_weights(x - base, a.cubic_a, w);
    float sum = 1.0f;
    if (a.exclude_outside) {
      sum = 0.0f;
      for (int k = 0; k < 4; ++k) {
        const int64_t i = static_cast<int64_t>(base) - 1 + k;
        if (i < 0 || i >= in_len) w[k] = 0.0f;
        sum += w[k];
      }
    }
    for (int k = 0; k < 4; ++k) {
      t.index.push_back(std::clamp<int64_t>(static_cast<int64_t>(base) - 1 + k, 0, in_len - 1));
      t.weight.push_back(w[k] / sum);
    }
    t.count.push_back(4);
  }
  return t;
}

// Antialiased taps of one axis, as ONNX Runtime (after Pillow) computes them: around the centre
// of output o in input coordinates, the filter (triangle of support 2, or Keys' cubic of support
// 4) stretched by 1 / scale when downscaling; weights normalized to sum 1. Taps outside the input
// weigh 0 with exclude_outside; otherwise they count for the edge element.
kernels::FilterTaps antialias_taps(const ResizeAttrs& a, float scale, int64_t in_len,
                                   int64_t out_len) {
  const float stretch = 1.0f / scale;
  const float half = a.cubic ? 2.0f : 1.0f;  // half the filter's support
  const float support = stretch >= 1.0f ? half * stretch : half;
  const float inv_stretch = stretch >= 1.0f ? 1.0f / stretch : 1.0f;
  const int64_t window = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
  auto filter = [&](float x) {
    x = std::fabs(x);
    if (!a.cubic) return x < 1.0f ? 1.0f - x : 0.0f;
    if (x < 1.0f) return ((a.cubic_a + 2.0f) * x - (a.cubic_a + 3.0f)) * x * x + 1;
    if (x < 2.0f) return (((x - 5.0f) * x + 8.f) * x - 4.f) * a.cubic_a;
    return 0.0f;
  };
  kernels::FilterTaps t;
  t.width = static_cast<size_t>(window);
  std::vector<float> raw, w;  // reused for every output: no allocation per output index
  t.index.reserve(static_cast<size_t>(out_len) * t.width);
  t.weight.reserve(static_cast<size_t>(out_len) * t.width);
  t.count.reserve(static_cast<size_t>(out_len));
  for (int64_t o = 0; o < out_len; ++o) {
    const float centre =
        0.5f + (stretch == 1.0f ? static_cast<float>(o)
                                : original_coordinate(a.coord, o, scale, in_len, out_len));
    const int64_t lo = static_cast<int64_t>(std::floor(centre - support + 0.5f));
    int64_t hi = static_cast<int64_t>(std::floor(centre + support + 0.5f));
    hi = lo + std::clamp<int64_t>(hi - lo, 0, window);
    const int64_t first = std::clamp<int64_t>(lo, 0, in_len), last = std::clamp<int64_t>(hi, 0, in_len);
    const int64_t from = a.exclude_outside ? first : lo, to = a.exclude_outside ? last : hi;
    raw.clear();
    float total = 0.0f;
    for (int64_t i = from; i < to; ++i) {
      raw.push_back(filter((static_cast<float>(i) - centre + 0.5f) * inv_stretch));
      total += raw.back();
    }
    // Inside taps first; the outside ones then add to the edge they stand for, nearest last on
    // the left and first on the right (ONNX Runtime's order).
    w.assign(static_cast<size_t>(std::max<int64_t>(last - first, 0)), 0.0f);
    for (int64_t i = std::max(from, first); i < std::min(to, last); ++i)
      w[static_cast<size_t>(i - first)] = raw[static_cast<size_t>(i - from)];
    if (!w.empty()) {
      for (int64_t i = from; i < std::min(to, first); ++i) w.front() += raw[static_cast<size_t>(i - from)];
      for (int64_t i = std::max(from, last); i < to; ++i) w.back() += raw[static_cast<size_t>(i - from)];
    }
    const float inv_total = total == 0.0f ? 1.0f : 1.0f / total;
    for (size_t k = 0; k < static_cast<size_t>(window); ++k) {
      t.index.push_back(k < w.size() ? first + static_cast<int64_t>(k) : 0);
      t.weight.push_back(k < w.size() ? w[k] * inv_total : 0.0f);
    }
    t.count.push_back(w.size());
  }
  return t;
}

class ResizeOp final : public Op {
 public:
  ResizeOp(OpContext ctx, ResizeAttrs attrs) : label_(ctx), a_(std::move(attrs)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    const size_t rank = x.size();
    if ((a_.linear || a_.cubic) && in[0].dtype != DType::kFloat32)
      return label_.error(std::string(a_.linear ? "linear" : "cubic") +
                          " mode needs float32 input; it is " + dtype_name(in[0].dtype));
    std::vector<float> scales;
    Shape y(rank);
    if (a_.scales_from_attr) {
      scales = a_.attr_scales;
    } else if (in.size() > a_.scales_input && !in[a_.scales_input].omitted() &&
               in[a_.scales_input].elements() > 0) {
      const TensorDesc& s = in[a_.scales_input];
      if (s.dtype != DType::kFloat32 || s.shape.size() != 1)
        return label_.error("scales must be a 1-D float32 tensor; it is " +
                            std::string(dtype_name(s.dtype)) + " " + shape_string(s.shape));
      if (!s.data)
        return label_.error("scales ('" + label_.input_name(a_.scales_input) +
                            "') depend on input values, not only on shapes; wasmnn plans memory "
                            "ahead and needs them known when planning");
      const float* p = static_cast<const float*>(s.data);
      scales.assign(p, p + s.elements());
      Expected<std::vector<float>> full = for_every_axis(scales, 1.0f, x, "scales");
      if (!full.ok()) return full.status();
      scales = full.take();
      if (a_.sizes_input && in.size() > a_.sizes_input && !in[a_.sizes_input].omitted() &&
          in[a_.sizes_input].elements() > 0)
        return label_.error("both scales and sizes are given; give only one");
    }
    if (!scales.empty()) {
      if (scales.size() != rank)
        return label_.error("scales has " + std::to_string(scales.size()) +
                            " values, but the input " + shape_string(x) + " has rank " +
                            std::to_string(rank));
      for (size_t d = 0; d < rank; ++d) {
        if (!(scales[d] > 0.0f))
          return label_.error("scales must be positive; scale " + std::to_string(d) + " is " +
                              number_string(scales[d]));
        const float length = static_cast<float>(x[d]) * scales[d];
        const std::optional<int64_t> dim = checked_dim(length);  // inf, or past INT64_MAX
        if (!dim)
          return label_.error("scale " + number_string(scales[d]) + " on axis " +
                              std::to_string(d) + " of size " + std::to_string(x[d]) +
                              " gives an output length that does not fit 64 bits");
        y[d] = *dim;
        // align_corners divides by length_resized - 1. ONNX's reference takes in * scale
        // unfloored, ONNX Runtime and PyTorch the integer output size: refuse rather than pick.
        if (a_.coord == Coord::kAlignCorners && scales[d] != 1.0f &&
            length != static_cast<float>(y[d]))
          return label_.error("coordinate_transformation_mode 'align_corners' with scale " +
                              number_string(scales[d]) + " on axis " + std::to_string(d) +
                              " of size " + std::to_string(x[d]) +
                              " gives a fractional output length, where ONNX's reference and ONNX "
                              "Runtime disagree; give sizes instead of scales");
      }
    } else {
      if (!a_.sizes_input || in.size() <= a_.sizes_input || in[a_.sizes_input].omitted())
        return label_.error("neither scales nor sizes is given");
      Expected<std::vector<int64_t>> given = plan_time_ints(label_, in, a_.sizes_input, "sizes");
      if (!given.ok()) return given.status();
      Expected<std::vector<int64_t>> sizes = sizes_for_every_axis(given.take(), x);
      if (!sizes.ok()) return sizes.status();
      if (sizes.value().size() != rank)
        return label_.error("sizes " + shape_string(sizes.value()) +
                            " must have one value per "
                            "axis of input " +
                            shape_string(x));
      scales.resize(rank);
      for (size_t d = 0; d < rank; ++d) {
        y[d] = sizes.value()[d];
        if (y[d] < 0) return label_.error("sizes " + shape_string(sizes.value()) + " is negative");
        scales[d] = x[d] ? static_cast<float>(y[d]) / static_cast<float>(x[d]) : 1.0f;
      }
      if (a_.policy != AspectPolicy::kStretch) {
        // One scale for the named axes, the smallest (not_larger) or largest (not_smaller) of
        // sizes / in; their output sizes are round(scale * in), halves up. As ONNX Runtime does.
        float scale = 0.0f;
        bool first = true;
        for (size_t d = 0; d < rank; ++d) {
          if (!named_axis(d)) continue;
          const float s = scales[d];
          scale = first                                   ? s
                  : a_.policy == AspectPolicy::kNotLarger ? std::min(scale, s)
                                                          : std::max(scale, s);
          first = false;
        }
        for (size_t d = 0; d < rank; ++d) {
          if (!named_axis(d)) continue;
          scales[d] = scale;
          const std::optional<int64_t> dim =
              checked_dim(std::floor(scale * static_cast<float>(x[d]) + 0.5f));
          if (!dim)
            return label_.error("sizes " + shape_string(sizes.value()) +
                                " give an output length that does not fit 64 bits");
          y[d] = *dim;
        }
      }
    }
    for (size_t d = 0; d < rank; ++d)
      if (x[d] == 0 && y[d] > 0)
        return label_.error("cannot resize the empty axis " + std::to_string(d) + " of " +
                            shape_string(x) + " to " + std::to_string(y[d]));
    // The tables below have one entry per output index: the output must fit the limit first.
    WNN_RETURN_IF_ERROR(label_.check_output_size(0, y, in[0].dtype, needs.memory_limit));
    elem_size_ = dtype_size(in[0].dtype);
    // An empty output needs no tables: one of its other axes may still be billions long (a
    // fuzzer's [1, 0, 2^26] spent minutes filling a table nobody reads).
    empty_ = shape_elements(y) == 0;
    out = {{in[0].dtype, y}};
    if (a_.linear || a_.cubic) {
      for (size_t d = 0; d + 2 < rank; ++d)
        if (y[d] != x[d] || (scales[d] != 1.0f && x[d] != 1))
          return label_.error(std::string(a_.linear ? "linear" : "cubic") +
                              " mode is supported over the last two axes only (N x C x H x W), "
                              "but axis " +
                              std::to_string(d) + " of " + shape_string(x) +
                              " is resized (scale " + number_string(scales[d]) + ")");
      if (empty_) return ok_status();
      const int64_t in_h = rank >= 2 ? x[rank - 2] : 1, out_h = rank >= 2 ? y[rank - 2] : 1;
      const float scale_h = rank >= 2 ? scales[rank - 2] : 1.0f;
      in_h_ = in_h;
      in_w_ = rank >= 1 ? x[rank - 1] : 1;
      const float scale_w = rank >= 1 ? scales[rank - 1] : 1.0f;
      const int64_t out_w = rank >= 1 ? y[rank - 1] : 1;
      if (a_.antialias) {
        filter_rows_ = antialias_taps(a_, scale_h, in_h, out_h);
        filter_cols_ = antialias_taps(a_, scale_w, in_w_, out_w);
      } else if (a_.cubic) {
        filter_rows_ = cubic_taps(a_, scale_h, in_h, out_h);
        filter_cols_ = cubic_taps(a_, scale_w, in_w_, out_w);
      } else {
        rows_ = linear_taps(a_.coord, scale_h, in_h, out_h);
        cols_ = linear_taps(a_.coord, scale_w, in_w_, out_w);
      }
      planes_ = 1;
      for (size_t d = 0; d + 2 < rank; ++d) planes_ *= static_cast<size_t>(x[d]);
    } else {
      if (empty_) return ok_status();
      nearest_.in_strides = row_major_strides(x);
      nearest_.index.assign(rank, {});
      for (size_t d = 0; d < rank; ++d)
        for (int64_t o = 0; o < y[d]; ++o)
          nearest_.index[d].push_back(
              nearest_index(a_.rounding, original_coordinate(a_.coord, o, scales[d], x[d], y[d]),
                            scales[d], x[d]));
    }
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    if (empty_) return;
    if (a_.linear || a_.cubic) {
      if (a_.cubic || a_.antialias)
        kernels::f32_resize_filter(a.in(0), planes_, in_h_, in_w_, filter_rows_, filter_cols_,
                                   a.out(0));
      else
        kernels::f32_resize_bilinear(a.in(0), planes_, in_h_, in_w_, rows_, cols_, a.out(0));
    } else {
      kernels::resize_nearest(a.inputs[0], elem_size_, nearest_, a.outputs[0]);
    }
  }

 private:
  bool named_axis(size_t d) const {
    return normalized_axes_.empty() || std::find(normalized_axes_.begin(), normalized_axes_.end(),
                                                 static_cast<int64_t>(d)) != normalized_axes_.end();
  }

  // scales or sizes (opset 18: one value per entry of the axes attribute) for every axis of x,
  // `fill` on the axes not named.
  template <typename T>
  Expected<std::vector<T>> expand_axes(const std::vector<T>& given, std::vector<T> full,
                                       const Shape& x, const std::string& what) {
    const int64_t rank = static_cast<int64_t>(x.size());
    normalized_axes_.clear();
    if (a_.axes.empty()) return given;
    Expected<std::vector<int64_t>> axes = normalize_axes(label_, a_.axes, rank);
    if (!axes.ok()) return axes.status();
    normalized_axes_ = axes.take();
    if (given.size() != normalized_axes_.size())
      return label_.error(what + " has " + std::to_string(given.size()) + " values but axes " +
                          shape_string(a_.axes) + " names " +
                          std::to_string(normalized_axes_.size()));
    for (size_t i = 0; i < given.size(); ++i) full[normalized_axes_[i]] = given[i];
    return full;
  }
  Expected<std::vector<float>> for_every_axis(const std::vector<float>& given, float fill,
                                              const Shape& x, const std::string& what) {
    return expand_axes(given, std::vector<float>(x.size(), fill), x, what);
  }
  Expected<std::vector<int64_t>> sizes_for_every_axis(const std::vector<int64_t>& given,
                                                      const Shape& x) {
    return expand_axes(given, std::vector<int64_t>(x.begin(), x.end()), x, "sizes");
  }

  OpLabel label_;
  ResizeAttrs a_;
  std::vector<int64_t> normalized_axes_;
  size_t elem_size_ = 4;
  kernels::NearestTables nearest_;
  kernels::LinearTaps rows_, cols_;
  kernels::FilterTaps filter_rows_, filter_cols_;  // cubic or antialias
  int64_t in_h_ = 1, in_w_ = 1;
  size_t planes_ = 1;
  bool empty_ = false;  // the output has no elements: nothing to compute, no tables
};

Expected<std::string> parse_mode(const OpContext& ctx, ResizeAttrs& a, bool cubic_allowed) {
  const std::string mode = ctx.node.attr_string("mode", "nearest");
  const char* supported = cubic_allowed ? "nearest, linear and cubic" : "nearest and linear";
  if (mode == "linear" || mode == "bilinear") {  // "bilinear": Upsample-7 exporters
    a.linear = true;
  } else if (mode == "cubic" && cubic_allowed) {
    a.cubic = true;
  } else if (mode != "nearest") {
    return ctx.error("mode '" + mode + "' is not supported (" + supported + " are)");
  }
  return mode;
}

}  // namespace

Expected<std::unique_ptr<Op>> create_resize(const OpContext& ctx) {
  const Node& n = ctx.node;
  ResizeAttrs a;
  Expected<std::string> mode = parse_mode(ctx, a, /*cubic_allowed=*/true);
  if (!mode.ok()) return mode.status();
  a.cubic_a = n.attr_float("cubic_coeff_a", -0.75f);
  a.exclude_outside = n.attr_int("exclude_outside", 0) != 0;
  // Antialias filters linear and cubic resizing; nearest ignores it (as ONNX Runtime does).
  a.antialias = n.attr_int("antialias", 0) != 0 && (a.linear || a.cubic);
  a.axes = n.attr_ints("axes");
  const std::string policy = n.attr_string("keep_aspect_ratio_policy", "stretch");
  if (policy == "not_larger")
    a.policy = AspectPolicy::kNotLarger;
  else if (policy == "not_smaller")
    a.policy = AspectPolicy::kNotSmaller;
  else if (policy != "stretch")
    return ctx.error("keep_aspect_ratio_policy '" + policy +
                     "' is not one of stretch, not_larger, not_smaller");
  if (ctx.graph.opset < 11) {  // Resize-10: X, scales
    a.coord = Coord::kAsymmetric;
    a.rounding = Rounding::kLegacy;
    a.scales_input = 1;
    return std::unique_ptr<Op>(new ResizeOp(ctx, std::move(a)));
  }
  a.scales_input = 2;
  a.sizes_input = 3;
  const std::string coord = n.attr_string("coordinate_transformation_mode", "half_pixel");
  if (coord == "half_pixel")
    a.coord = Coord::kHalfPixel;
  else if (coord == "half_pixel_symmetric" && ctx.opset() >= 19)
    a.coord = Coord::kHalfPixelSymmetric;
  else if (coord == "pytorch_half_pixel")
    a.coord = Coord::kPytorchHalfPixel;
  else if (coord == "align_corners")
    a.coord = Coord::kAlignCorners;
  else if (coord == "asymmetric")
    a.coord = Coord::kAsymmetric;
  else if (coord == "tf_half_pixel_for_nn")
    a.coord = Coord::kTfHalfPixelForNn;
  else if (coord == "tf_crop_and_resize")
    return ctx.error(
        "coordinate_transformation_mode 'tf_crop_and_resize' is not supported "
        "(half_pixel, half_pixel_symmetric from opset 19, pytorch_half_pixel, align_corners, "
        "asymmetric and tf_half_pixel_for_nn are)");
  else
    return ctx.error("coordinate_transformation_mode '" + coord + "' is not supported");
  const std::string nearest = n.attr_string("nearest_mode", "round_prefer_floor");
  if (nearest == "round_prefer_floor")
    a.rounding = Rounding::kRoundPreferFloor;
  else if (nearest == "round_prefer_ceil")
    a.rounding = Rounding::kRoundPreferCeil;
  else if (nearest == "floor")
    a.rounding = Rounding::kFloor;
  else if (nearest == "ceil")
    a.rounding = Rounding::kCeil;
  else
    return ctx.error("nearest_mode '" + nearest + "' is not supported");
  return std::unique_ptr<Op>(new ResizeOp(ctx, std::move(a)));
}

Expected<std::unique_ptr<Op>> create_upsample(const OpContext& ctx) {
  ResizeAttrs a;
  Expected<std::string> mode = parse_mode(ctx, a, /*cubic_allowed=*/false);
  if (!mode.ok()) return mode.status();
  a.coord = Coord::kAsymmetric;
  a.rounding = Rounding::kLegacy;
  if (const Attribute* s = ctx.node.attribute("scales")) {  // Upsample-7
    a.attr_scales = s->floats;
    a.scales_from_attr = true;
  }
  a.scales_input = 1;
  return std::unique_ptr<Op>(new ResizeOp(ctx, std::move(a)));
}

}  // namespace wnn
