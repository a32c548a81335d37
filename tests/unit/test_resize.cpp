// Resize (opsets 10-17) and Upsample: nearest with every nearest_mode, bilinear with every
// coordinate_transformation_mode, bicubic and antialiased filters, scales or sizes (also computed
// from shapes while planning), and the errors for what is not supported.
#include <doctest/doctest.h>

#include <cmath>

#include "graph_builder.h"

using namespace wnn;
using namespace wnn::test;

namespace {

struct ResizeCase {
  Tensor x;
  std::vector<float> scales;  // empty: use sizes
  std::vector<int64_t> sizes;
  std::map<std::string, Attribute> attrs;
  int64_t opset = 13;
};

Expected<std::vector<Tensor>> run_resize(const ResizeCase& c) {
  GraphBuilder b(c.opset);
  b.input("x", c.x.dtype, c.x.shape);
  const int64_t rank = static_cast<int64_t>(c.x.shape.size());
  if (c.opset < 11) {
    b.init("scales", f32({rank}, c.scales));
    b.node("Resize", {"x", "scales"}, {"y"}, c.attrs);
  } else if (!c.scales.empty()) {
    b.init("scales", f32({rank}, c.scales));
    b.node("Resize", {"x", "", "scales"}, {"y"}, c.attrs);
  } else {
    b.init("sizes", i64({rank}, c.sizes));
    b.node("Resize", {"x", "", "", "sizes"}, {"y"}, c.attrs);
  }
  b.output("y");
  return run_graph(b.g, {c.x});
}

Tensor only(Expected<std::vector<Tensor>> r) {
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return r.value()[0];
}

std::string error_of(Expected<std::vector<Tensor>> r) {
  REQUIRE(!r.ok());
  return r.status().message();
}

void check_close(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-6));
}

}  // namespace

TEST_CASE("Resize nearest: every nearest_mode, half_pixel and asymmetric, any dtype") {
  const Tensor x = f32({1, 1, 1, 4}, {1, 2, 3, 4});
  // 4 -> 3, half_pixel: x_original = 0.1667, 1.5, 2.8333.
  const std::pair<const char*, std::vector<float>> modes[] = {{"round_prefer_floor", {1, 2, 4}},
                                                              {"round_prefer_ceil", {1, 3, 4}},
                                                              {"floor", {1, 2, 3}},
                                                              {"ceil", {2, 3, 4}}};
  for (const auto& [mode_name, want] : modes) {
    const std::string mode = mode_name;  // (clang cannot capture a structured binding)
    CAPTURE(mode);
    Tensor y = only(run_resize({x, {}, {1, 1, 1, 3}, {{"nearest_mode", str(mode)}}}));
    CHECK(y.shape == Shape{1, 1, 1, 3});
    CHECK(values<float>(y) == want);
  }
  // 2x upsample, asymmetric + floor on int64 data: each value twice.
  Tensor yi = only(run_resize(
      {i64({1, 2}, {7, 9}),
       {1, 2},
       {},
       {{"coordinate_transformation_mode", str("asymmetric")}, {"nearest_mode", str("floor")}}}));
  CHECK(values<int64_t>(yi) == std::vector<int64_t>{7, 7, 9, 9});
}

TEST_CASE("Resize linear: half_pixel, align_corners, asymmetric, pytorch_half_pixel") {
  const Tensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  Tensor y = only(run_resize({x, {1, 1, 2, 2}, {}, {{"mode", str("linear")}}}));
  CHECK(y.shape == Shape{1, 1, 4, 4});
  check_close(values<float>(y), {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f,
                                 3.5f, 3, 3.25f, 3.75f, 4});
  y = only(run_resize(
      {x,
       {},
       {1, 1, 2, 3},
       {{"mode", str("linear")}, {"coordinate_transformation_mode", str("align_corners")}}}));
  check_close(values<float>(y), {1, 1.5f, 2, 3, 3.5f, 4});
  y = only(run_resize(
      {x,
       {1, 1, 1, 2},
       {},
       {{"mode", str("linear")}, {"coordinate_transformation_mode", str("asymmetric")}}}));
  check_close(values<float>(y), {1, 1.5f, 2, 2, 3, 3.5f, 4, 4});
  // pytorch_half_pixel: an output axis of length 1 samples coordinate 0.
  y = only(run_resize(
      {x,
       {},
       {1, 1, 1, 1},
       {{"mode", str("linear")}, {"coordinate_transformation_mode", str("pytorch_half_pixel")}}}));
  CHECK(values<float>(y) == std::vector<float>{1});
}

