// Relu, LeakyRelu, Clip, Sigmoid, Tanh, Exp, Softmax, Cast, Identity, Dropout: semantics at the
// edges, opset differences, error messages, and every SIMD128 kernel against its scalar twin.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "op_runner.h"
#include "test_util.h"
#include "wnn/kernels/activation.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/kernels/softmax.h"
#include "wnn/runtime/session.h"

using namespace wnn;
using namespace wnn::kernels;
using test::tensor_of;
using test::values;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

// Random values with NaN, +-inf, +-0, denormals and large magnitudes sprinkled in.
std::vector<float> nasty_floats(size_t n, std::mt19937& rng, float range) {
  const float specials[] = {0.0f,    -0.0f, kInf,    -kInf, kNaN,   -kNaN,   1e-40f,
                            -3e-39f, 90.0f, -105.0f, 1e30f, 0.625f, -0.625f, 20.0f};
  auto v = test::random_floats(n, rng(), -range, range);
  for (size_t i = 0; i < n; i += 1 + rng() % 6) v[i] = specials[rng() % 14];
  return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

test::OpResult unary(const std::string& op, const Tensor& x, int64_t opset = 13,
                     std::map<std::string, Attribute> attrs = {}) {
  test::OpCall c;
  c.op_type = op;
  c.opset = opset;
  c.inputs = {x};
  c.attributes = std::move(attrs);
  return test::run_op(c);
}

}  // namespace

TEST_CASE("activation kernels: the default kernels equal the scalar reference bit for bit") {
  // SIMD128 in the wasm build: whole vectors and the tail on every length 0..69.
  std::mt19937 rng(17);
  const UnaryConfig& ks = default_kernels().unary;
  const UnaryFn unary_pairs[][2] = {
      {f32_relu__scalar, ks.relu},
      {f32_exp__scalar, ks.exp},
      {f32_sigmoid__scalar, ks.sigmoid},
      {f32_tanh__scalar, ks.tanh},
  };
  const LeakyReluFn leaky = ks.leaky_relu;
  const ClipFn clip = ks.clip;
  for (size_t n = 0; n < 70; ++n) {
    const auto x = nasty_floats(n, rng, 30.0f);
    std::vector<float> y0(n), y1(n);
    for (const auto& pair : unary_pairs) {
      pair[0](n, x.data(), y0.data());
      pair[1](n, x.data(), y1.data());
      CHECK(same_bits(y0, y1));
    }
    f32_leaky_relu__scalar(n, x.data(), y0.data(), 0.1f);
    leaky(n, x.data(), y1.data(), 0.1f);
    CHECK(same_bits(y0, y1));
    f32_clip__scalar(n, x.data(), y0.data(), -1.5f, 6.0f);
    clip(n, x.data(), y1.data(), -1.5f, 6.0f);
    CHECK(same_bits(y0, y1));
  }
}

TEST_CASE("softmax kernels: the default kernels equal the scalar reference bit for bit") {
  std::mt19937 rng(23);
  const SoftmaxRowsFn rows = default_kernels().softmax.rows;
  const SoftmaxStridedFn strided = default_kernels().softmax.strided;
  for (int trial = 0; trial < 120; ++trial) {
    const size_t outer = 1 + rng() % 3, n = 1 + rng() % 40, inner = 2 + rng() % 11;
    const auto x = test::random_floats(outer * n * inner, rng(), -20.0f, 20.0f);
    std::vector<float> y0(x.size()), y1(x.size());
    f32_softmax_rows__scalar(outer * inner, n, x.data(), y0.data());
    rows(outer * inner, n, x.data(), y1.data());
    CHECK(same_bits(y0, y1));
    f32_softmax_strided__scalar(outer, n, inner, x.data(), y0.data());
    strided(outer, n, inner, x.data(), y1.data());
    CHECK(same_bits(y0, y1));
  }
}

