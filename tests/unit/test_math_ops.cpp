// The math family's ops through create/reshape/run: attributes and their defaults, broadcasting
// (PRelu one way, Where over three operands, Min/Max/Sum/Mean over N), the integer and bool
// paths, and the refusals with their messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "graph_builder.h"
#include "op_runner.h"
#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;
using test::tensor_of;
using test::values;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

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

Tensor boolean(Shape shape, const std::vector<uint8_t>& v) {
  return tensor_of(DType::kBool, std::move(shape), v);
}

}  // namespace

TEST_CASE("unary math ops: values through the op, both kernel sets") {
  const Tensor x = test::f32({5}, {-2.5f, -0.5f, 0.0f, 1.5f, 4.0f});
  for (bool scalar : {false, true}) {
    CAPTURE(scalar);
    auto v = [&](const std::string& op, std::map<std::string, Attribute> attrs = {},
                 int64_t opset = 13) {
      auto r = call(op, {x}, opset, attrs, scalar);
      REQUIRE_MESSAGE(r.ok(), r.status.message());
      CHECK(r.outputs[0].shape == Shape{5});
      return values<float>(r.outputs[0]);
    };
    CHECK(v("Round") == std::vector<float>{-2.0f, -0.0f, 0.0f, 2.0f, 4.0f});
    CHECK(v("Floor") == std::vector<float>{-3.0f, -1.0f, 0.0f, 1.0f, 4.0f});
    CHECK(v("Ceil") == std::vector<float>{-2.0f, -0.0f, 0.0f, 2.0f, 4.0f});
    CHECK(v("Abs") == std::vector<float>{2.5f, 0.5f, 0.0f, 1.5f, 4.0f});
    CHECK(v("Neg") == std::vector<float>{2.5f, 0.5f, -0.0f, -1.5f, -4.0f});
    CHECK(v("Sqrt")[4] == 2.0f);
    CHECK(std::isnan(v("Sqrt")[0]));
    CHECK(v("Reciprocal")[4] == 0.25f);
    CHECK(v("Log")[4] == doctest::Approx(std::log(4.0)).epsilon(1e-7));
    CHECK(v("Sin")[3] == doctest::Approx(std::sin(1.5)).epsilon(1e-7));
    CHECK(v("Cos")[0] == doctest::Approx(std::cos(-2.5)).epsilon(1e-7));
    CHECK(v("Erf")[1] == doctest::Approx(std::erf(-0.5)).epsilon(1e-7));
    CHECK(v("Softsign")[4] == 0.8f);
    CHECK(v("Softplus")[2] == doctest::Approx(std::log(2.0)).epsilon(1e-7));
    CHECK(v("Mish", {}, 18)[3] == doctest::Approx(1.5 * std::tanh(std::log1p(std::exp(1.5)))));
    // HardSigmoid: alpha 0.2, beta 0.5 by default.
    CHECK(v("HardSigmoid") == std::vector<float>{0.0f, 0.4f, 0.5f, 0.8f, 1.0f});
    auto hs = v("HardSigmoid", {{"alpha", test::flt(0.5f)}, {"beta", test::flt(0.25f)}});
    CHECK(hs[1] == 0.0f);
    CHECK(hs[3] == 1.0f);
    CHECK(v("HardSwish", {}, 14)[3] == doctest::Approx(1.5 * (1.5 / 6 + 0.5)));
    // Elu: alpha 1 by default; Selu: its constants.
    CHECK(v("Elu")[0] == doctest::Approx(std::expm1(-2.5)).epsilon(1e-6));
    CHECK(v("Elu", {{"alpha", test::flt(2.0f)}})[1] == doctest::Approx(2 * std::expm1(-0.5)));
    CHECK(v("Elu")[4] == 4.0f);
    const double alpha = 1.67326319217681884765625, gamma = 1.05070102214813232421875;
    CHECK(v("Selu")[0] == doctest::Approx(gamma * alpha * std::expm1(-2.5)).epsilon(1e-6));
    CHECK(v("Selu")[4] == doctest::Approx(gamma * 4).epsilon(1e-7));
    CHECK(v("Selu", {{"alpha", test::flt(1.0f)}, {"gamma", test::flt(2.0f)}})[0] ==
          doctest::Approx(2 * std::expm1(-2.5)).epsilon(1e-6));
    // Gelu (opset 20): erf by default, tanh on request.
    auto g = v("Gelu", {}, 20);
    CHECK(g[3] == doctest::Approx(0.5 * 1.5 * (1 + std::erf(1.5 / std::sqrt(2.0)))).epsilon(1e-6));
    auto gt = v("Gelu", {{"approximate", test::str("tanh")}}, 20);
    CHECK(gt[0] == doctest::Approx(0.5 * -2.5 *
                                   (1 + std::tanh(std::sqrt(2 / 3.141592653589793) *
                                                  (-2.5 + 0.044715 * -2.5 * -2.5 * -2.5))))
                       .epsilon(1e-5));
  }
}