TEST_CASE("Resize-10 and Upsample: asymmetric, nearest rounds down when upsampling") {
  const Tensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  Tensor y = only(run_resize({x, {1, 1, 1, 1.5f}, {}, {}, 10}));
  CHECK(y.shape == Shape{1, 1, 2, 3});
  CHECK(values<float>(y) == std::vector<float>{1, 1, 2, 3, 3, 4});
  for (int64_t opset : {7, 9}) {
    GraphBuilder b(opset);
    b.input("x", DType::kFloat32, {1, 1, 2, 2});
    if (opset == 7) {
      Attribute s;
      s.kind = Attribute::Kind::kFloats;
      s.floats = {1, 1, 2, 2};
      b.node("Upsample", {"x"}, {"y"}, {{"scales", s}});
    } else {
      b.init("s", f32({4}, {1, 1, 2, 2}));
      b.node("Upsample", {"x", "s"}, {"y"});
    }
    b.output("y");
    y = only(run_graph(b.g, {x}));
    CHECK(values<float>(y) == std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  }
}

TEST_CASE("Resize sizes computed from shapes under a symbolic batch are known when planning") {
  // sizes = Concat(Slice(Shape(x), 0, 2), [4, 4]): [N, C, 2, 2] -> [N, C, 4, 4].
  GraphBuilder b;
  b.input("x", DType::kFloat32, {-1, 1, 2, 2});
  b.init("s0", i64({1}, {0})).init("s2", i64({1}, {2})).init("hw", i64({2}, {4, 4}));
  b.node("Shape", {"x"}, {"shape"});
  b.node("Slice", {"shape", "s0", "s2"}, {"nc"});
  b.node("Concat", {"nc", "hw"}, {"sizes"}, {{"axis", int1(0)}});
  b.node("Resize", {"x", "", "", "sizes"}, {"y"}, {{"mode", str("nearest")}});
  b.output("y");
  for (int64_t n : {1, 3}) {
    std::vector<float> v(static_cast<size_t>(n * 4));
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
    Tensor y = only(run_graph(b.g, {f32({n, 1, 2, 2}, v)}));
    CHECK(y.shape == Shape{n, 1, 4, 4});
    CHECK(values<float>(y)[16 * (n - 1) + 15] == v.back());
  }
}

TEST_CASE("Resize errors name what is not supported") {
  const Tensor x = f32({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(error_of(run_resize({x, {1, 1, 2, 2}, {}, {{"mode", str("lanczos")}}})) ==
        "Resize node 'Resize_0' (opset 13): mode 'lanczos' is not supported (nearest, linear and "
        "cubic are)");
  CHECK(error_of(run_resize({x, {1, 2, 2, 2}, {}, {{"mode", str("cubic")}}}))
            .find("cubic mode is supported over the last two axes only") != std::string::npos);
  CHECK(error_of(run_resize({x,
                             {1, 1, 2, 2},
                             {},
                             {{"coordinate_transformation_mode", str("tf_crop_and_resize")}}}))
            .find("'tf_crop_and_resize' is not supported") != std::string::npos);
  CHECK(error_of(run_resize({x, {1, 2, 2, 2}, {}, {{"mode", str("linear")}}}))
            .find("linear mode is supported over the last two axes only") != std::string::npos);
  CHECK(error_of(run_resize({x,
                             {1, 1, 0.6f, 0.6f},
                             {},
                             {{"mode", str("linear")},
                              {"coordinate_transformation_mode", str("align_corners")}}}))
            .find("'align_corners' with scale 0.6 on axis 2 of size 2 gives a fractional output "
                  "length") != std::string::npos);
  // Scales that only exist at run time cannot be planned.
  GraphBuilder b;
  b.input("x", DType::kFloat32, {1, 1, 2, 4}).input("s", DType::kFloat32, {4});
  b.node("Resize", {"x", "", "s"}, {"y"}).output("y");
  CHECK(error_of(run_graph(b.g, {x, f32({4}, {1, 1, 2, 2})}))
            .find("scales ('s') depend on input values") != std::string::npos);
}

TEST_CASE("Resize cubic: Keys' weights around the source point, edges clamped or excluded") {
  // A ramp 0..7 upscaled x2 (half_pixel). Output 7 comes from x = 3.25: taps 2..5 weigh
  // -0.10546875, 0.87890625, 0.26171875, -0.03515625 (a = -0.75), giving 3.296875; output 0 comes
  // from x = -0.25, whose taps -2..1 clamp to 0, 0, 0, 1: only the last weight meets a non-zero
  // value.
  std::vector<float> ramp(8);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i);
  const Tensor x = f32({1, 1, 1, 8}, ramp);
  const auto cubic = [&](std::map<std::string, Attribute> attrs) {
    attrs["mode"] = str("cubic");
    return values<float>(only(run_resize({x, {1, 1, 1, 2}, {}, attrs})));
  };
  std::vector<float> y = cubic({});
  REQUIRE(y.size() == 16);
  CHECK(y[7] == doctest::Approx(3.296875f));
  CHECK(y[0] == doctest::Approx(-0.10546875f));
  // exclude_outside: the taps at -2 and -1 weigh 0, the others are renormalized.
  y = cubic({{"exclude_outside", int1(1)}});
  CHECK(y[0] == doctest::Approx(-0.10546875f / (0.87890625f - 0.10546875f)));
  CHECK(y[7] == doctest::Approx(3.296875f));
  // With a = -0.5 (Catmull-Rom) the filter reproduces the ramp inside (3.25), and the tap at
  // x = -0.25 + 1.75 weighs -0.0703125.
  y = cubic({{"cubic_coeff_a", flt(-0.5f)}});
  CHECK(y[7] == doctest::Approx(3.25f));
  CHECK(y[0] == doctest::Approx(-0.0703125f));
  // Upsample has no cubic mode.
  GraphBuilder b(9);
  b.input("x", DType::kFloat32, {1, 1, 1, 8});
  b.init("s", f32({4}, {1, 1, 1, 2}));
  b.node("Upsample", {"x", "s"}, {"y"}, {{"mode", str("cubic")}}).output("y");
  CHECK(has(error_of(run_graph(b.g, {x})), "mode 'cubic' is not supported (nearest and linear are)"));
}

TEST_CASE("Resize antialias: downscaling widens the filter by 1 / scale, as ONNX Runtime does") {
  // [1, 2, 3, 4] halved with the triangle filter stretched x2: output 0 is centred on 1.0 with
  // taps -1..2 weighing 0.25, 0.75, 0.75, 0.25; the tap at -1 counts for element 0, so the
  // weights are 0.5, 0.375, 0.125 (1.625); output 1 mirrors it (3.375).
  const Tensor x = f32({1, 1, 1, 4}, {1, 2, 3, 4});
  const auto halve = [&](std::map<std::string, Attribute> attrs) {
    attrs["antialias"] = int1(1);
    ResizeCase c{x, {}, {1, 1, 1, 2}, attrs, 18};
    return values<float>(only(run_resize(c)));
  };
  std::vector<float> y = halve({{"mode", str("linear")}});
  REQUIRE(y.size() == 2);
  CHECK(y[0] == doctest::Approx(1.625f));
  CHECK(y[1] == doctest::Approx(3.375f));
  // exclude_outside drops the tap at -1: (0.75 * 1 + 0.75 * 2 + 0.25 * 3) / 1.75.
  y = halve({{"mode", str("linear")}, {"exclude_outside", int1(1)}});
  CHECK(y[0] == doctest::Approx(3.0f / 1.75f));
  // Without antialias, linear halving reads two neighbours only (1.5 and 3.5).
  y = values<float>(only(run_resize({x, {}, {1, 1, 1, 2}, {{"mode", str("linear")}}, 18})));
  CHECK(y[0] == doctest::Approx(1.5f));
  CHECK(y[1] == doctest::Approx(3.5f));
  // Cubic antialias sums to 1 and keeps a constant constant; nearest ignores antialias.
  const Tensor ones = f32({1, 1, 3, 9}, std::vector<float>(27, 2.0f));
  for (const float v : values<float>(only(run_resize(
           {ones, {}, {1, 1, 2, 4}, {{"mode", str("cubic")}, {"antialias", int1(1)}}, 18}))))
    CHECK(v == doctest::Approx(2.0f));
  y = halve({{"mode", str("nearest")}});
  CHECK(y == std::vector<float>{1, 3});
}

TEST_CASE("Resize to an empty output with a huge axis plans at once and gives nothing (fuzz: timeout)") {
  // A fuzzer's model: sizes like [1, 1, 0, 2^40] over a [1, 1, 2, 1] input. The output has no
  // elements, so the memory limit let it through, and nearest mode then filled a 2^40-entry table.
  const Tensor x = f32({1, 1, 2, 1}, {1, 2});
  for (const char* mode : {"nearest", "linear", "cubic"}) {
    auto y = run_resize({x, {}, {1, 1, 0, int64_t{1} << 40}, {{"mode", str(mode)}}});
    REQUIRE(y.ok());
    CHECK(y.value()[0].shape == Shape{1, 1, 0, int64_t{1} << 40});
  }
  // What is refused for a non-empty output is refused for an empty one too.
  CHECK(error_of(run_resize({x, {}, {1, 0, 2, int64_t{1} << 40}, {{"mode", str("linear")}}}))
            .find("linear mode is supported over the last two axes only") != std::string::npos);
}