TEST_CASE("Relu, LeakyRelu, Sigmoid, Tanh, Exp ops on edge values") {
  const Tensor x = test::f32({6}, {-2.0f, -0.0f, 0.0f, 3.0f, kNaN, -kInf});
  auto relu = values<float>(unary("Relu", x).outputs[0]);
  CHECK(relu[0] == 0.0f);
  CHECK(!std::signbit(relu[1]));  // -0 becomes +0
  CHECK(relu[3] == 3.0f);
  CHECK(std::isnan(relu[4]));
  CHECK(relu[5] == 0.0f);

  auto leaky = values<float>(unary("LeakyRelu", x, 16, {{"alpha", test::flt(0.5f)}}).outputs[0]);
  CHECK(leaky[0] == -1.0f);
  CHECK(leaky[3] == 3.0f);
  CHECK(std::isnan(leaky[4]));
  CHECK(leaky[5] == -kInf);
  auto leaky_default = values<float>(unary("LeakyRelu", x).outputs[0]);
  CHECK(leaky_default[0] == -0.02f);

  // NaN comes back with its own bits (sign and payload).
  uint32_t payload = 0xffc01234u;
  float odd_nan;
  std::memcpy(&odd_nan, &payload, 4);
  for (const char* op : {"Sigmoid", "Tanh", "Exp"}) {
    auto y = unary(op, test::f32({1}, {odd_nan}));
    REQUIRE(y.ok());
    CHECK(std::memcmp(y.outputs[0].bytes.data(), &payload, 4) == 0);
  }
  auto r = unary("Tanh", tensor_of<int64_t>(DType::kInt64, {1}, {1}));
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Tanh node 'node0' (opset 13): input of type int64 is not supported; only float32");
}

TEST_CASE("Clip: opset 6 attributes, opset 11+ inputs (known, computed, omitted), int8") {
  const Tensor x = test::f32({7}, {-10.0f, -1.0f, 0.0f, 3.0f, 7.0f, kNaN, kInf});
  // opset 6-10: attributes.
  auto r = unary("Clip", x, 9, {{"min", test::flt(0.0f)}, {"max", test::flt(6.0f)}});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  auto y = values<float>(r.outputs[0]);
  CHECK(y[0] == 0.0f);
  CHECK(y[3] == 3.0f);
  CHECK(y[4] == 6.0f);
  CHECK(std::isnan(y[5]));
  CHECK(y[6] == 6.0f);
  // opset 11+: inputs, whether visible while planning or not.
  for (bool known : {true, false}) {
    test::OpCall c;
    c.op_type = "Clip";
    c.opset = 13;
    c.inputs = {x, test::f32({}, {-2.0f}), test::f32({}, {5.0f})};
    c.known = {false, known, known};
    r = test::run_op(c);
    REQUIRE_MESSAGE(r.ok(), r.status.message());
    y = values<float>(r.outputs[0]);
    CHECK(y[0] == -2.0f);
    CHECK(y[1] == -1.0f);
    CHECK(y[4] == 5.0f);
    CHECK(y[6] == 5.0f);
  }
  // min omitted (""), max given: the lower bound is float's lowest.
  test::OpCall c;
  c.op_type = "Clip";
  c.opset = 12;
  c.inputs = {x, Tensor{}, test::f32({}, {1.0f})};
  r = test::run_op(c);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  y = values<float>(r.outputs[0]);
  CHECK(y[0] == -10.0f);
  CHECK(y[4] == 1.0f);
  // No bounds at all: only infinities move (to float's lowest / max, as the spec's defaults).
  r = unary("Clip", test::f32({3}, {-kInf, 2.0f, kInf}));
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{std::numeric_limits<float>::lowest(),
                                                          2.0f, std::numeric_limits<float>::max()});
  // min > max gives max (numpy.clip).
  c.inputs = {x, test::f32({}, {4.0f}), test::f32({}, {1.0f})};
  y = values<float>(test::run_op(c).outputs[0]);
  CHECK(y[0] == 1.0f);
  CHECK(y[4] == 1.0f);
  // int8 with only max.
  c.inputs = {tensor_of<int8_t>(DType::kInt8, {4}, {-128, -5, 5, 127}), Tensor{},
              tensor_of<int8_t>(DType::kInt8, {}, {0})};
  r = test::run_op(c);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int8_t>(r.outputs[0]) == std::vector<int8_t>{-128, -5, 0, 0});
}