TEST_CASE("unary math op refusals name the type, the attribute or the opset") {
  auto r = call("Gelu", {test::f32({1}, {1.0f})}, 20, {{"approximate", test::str("fast")}});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Gelu node 'node0' (opset 20): approximate = 'fast' is not an ONNX Gelu approximation; "
        "use 'none' or 'tanh'");
  r = call("Log", {test::i64({1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Log node 'node0' (opset 13): input of type int64 is not supported; only float32");
  r = call("Neg", {tensor_of<uint8_t>(DType::kUInt8, {1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Neg node 'node0' (opset 13): input of type uint8 is not supported; supported: float32, "
        "int64, int32, int8");
  r = call("Not", {test::f32({1}, {1.0f})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Not node 'node0' (opset 13): input of type float32 is not supported; Not takes bool");
  // A session refuses Gelu below opset 20, where ONNX has no Gelu.
  test::GraphBuilder b(17);
  b.input("x", DType::kFloat32, {2});
  b.node("Gelu", {"x"}, {"y"});
  b.output("y");
  auto s = test::run_graph(b.g, {test::f32({2}, {1.0f, 2.0f})});
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("Gelu as defined before opset 20") != std::string::npos);
}

TEST_CASE("Neg and Abs on the integer types wrap like two's complement") {
  auto r = call("Neg", {test::i64({4}, {5, -7, 0, INT64_MIN})});
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kInt64);
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{-5, 7, 0, INT64_MIN});
  r = call("Abs", {test::i64({4}, {5, -7, 0, INT64_MIN})});
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{5, 7, 0, INT64_MIN});
  r = call("Abs", {tensor_of<int8_t>(DType::kInt8, {2}, {-128, -3})});
  REQUIRE(r.ok());
  CHECK(values<int8_t>(r.outputs[0]) == std::vector<int8_t>{-128, 3});
  r = call("Abs", {tensor_of<uint8_t>(DType::kUInt8, {2}, {200, 3})});
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{200, 3});
  r = call("Neg", {tensor_of<int32_t>(DType::kInt32, {2}, {3, -4})});
  REQUIRE(r.ok());
  CHECK(values<int32_t>(r.outputs[0]) == std::vector<int32_t>{-3, 4});
}

TEST_CASE("Pow: float exponents, integer exponents, integer bases, broadcasting") {
  auto r =
      call("Pow", {test::f32({2, 2}, {2.0f, -3.0f, 4.0f, -0.5f}), test::f32({2}, {3.0f, 2.0f})});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{8.0f, 9.0f, 64.0f, 0.25f});
  // A float base with an int64 exponent (opset 12+), broadcast either way.
  r = call("Pow", {test::f32({3}, {2.0f, -2.0f, 0.5f}), test::i64({}, {3})});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].dtype == DType::kFloat32);
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{8.0f, -8.0f, 0.125f});
  r = call("Pow", {test::f32({}, {2.0f}), test::i64({2, 2}, {0, 1, 2, -1})});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].shape == Shape{2, 2});
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{1.0f, 2.0f, 4.0f, 0.5f});
  r = call("Pow",
           {test::f32({2, 1}, {2.0f, 3.0f}), tensor_of<int32_t>(DType::kInt32, {1, 2}, {2, 3})});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{4.0f, 8.0f, 9.0f, 27.0f});
  // An integer base with its own type.
  r = call("Pow", {test::i64({3}, {2, -3, 10}), test::i64({3}, {10, 3, 0})});
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1024, -27, 1});
  // Refusals.
  r = call("Pow", {test::i64({1}, {2}), test::f32({1}, {0.5f})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Pow node 'node0' (opset 13): base of type int64 with an exponent of type float32 is not "
        "supported; supported: a float32 base with a float32, int64, int32, int8 or uint8 "
        "exponent, or an integer base with an exponent of its own type");
  r = call("Pow", {test::f32({2}, {1, 2}), boolean({2}, {1, 0})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Pow node 'node0' (opset 13): exponent of type bool is not supported; supported: "
        "float32, int64, int32, int8, uint8");
  r = call("Pow", {test::f32({2}, {1, 2}), test::i64({3}, {1, 2, 3})});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("do not broadcast") != std::string::npos);
}

