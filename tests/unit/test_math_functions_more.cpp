// Tan and the libm family (Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh), Sign, IsNaN,
// IsInf, ThresholdedRelu, Celu, Shrink and Mod through their ops: values, edges, attributes,
// refusals; and the new SIMD128 parameter kernels against their scalar twins bit for bit (Tan
// is in the unary kernel list that test_eltwise_math.cpp checks).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "op_runner.h"
#include "test_util.h"
#include "wnn/kernels/activation.h"
#include "wnn/kernels/kernel_config.h"

using namespace wnn;
using namespace wnn::kernels;
using test::tensor_of;
using test::values;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

test::OpResult call(const std::string& op, std::vector<Tensor> inputs, int64_t opset = 13,
                    std::map<std::string, Attribute> attrs = {}, bool scalar = false) {
  test::OpCall c;
  c.op_type = op;
  c.opset = opset;
  c.inputs = std::move(inputs);
  c.attributes = std::move(attrs);
  c.scalar_kernels = scalar;
  return test::run_op(c);
}

uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

}  // namespace

TEST_CASE("Tan and the libm functions against float64") {
  struct Fn {
    const char* op;
    double (*ref)(double);
    float lo, hi;
  };
  const Fn fns[] = {{"Tan", [](double v) { return std::tan(v); }, -1.5f, 1.5f},
                    {"Asin", [](double v) { return std::asin(v); }, -1.0f, 1.0f},
                    {"Acos", [](double v) { return std::acos(v); }, -1.0f, 1.0f},
                    {"Atan", [](double v) { return std::atan(v); }, -20.0f, 20.0f},
                    {"Sinh", [](double v) { return std::sinh(v); }, -9.0f, 9.0f},
                    {"Cosh", [](double v) { return std::cosh(v); }, -9.0f, 9.0f},
                    {"Asinh", [](double v) { return std::asinh(v); }, -50.0f, 50.0f},
                    {"Acosh", [](double v) { return std::acosh(v); }, 1.0f, 50.0f},
                    {"Atanh", [](double v) { return std::atanh(v); }, -0.99f, 0.99f}};
  for (const Fn& f : fns) {
    CAPTURE(f.op);
    const auto xs = test::random_floats(257, 7, f.lo, f.hi);
    for (bool scalar : {false, true}) {
      auto r = call(f.op, {test::f32({257}, xs)}, 13, {}, scalar);
      REQUIRE_MESSAGE(r.ok(), r.status.message());
      const auto y = values<float>(r.outputs[0]);
      for (size_t i = 0; i < xs.size(); ++i)
        CHECK(y[i] == doctest::Approx(f.ref(xs[i])).epsilon(1e-6).scale(1e-30));
    }
  }
  // Edges: NaN passes unchanged, out-of-domain NaN has one fixed bit pattern, tan(-0) = -0.
  auto r = call("Asin", {test::f32({3}, {2.0f, kNaN, -0.0f})});
  REQUIRE(r.ok());
  auto y = values<float>(r.outputs[0]);
  CHECK(bits(y[0]) == 0x7fc00000u);
  CHECK(std::isnan(y[1]));
  CHECK(bits(y[2]) == bits(-0.0f));
  r = call("Tan", {test::f32({3}, {-0.0f, kInf, kNaN})});
  REQUIRE(r.ok());
  y = values<float>(r.outputs[0]);
  CHECK(bits(y[0]) == bits(-0.0f));
  CHECK(bits(y[1]) == 0x7fc00000u);
  CHECK(std::isnan(y[2]));
  CHECK(values<float>(call("Acosh", {test::f32({1}, {1.0f})}).outputs[0])[0] == 0.0f);
  CHECK(values<float>(call("Atanh", {test::f32({1}, {1.0f})}).outputs[0])[0] == kInf);
  r = call("Cosh", {test::i64({1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("int64") != std::string::npos);
}

TEST_CASE("Sign on float32 and the integer types") {
  auto r = call("Sign", {test::f32({5}, {-2.5f, -0.0f, 0.0f, 1e-30f, kNaN})});
  REQUIRE(r.ok());
  auto y = values<float>(r.outputs[0]);
  CHECK(y[0] == -1.0f);
  CHECK(y[1] == 0.0f);
  CHECK(y[2] == 0.0f);
  CHECK(y[3] == 1.0f);
  CHECK(std::isnan(y[4]));
  r = call("Sign", {test::i64({3}, {-7, 0, INT64_MAX})});
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{-1, 0, 1});
  r = call("Sign", {tensor_of<int32_t>(DType::kInt32, {2}, {INT32_MIN, 4})});
  REQUIRE(r.ok());
  CHECK(values<int32_t>(r.outputs[0]) == std::vector<int32_t>{-1, 1});
}

TEST_CASE("IsNaN and IsInf: bool outputs, detect_negative / detect_positive") {
  const Tensor x = test::f32({5}, {kNaN, kInf, -kInf, 0.0f, 3e38f});
  auto r = call("IsNaN", {x});
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kBool);
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 0, 0, 0});
  r = call("IsInf", {x});
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 1, 1, 0, 0});
  r = call("IsInf", {x}, 13, {{"detect_negative", test::int1(0)}});
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 1, 0, 0, 0});
  r = call("IsInf", {x}, 13, {{"detect_positive", test::int1(0)}});
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 0, 1, 0, 0});
  r = call("IsNaN", {test::i64({1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "IsNaN node 'node0' (opset 13): input of type int64 is not supported; supported: float32");
}

TEST_CASE("ThresholdedRelu, Celu, Shrink: attributes and defaults, both kernel sets") {
  const Tensor x = test::f32({6}, {-2.0f, -0.5f, 0.0f, 0.5f, 1.0f, 3.0f});
  for (bool scalar : {false, true}) {
    CAPTURE(scalar);
    auto v = [&](const std::string& op, std::map<std::string, Attribute> attrs = {},
                 int64_t opset = 13) {
      auto r = call(op, {x}, opset, attrs, scalar);
      REQUIRE_MESSAGE(r.ok(), r.status.message());
      return values<float>(r.outputs[0]);
    };
    CHECK(v("ThresholdedRelu") == std::vector<float>{0, 0, 0, 0, 0, 3});  // alpha 1, strict
    CHECK(v("ThresholdedRelu", {{"alpha", test::flt(-1.0f)}}) ==
          std::vector<float>{0, -0.5f, 0, 0.5f, 1, 3});
    auto c = v("Celu");
    CHECK(c[0] == doctest::Approx(std::expm1(-2.0)).epsilon(1e-6));
    CHECK(c[5] == 3.0f);
    c = v("Celu", {{"alpha", test::flt(2.0f)}});
    CHECK(c[1] == doctest::Approx(2 * std::expm1(-0.25)).epsilon(1e-6));
    CHECK(v("Shrink") == std::vector<float>{-2, 0, 0, 0, 1, 3});  // lambd 0.5, bias 0
    CHECK(v("Shrink", {{"lambd", test::flt(0.75f)}, {"bias", test::flt(0.5f)}}) ==
          std::vector<float>{-1.5f, 0, 0, 0, 0.5f, 2.5f});
  }
  auto r = call("Celu", {x}, 13, {{"alpha", test::flt(0.0f)}});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("alpha = 0") != std::string::npos);
}

TEST_CASE("parameter kernels: the default kernels equal the scalar reference bit for bit") {
  std::mt19937 rng(31);
  const UnaryConfig& d = default_kernels().unary;
  for (size_t n = 0; n < 70; ++n) {
    auto x = test::random_floats(n, rng(), -5.0f, 5.0f);
    for (size_t i = 0; i < n; i += 1 + rng() % 5) x[i] = (rng() % 2) ? kNaN : -kInf;
    std::vector<float> y0(n), y1(n);
#define WNN_CHECK_PARAM(name)                                \
  f32_##name##__scalar(n, x.data(), y0.data(), 0.7f, -0.3f); \
  d.name(n, x.data(), y1.data(), 0.7f, -0.3f);               \
  CHECK((n == 0 || std::memcmp(y0.data(), y1.data(), 4 * n) == 0));
    WNN_PARAM_UNARY_KERNELS(WNN_CHECK_PARAM)
#undef WNN_CHECK_PARAM
  }
}

TEST_CASE("Mod: Python's sign rule by default, C's fmod on request, broadcasting") {
  const std::vector<int64_t> a = {7, -7, 7, -7, 5, 0};
  const std::vector<int64_t> b = {3, 3, -3, -3, 0, -2};
  auto r = call("Mod", {test::i64({6}, a), test::i64({6}, b)});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1, 2, -2, -1, 0, 0});
  r = call("Mod", {test::i64({6}, a), test::i64({6}, b)}, 13, {{"fmod", test::int1(1)}});
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1, -1, 1, -1, 0, 0});
  r = call("Mod", {tensor_of<int32_t>(DType::kInt32, {2, 2}, {INT32_MIN, 9, -9, 10}),
                   tensor_of<int32_t>(DType::kInt32, {2}, {-1, 4})});
  REQUIRE(r.ok());
  CHECK(values<int32_t>(r.outputs[0]) == std::vector<int32_t>{0, 1, 0, 2});
  r = call("Mod", {test::f32({2, 2}, {5.5f, -5.5f, 1.0f, -0.0f}), test::f32({1}, {2.0f})}, 13,
           {{"fmod", test::int1(1)}});
  REQUIRE(r.ok());
  auto y = values<float>(r.outputs[0]);
  CHECK(y[0] == 1.5f);
  CHECK(y[1] == -1.5f);
  CHECK(y[2] == 1.0f);
  CHECK(bits(y[3]) == bits(-0.0f));
  r = call("Mod", {test::f32({1}, {1.0f}), test::f32({1}, {2.0f})});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("need fmod = 1") != std::string::npos);
  r = call("Mod", {tensor_of<uint8_t>(DType::kUInt8, {1}, {1}),
                   tensor_of<uint8_t>(DType::kUInt8, {1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("uint8 are not supported; supported: float32, int64, int32") !=
        std::string::npos);
}