TEST_CASE("Clip errors name what is wrong") {
  const Tensor x = test::f32({2}, {1.0f, 2.0f});
  auto r = unary("Clip", x, 13, {{"min", test::flt(0.0f)}});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Clip node 'node0' (opset 13): has a 'min' attribute, which Clip only had before "
        "opset 11; from opset 11 the bounds are inputs 1 and 2");
  test::OpCall c;
  c.op_type = "Clip";
  c.inputs = {x, test::f32({2}, {0.0f, 1.0f})};
  r = test::run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Clip node 'node0' (opset 13): min (input 1, 'in1') has shape [2]; it must be a scalar");
  c.inputs = {x, tensor_of<int64_t>(DType::kInt64, {}, {0})};
  r = test::run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Clip node 'node0' (opset 13): min (input 1, 'in1') is int64; it must have the input's "
        "type, float32");
  r = unary("Clip", tensor_of<int32_t>(DType::kInt32, {1}, {1}), 9);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Clip node 'node0' (opset 9): input of type int32 is not supported; supported: float32");
}

namespace {

// Softmax in float64 over index sets given as lists of flat offsets.
void check_softmax_groups(const std::vector<float>& x, const std::vector<float>& y,
                          const std::vector<std::vector<size_t>>& groups) {
  for (const auto& g : groups) {
    double m = -INFINITY, sum = 0;
    for (size_t i : g) m = std::fmax(m, x[i]);
    for (size_t i : g) sum += std::exp(static_cast<double>(x[i]) - m);
    for (size_t i : g) CHECK(y[i] == doctest::Approx(std::exp(x[i] - m) / sum).epsilon(1e-6));
  }
}

}  // namespace

TEST_CASE("Softmax: opset 11 flattens from axis, opset 13 normalizes along axis") {
  const Shape shape = {2, 3, 4};
  const auto x = test::random_floats(24, 31, -5.0f, 5.0f);
  const Tensor t = test::f32(shape, x);
  Attribute axis1 = test::int1(1);
  // Opset 11, axis 1: each of the 2 rows of 12 sums to 1.
  auto r = unary("Softmax", t, 11, {{"axis", axis1}});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  std::vector<std::vector<size_t>> rows(2);
  for (size_t i = 0; i < 24; ++i) rows[i / 12].push_back(i);
  check_softmax_groups(x, values<float>(r.outputs[0]), rows);
  // Opset 11 default axis is 1 too.
  CHECK(same_bits(values<float>(unary("Softmax", t, 11).outputs[0]), values<float>(r.outputs[0])));
  // Opset 13, axis 1: 8 groups of 3, 4 apart (the strided kernel).
  r = unary("Softmax", t, 13, {{"axis", axis1}});
  REQUIRE(r.ok());
  std::vector<std::vector<size_t>> cols;
  for (size_t o = 0; o < 2; ++o)
    for (size_t j = 0; j < 4; ++j) cols.push_back({o * 12 + j, o * 12 + 4 + j, o * 12 + 8 + j});
  check_softmax_groups(x, values<float>(r.outputs[0]), cols);
  // Opset 13 default axis -1: 6 rows of 4; axis -1 and 2 agree.
  r = unary("Softmax", t, 13);
  std::vector<std::vector<size_t>> last(6);
  for (size_t i = 0; i < 24; ++i) last[i / 4].push_back(i);
  check_softmax_groups(x, values<float>(r.outputs[0]), last);
  CHECK(same_bits(values<float>(unary("Softmax", t, 13, {{"axis", test::int1(2)}}).outputs[0]),
                  values<float>(r.outputs[0])));
  // Large inputs do not overflow: max subtraction.
  r = unary("Softmax", test::f32({1, 3}, {1000.0f, 1001.0f, 1002.0f}));
  check_softmax_groups({0.0f, 1.0f, 2.0f}, values<float>(r.outputs[0]), {{0, 1, 2}});
  r = unary("Softmax", t, 13, {{"axis", test::int1(3)}});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Softmax node 'node0' (opset 13): axis 3 is out of range for input 'in0' of shape [2,3,4]");
}