TEST_CASE("PRelu: the slope broadcasts to X, one way") {
  const Tensor x = test::f32({2, 3}, {-1, 2, -3, 4, -5, 6});
  auto r = call("PRelu", {x, test::f32({3}, {0.5f, 1.0f, 2.0f})}, 16);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{-0.5f, 2, -6, 4, -5, 6});
  r = call("PRelu", {x, test::f32({2, 1}, {0.1f, 0.0f})}, 16);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{-0.1f, 2, -0.3f, 4, -0.0f, 6});
  r = call("PRelu", {test::i64({2}, {-3, 3}), test::i64({}, {2})}, 16);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{-6, 3});
  // X would have to grow: refused.
  r = call("PRelu", {test::f32({3}, {1, 2, 3}), test::f32({2, 3}, {1, 1, 1, 1, 1, 1})}, 16);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "PRelu node 'node0' (opset 16): slope 'in1' of shape [2,3] does not broadcast to X's "
        "shape [3] (PRelu broadcasts the slope to X, never X to the slope)");
}

TEST_CASE("comparisons and logic: bool outputs, broadcasting, NaN compares false") {
  const Tensor a = test::f32({2, 2}, {1.0f, 2.0f, kNaN, -0.0f});
  const Tensor b = test::f32({2}, {2.0f, 0.0f});
  auto cmp = [&](const std::string& op) {
    auto r = call(op, {a, b});
    REQUIRE_MESSAGE(r.ok(), r.status.message());
    CHECK(r.outputs[0].dtype == DType::kBool);
    CHECK(r.outputs[0].shape == Shape{2, 2});
    return values<uint8_t>(r.outputs[0]);
  };
  CHECK(cmp("Less") == std::vector<uint8_t>{1, 0, 0, 0});
  CHECK(cmp("Greater") == std::vector<uint8_t>{0, 1, 0, 0});
  CHECK(cmp("LessOrEqual") == std::vector<uint8_t>{1, 0, 0, 1});
  CHECK(cmp("GreaterOrEqual") == std::vector<uint8_t>{0, 1, 0, 1});
  CHECK(cmp("Equal") == std::vector<uint8_t>{0, 0, 0, 1});
  auto r = call("Less", {test::i64({3}, {1, 5, 3}), test::i64({}, {3})});
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 0});
  r = call("Less", {boolean({1}, {1}), boolean({1}, {0})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Less node 'node0' (opset 13): inputs of type bool are not supported; supported: "
        "float32, int64, int32, uint8, int8");

  const Tensor p = boolean({2, 2}, {0, 1, 0, 1});
  const Tensor q = boolean({2, 1}, {0, 1});
  auto logic = [&](const std::string& op) {
    auto r = call(op, {p, q});
    REQUIRE_MESSAGE(r.ok(), r.status.message());
    return values<uint8_t>(r.outputs[0]);
  };
  CHECK(logic("And") == std::vector<uint8_t>{0, 0, 0, 1});
  CHECK(logic("Or") == std::vector<uint8_t>{0, 1, 1, 1});
  CHECK(logic("Xor") == std::vector<uint8_t>{0, 1, 1, 0});
  r = call("Not", {p});
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 1, 0});
  r = call("And", {test::f32({1}, {1}), test::f32({1}, {1})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "And node 'node0' (opset 13): inputs of type float32 are not supported; supported: bool");
}

TEST_CASE("Where broadcasts condition, X and Y; any value type") {
  // condition [2,1,3], X [3], Y [2,1]: output [2,2,3].
  const Tensor c = boolean({2, 1, 3}, {1, 0, 1, 0, 1, 0});
  auto r = call("Where", {c, test::f32({3}, {1, 2, 3}), test::f32({2, 1}, {-1, -2})}, 16);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].shape == Shape{2, 2, 3});
  CHECK(values<float>(r.outputs[0]) ==
        std::vector<float>{1, -1, 3, 1, -2, 3, -1, 2, -1, -2, 2, -2});
  r = call("Where", {boolean({}, {1}), test::i64({2}, {7, 8}), test::i64({}, {0})}, 16);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{7, 8});
  r = call("Where", {boolean({}, {0}), test::f32({}, {1}), test::f32({}, {2})}, 16);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{});
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{2});
  r = call("Where", {boolean({0, 3}, {}), test::f32({3}, {1, 2, 3}), test::f32({1}, {0})}, 16);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{0, 3});
  r = call("Where", {test::f32({1}, {1}), test::f32({1}, {1}), test::f32({1}, {2})}, 16);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Where node 'node0' (opset 16): condition 'in0' is float32; it must be bool");
  r = call("Where", {boolean({1}, {1}), test::f32({1}, {1}), test::i64({1}, {2})}, 16);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Where node 'node0' (opset 16): X and Y have different types (float32 and int64); ONNX "
        "requires one type");
  r = call("Where", {boolean({2}, {1, 0}), test::f32({3}, {1, 2, 3}), test::f32({1}, {2})}, 16);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("do not broadcast") != std::string::npos);
}