TEST_CASE("Cast: truncation toward zero, NaN and saturation defined, wrap between integers") {
  const Tensor f = test::f32({9}, {2.7f, -2.7f, -0.5f, kNaN, 3e9f, -3e9f, kInf, 255.9f, -129.0f});
  auto cast = [](const Tensor& x, DType to) {
    return unary("Cast", x, 13, {{"to", test::int1(static_cast<int64_t>(to))}});
  };
  auto r = cast(f, DType::kInt32);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int32_t>(r.outputs[0]) ==
        std::vector<int32_t>{2, -2, 0, 0, INT32_MAX, INT32_MIN, INT32_MAX, 255, -129});
  CHECK(values<int64_t>(cast(f, DType::kInt64).outputs[0]) ==
        std::vector<int64_t>{2, -2, 0, 0, 3000000000, -3000000000, INT64_MAX, 255, -129});
  CHECK(values<uint8_t>(cast(f, DType::kUInt8).outputs[0]) ==
        std::vector<uint8_t>{2, 0, 0, 0, 255, 0, 255, 255, 0});
  CHECK(values<int8_t>(cast(f, DType::kInt8).outputs[0]) ==
        std::vector<int8_t>{2, -2, 0, 0, 127, -128, 127, 127, -128});
  CHECK(values<uint8_t>(cast(f, DType::kBool).outputs[0]) ==
        std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 1, 1, 1});

  const Tensor i = tensor_of<int64_t>(DType::kInt64, {4}, {300, -1, 0, (1ll << 40) + 5});
  CHECK(values<uint8_t>(cast(i, DType::kUInt8).outputs[0]) == std::vector<uint8_t>{44, 255, 0, 5});
  CHECK(values<int32_t>(cast(i, DType::kInt32).outputs[0]) == std::vector<int32_t>{300, -1, 0, 5});
  CHECK(values<uint8_t>(cast(i, DType::kBool).outputs[0]) == std::vector<uint8_t>{1, 1, 0, 1});
  CHECK(values<float>(cast(i, DType::kFloat32).outputs[0]) ==
        std::vector<float>{300.0f, -1.0f, 0.0f, 1099511627781.0f});
  const Tensor b = tensor_of<uint8_t>(DType::kBool, {2}, {1, 0});
  CHECK(values<float>(cast(b, DType::kFloat32).outputs[0]) == std::vector<float>{1.0f, 0.0f});
  CHECK(values<int64_t>(cast(b, DType::kInt64).outputs[0]) == std::vector<int64_t>{1, 0});

  r = unary("Cast", f, 13, {{"to", test::int1(11)}});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Cast node 'node0' (opset 13): to=DOUBLE (11) is not supported; supported types: "
        "float32, float16, int64, int32, uint8, int8, bool, and from bfloat16");
  r = unary("Cast", f);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Cast node 'node0' (opset 13): the 'to' attribute (an ONNX data type) is missing");

  test::OpCall like;
  like.op_type = "CastLike";
  like.opset = 15;
  like.inputs = {f, tensor_of<int32_t>(DType::kInt32, {}, {0})};
  r = test::run_op(like);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kInt32);
  CHECK(values<int32_t>(r.outputs[0])[1] == -2);
}

TEST_CASE("Identity copies any type; Dropout passes through with an all-true mask") {
  const Tensor i = tensor_of<int64_t>(DType::kInt64, {2, 2}, {1, -2, 3, -4});
  auto r = unary("Identity", i);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kInt64);
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1, -2, 3, -4});

  const Tensor x = test::f32({3}, {1.0f, -2.0f, 3.0f});
  test::OpCall c;
  c.op_type = "Dropout";
  c.opset = 13;
  c.outputs = 2;
  c.inputs = {x, test::f32({}, {0.5f}), tensor_of<uint8_t>(DType::kBool, {}, {0})};
  c.known = {false, false, true};
  r = test::run_op(c);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{1.0f, -2.0f, 3.0f});
  CHECK(r.outputs[1].dtype == DType::kBool);
  CHECK(values<uint8_t>(r.outputs[1]) == std::vector<uint8_t>{1, 1, 1});

  c.inputs[2] = tensor_of<uint8_t>(DType::kBool, {}, {1});
  r = test::run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Dropout node 'node0' (opset 13): training_mode is true; wasmnn runs inference only "
        "(training-mode Dropout draws random masks)");
  c.known = {false, false, false};
  r = test::run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("training_mode (input 2, 'in2') must be known when planning") !=
        std::string::npos);

  // Opset 7-9: the mask has the input's type.
  c.opset = 9;
  c.inputs = {x};
  c.known = {};
  r = test::run_op(c);
  REQUIRE(r.ok());
  CHECK(r.outputs[1].dtype == DType::kFloat32);
  CHECK(values<float>(r.outputs[1]) == std::vector<float>{1.0f, 1.0f, 1.0f});
}

TEST_CASE("a Session runs Mul -> Add -> Sigmoid -> Softmax with an initializer bias") {
  // x [2,3,2,2] * scale [3,1,1] + bias [1,3,1,1], then Sigmoid, then Softmax over channels.
  Graph g;
  g.opset = 13;
  g.inputs.push_back(test::float_value("x", {kUnknownDim, 3, 2, 2}));
  g.outputs.push_back(test::float_value("y", {}));
  g.initializers["scale"] = test::f32({3, 1, 1}, {1.0f, 2.0f, -1.0f});
  g.initializers["bias"] = test::f32({1, 3, 1, 1}, {0.5f, 0.0f, -0.5f});
  auto add_node = [&](const char* op, std::vector<std::string> in, const char* out) {
    Node n;
    n.name = std::string(op) + "_0";
    n.op_type = op;
    n.inputs = std::move(in);
    n.outputs = {out};
    g.nodes.push_back(n);
  };
  add_node("Mul", {"x", "scale"}, "m");
  add_node("Add", {"m", "bias"}, "a");
  add_node("Sigmoid", {"a"}, "s");
  add_node("Softmax", {"s"}, "y");
  g.nodes.back().attributes["axis"] = test::int1(1);
  for (bool scalar : {false, true}) {
    SessionOptions options;
    options.scalar_kernels = scalar;
    auto s = Session::create(g, options);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    REQUIRE(s.value()->prepare({{2, 3, 2, 2}}).ok());
    const auto x = test::random_floats(24, 41);
    std::memcpy(s.value()->input_data(0), x.data(), 96);
    REQUIRE(s.value()->run().ok());
    const float* y = static_cast<const float*>(s.value()->output_data(0));
    const float scale[3] = {1.0f, 2.0f, -1.0f}, bias[3] = {0.5f, 0.0f, -0.5f};
    for (size_t n = 0; n < 2; ++n)
      for (size_t p = 0; p < 4; ++p) {
        double e[3], sum = 0;
        for (size_t c = 0; c < 3; ++c) {
          const double a = x[n * 12 + c * 4 + p] * scale[c] + bias[c];
          e[c] = std::exp(1.0 / (1.0 + std::exp(-a)));
          sum += e[c];
        }
        for (size_t c = 0; c < 3; ++c)
          CHECK(y[n * 12 + c * 4 + p] == doctest::Approx(e[c] / sum).epsilon(1e-6));
      }
  }
}