TEST_CASE("Min, Max, Sum, Mean over 1..N broadcast inputs; NaN propagates through Min/Max") {
  const Tensor a = test::f32({2, 2}, {1, 5, kNaN, -1});
  const Tensor b = test::f32({2}, {3, 2});
  const Tensor c = test::f32({}, {0});
  auto run = [&](const std::string& op, std::vector<Tensor> in) {
    auto r = call(op, std::move(in));
    REQUIRE_MESSAGE(r.ok(), r.status.message());
    return values<float>(r.outputs[0]);
  };
  auto mn = run("Min", {a, b, c});
  CHECK(mn[0] == 0);
  CHECK(mn[1] == 0);
  CHECK(std::isnan(mn[2]));
  CHECK(mn[3] == -1);
  auto mx = run("Max", {b, a});
  CHECK(mx[0] == 3);
  CHECK(mx[1] == 5);
  CHECK(std::isnan(mx[2]));
  CHECK(mx[3] == 2);
  CHECK(run("Sum", {b}) == std::vector<float>{3, 2});
  CHECK(run("Sum", {b, test::f32({2, 1}, {10, 20})}) == std::vector<float>{13, 12, 23, 22});
  CHECK(run("Mean", {b, test::f32({2, 1}, {1, 2}), c}) ==
        std::vector<float>{4.0f / 3, 1, 5.0f / 3, 4.0f / 3});
  auto r = call("Max", {test::i64({3}, {1, 9, -4}), test::i64({1}, {2})});
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{2, 9, 2});
  r = call("Sum", {test::i64({1}, {1}), test::i64({1}, {2})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Sum node 'node0' (opset 13): inputs of type int64 are not supported; supported: float32");
  r = call("Max", {test::f32({1}, {1}), test::i64({1}, {2})});
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Max node 'node0' (opset 13): input 1 ('in1') is int64, input 0 is float32; ONNX "
        "requires one type for all");
  r = call("Min", {test::f32({2}, {1, 2}), test::f32({3}, {1, 2, 3})});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("input 1 ('in1'): shapes [2] and [3] do not broadcast") !=
        std::string::npos);
  r = call("Mean", {});
  REQUIRE(!r.ok());
  CHECK(r.status.message() == "Mean node 'node0' (opset 13): needs at least one input");
}

TEST_CASE("the math ops split into element ranges give the bits of one thread") {
  if (!ThreadPool::supported()) return;  // the single-threaded wasm build
  // [2,16,64,64]: 131072 elements, so each unary and variadic op below splits with threads.
  test::GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2, 16, 64, 64});
  b.input("r", DType::kFloat32, {2, 16, 64, 64});
  b.node("Erf", {"x"}, {"e"});
  b.node("Sin", {"e"}, {"s"});
  b.node("Softplus", {"s"}, {"p"});
  b.node("Elu", {"p"}, {"u"}, {{"alpha", test::flt(0.5f)}});
  b.node("Max", {"u", "r", "x"}, {"m"});
  b.node("Mean", {"m", "r"}, {"y"});
  b.node("Neg", {"y"}, {"z"});
  b.output("z");
  const Tensor x = test::f32({2, 16, 64, 64}, test::random_floats(131072, 5, -3.0f, 3.0f));
  const Tensor r = test::f32({2, 16, 64, 64}, test::random_floats(131072, 6, -3.0f, 3.0f));
  auto one = test::run_graph(b.g, {x, r});
  REQUIRE_MESSAGE(one.ok(), one.status().message());
  for (size_t threads : {size_t{2}, size_t{3}}) {
    SessionOptions options;
    options.threads = threads;
    auto many = test::run_graph(b.g, {x, r}, options);
    REQUIRE(many.ok());
    CHECK(many.value()[0].bytes == one.value()[0].bytes);
  }
}
