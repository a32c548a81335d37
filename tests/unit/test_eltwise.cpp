// Add, Sub, Mul, Div, Equal: numpy broadcasting (rank mismatch, size-1 dims, scalars, empty
// tensors), the integer edge cases, dtype errors, and the SIMD128 runs against the scalar ones.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "op_runner.h"
#include "test_util.h"
#include "wnn/kernels/binary.h"
#include "wnn/ops/broadcast.h"

using namespace wnn;
using test::tensor_of;
using test::values;

namespace {

// The numpy definition, one output element at a time, for float32 inputs.
std::vector<float> naive_broadcast(const Shape& a_shape, const std::vector<float>& a,
                                   const Shape& b_shape, const std::vector<float>& b,
                                   const Shape& out, char op) {
  const size_t rank = out.size();
  std::vector<float> y(static_cast<size_t>(shape_elements(out)));
  std::vector<int64_t> idx(rank, 0);
  auto offset = [&](const Shape& s) {
    int64_t off = 0;
    for (size_t d = 0; d < s.size(); ++d) {
      const int64_t i = s[d] == 1 ? 0 : idx[d + rank - s.size()];
      off = off * s[d] + i;
    }
    return off;
  };
  for (size_t k = 0; k < y.size(); ++k) {
    int64_t rem = static_cast<int64_t>(k);
    for (size_t d = rank; d-- > 0;) {
      idx[d] = rem % out[d];
      rem /= out[d];
    }
    const float va = a[offset(a_shape)], vb = b[offset(b_shape)];
    y[k] = op == '+' ? va + vb : op == '-' ? va - vb : op == '*' ? va * vb : va / vb;
  }
  return y;
}

test::OpResult binary(const std::string& op, const Tensor& a, const Tensor& b,
                      bool scalar = false) {
  test::OpCall c;
  c.op_type = op;
  c.inputs = {a, b};
  c.scalar_kernels = scalar;
  return test::run_op(c);
}

}  // namespace

TEST_CASE("broadcast plans: merged loops and the run kind") {
  auto p = plan_broadcast({2, 3, 4, 5}, {2, 3, 4, 5});
  REQUIRE(p.ok());
  CHECK(p.value().outer.empty());
  CHECK(p.value().run == 120);
  CHECK(p.value().kind == BroadcastLoops::Run::kVV);

  p = plan_broadcast({2, 3, 4, 5}, {});  // scalar operand
  REQUIRE(p.ok());
  CHECK(p.value().run == 120);
  CHECK(p.value().kind == BroadcastLoops::Run::kVS);

  p = plan_broadcast({1}, {2, 3, 4, 5});
  REQUIRE(p.ok());
  CHECK(p.value().kind == BroadcastLoops::Run::kSV);
  CHECK(p.value().out == Shape{2, 3, 4, 5});

  p = plan_broadcast({2, 3, 4, 5}, {3, 1, 1});  // per-channel bias: one run per plane
  REQUIRE(p.ok());
  CHECK(p.value().kind == BroadcastLoops::Run::kVS);
  CHECK(p.value().run == 20);
  CHECK(p.value().outer == std::vector<int64_t>{2, 3});
  CHECK(p.value().b_stride == std::vector<int64_t>{0, 1});

  p = plan_broadcast({1, 3, 1, 1}, {2, 3, 4, 5});
  REQUIRE(p.ok());
  CHECK(p.value().kind == BroadcastLoops::Run::kSV);
  CHECK(p.value().run == 20);

  p = plan_broadcast({3, 4, 5}, {5});  // a row added to every row
  REQUIRE(p.ok());
  CHECK(p.value().kind == BroadcastLoops::Run::kVV);
  CHECK(p.value().run == 5);
  CHECK(p.value().outer == std::vector<int64_t>{12});

  p = plan_broadcast({3, 1}, {1, 4});  // outer product
  REQUIRE(p.ok());
  CHECK(p.value().out == Shape{3, 4});

  p = plan_broadcast({2, 0, 3}, {1, 3});  // empty
  REQUIRE(p.ok());
  CHECK(p.value().out == Shape{2, 0, 3});
  CHECK(p.value().empty);

  p = plan_broadcast({0}, {1});
  REQUIRE(p.ok());
  CHECK(p.value().out == Shape{0});

  auto bad = plan_broadcast({2, 3}, {4});
  REQUIRE(!bad.ok());
  CHECK(bad.status().message() ==
        "shapes [2,3] and [4] do not broadcast (dimension 1 of the 2-d output: 3 vs 4)");
  CHECK(!plan_broadcast({0}, {2}).ok());
}

TEST_CASE("float32 Add/Sub/Mul/Div match numpy broadcasting on many shape pairs") {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{2, 3, 4, 5}, {2, 3, 4, 5}},
      {{2, 3, 4, 5}, {}},
      {{}, {2, 3, 4, 5}},
      {{2, 3, 4, 5}, {3, 1, 1}},
      {{2, 3, 4, 5}, {1, 3, 1, 1}},
      {{3, 1, 1}, {2, 3, 4, 5}},
      {{3, 4, 5}, {5}},
      {{5}, {3, 4, 5}},
      {{3, 1}, {1, 4}},
      {{2, 1, 4}, {3, 1}},
      {{1, 1, 1}, {1}},
      {{1}, {}},
      {{7, 1, 9}, {7, 5, 1}},
      {{2, 3, 1, 5}, {2, 1, 4, 1}},
      {{1, 3, 1, 5}, {2, 1, 4, 1}},
      {{4, 1, 3}, {1, 5, 3}},
      {{13}, {13}},
      {{2, 9}, {2, 1}},
  };
  for (const auto& shapes : cases) {
    const Shape sa = shapes.first, sb = shapes.second;  // named copies: doctest's INFO captures
    const auto a = test::random_floats(static_cast<size_t>(shape_elements(sa)), 11, -2, 2);
    auto b = test::random_floats(static_cast<size_t>(shape_elements(sb)), 12, 0.5f, 2);
    const Tensor ta = test::f32(sa, a), tb = test::f32(sb, b);
    const Shape out = plan_broadcast(sa, sb).value().out;
    for (auto op :
         {std::pair<const char*, char>{"Add", '+'}, {"Sub", '-'}, {"Mul", '*'}, {"Div", '/'}}) {
      const char* name = op.first;
      const char sym = op.second;
      for (bool scalar : {false, true}) {
        INFO(name, " ", shape_string(sa), " ", shape_string(sb), scalar ? " scalar" : "");
        auto r = binary(name, ta, tb, scalar);
        REQUIRE_MESSAGE(r.ok(), r.status.message());
        CHECK(r.outputs[0].shape == out);
        const auto want = naive_broadcast(sa, a, sb, b, out, sym);
        const auto got = values<float>(r.outputs[0]);
        CHECK(std::memcmp(got.data(), want.data(), want.size() * 4) == 0);
      }
    }
  }
}

TEST_CASE("binary ops on empty tensors give empty outputs") {
  const Tensor a = tensor_of<float>(DType::kFloat32, {2, 0, 3}, {});
  const Tensor b = test::f32({1, 3}, {1, 2, 3});
  auto r = binary("Add", a, b);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].shape == Shape{2, 0, 3});
  CHECK(r.outputs[0].bytes.empty());
  auto e = binary("Equal", a, b);
  REQUIRE(e.ok());
  CHECK(e.outputs[0].shape == Shape{2, 0, 3});
}

TEST_CASE("integer arithmetic: wrap-around, Div truncating toward zero, x / 0 = 0") {
  const Tensor a = tensor_of<int64_t>(DType::kInt64, {6}, {7, -7, 7, -7, 5, INT64_MIN});
  const Tensor b = tensor_of<int64_t>(DType::kInt64, {6}, {2, 2, -2, -2, 0, -1});
  auto r = binary("Div", a, b);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{3, -3, -3, 3, 0, INT64_MIN});

  const Tensor c = tensor_of<int32_t>(DType::kInt32, {3}, {INT32_MAX, INT32_MIN, 46341});
  const Tensor one = tensor_of<int32_t>(DType::kInt32, {}, {1});
  CHECK(values<int32_t>(binary("Add", c, one).outputs[0]) ==
        std::vector<int32_t>{INT32_MIN, INT32_MIN + 1, 46342});
  CHECK(values<int32_t>(binary("Sub", one, c).outputs[0]) ==
        std::vector<int32_t>{INT32_MIN + 2, INT32_MIN + 1, -46340});
  CHECK(values<int32_t>(binary("Mul", c, c).outputs[0])[2] ==
        static_cast<int32_t>(46341u * 46341u));

  const Tensor u = tensor_of<uint8_t>(DType::kUInt8, {4}, {250, 3, 200, 9});
  const Tensor v = tensor_of<uint8_t>(DType::kUInt8, {4}, {10, 5, 2, 0});
  CHECK(values<uint8_t>(binary("Add", u, v).outputs[0]) == std::vector<uint8_t>{4, 8, 202, 9});
  CHECK(values<uint8_t>(binary("Sub", v, u).outputs[0]) == std::vector<uint8_t>{16, 2, 58, 247});
  CHECK(values<uint8_t>(binary("Mul", u, v).outputs[0]) == std::vector<uint8_t>{196, 15, 144, 0});
  CHECK(values<uint8_t>(binary("Div", u, v).outputs[0]) == std::vector<uint8_t>{25, 0, 100, 0});

  const Tensor s = tensor_of<int8_t>(DType::kInt8, {3}, {-128, -7, 100});
  const Tensor m1 = tensor_of<int8_t>(DType::kInt8, {1}, {-1});
  CHECK(values<int8_t>(binary("Div", s, m1).outputs[0]) == std::vector<int8_t>{-128, 7, -100});
  CHECK(values<int8_t>(binary("Mul", s, s).outputs[0]) ==
        std::vector<int8_t>{0, 49, static_cast<int8_t>(16)});  // 10000 mod 256 = 16
}

TEST_CASE("int64 shape arithmetic broadcasts too (as the planner uses it)") {
  const Tensor shape = tensor_of<int64_t>(DType::kInt64, {4}, {1, 3, 224, 224});
  const Tensor two = tensor_of<int64_t>(DType::kInt64, {}, {2});
  auto r = binary("Div", shape, two);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{4});
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{0, 1, 112, 112});
  r = binary("Mul", two, shape);
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{2, 6, 448, 448});
}

TEST_CASE("Equal: float32, int64, int32, bool to bool, broadcast; NaN equals nothing") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor a = test::f32({2, 3}, {1, nan, -0.0f, 4, 5, 6});
  const Tensor b = test::f32({3}, {1, nan, 0.0f});
  auto r = binary("Equal", a, b);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].dtype == DType::kBool);
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 1, 0, 0, 0});

  const Tensor i = tensor_of<int64_t>(DType::kInt64, {3}, {1, 2, 3});
  const Tensor j = tensor_of<int64_t>(DType::kInt64, {}, {2});
  CHECK(values<uint8_t>(binary("Equal", j, i).outputs[0]) == std::vector<uint8_t>{0, 1, 0});
  const Tensor k = tensor_of<int32_t>(DType::kInt32, {2, 1}, {1, 3});
  const Tensor l = tensor_of<int32_t>(DType::kInt32, {3}, {1, 2, 3});
  CHECK(values<uint8_t>(binary("Equal", k, l).outputs[0]) ==
        std::vector<uint8_t>{1, 0, 0, 0, 0, 1});
  const Tensor t = tensor_of<uint8_t>(DType::kBool, {2}, {1, 0});
  CHECK(values<uint8_t>(binary("Equal", t, t).outputs[0]) == std::vector<uint8_t>{1, 1});
}

TEST_CASE("binary op errors name the types or shapes") {
  const Tensor f = test::f32({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor i = tensor_of<int64_t>(DType::kInt64, {3}, {1, 2, 3});
  auto r = binary("Add", f, i);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Add node 'node0' (opset 13): the inputs have different types (float32 and int64); "
        "ONNX requires one type for both");
  const Tensor t = tensor_of<uint8_t>(DType::kBool, {2}, {1, 0});
  r = binary("Mul", t, t);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Mul node 'node0' (opset 13): inputs of type bool are not supported; supported: "
        "float32, int64, int32, uint8, int8");
  r = binary("Sub", f, test::f32({4}, {1, 2, 3, 4}));
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "Sub node 'node0' (opset 13): inputs 'in0' and 'in1': shapes [2,3] and [4] do not "
        "broadcast (dimension 1 of the 2-d output: 3 vs 4)");
}

TEST_CASE("float32 binary runs: the default kernels equal the scalar reference bit for bit") {
  // In the wasm build the default kernels are SIMD128 (8-, 4-wide and tail paths); natively
  // this checks the scalar kernels against themselves.
  std::mt19937 rng(5);
  const float specials[] = {0.0f,
                            -0.0f,
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(),
                            1e-40f,
                            3e38f,
                            -1.0f};
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = rng() % 70;
    auto a = test::random_floats(n, rng(), -3, 3);
    auto b = test::random_floats(n, rng(), -3, 3);
    for (size_t i = 0; i < n; i += 1 + rng() % 5) a[i] = specials[rng() % 8];
    for (size_t i = 0; i < n; i += 1 + rng() % 7) b[i] = specials[rng() % 8];
    for (auto op : {kernels::BinaryOpKind::kAdd, kernels::BinaryOpKind::kSub,
                    kernels::BinaryOpKind::kMul, kernels::BinaryOpKind::kDiv}) {
      const auto ref = kernels::f32_binary__scalar(op);
      const auto fast = kernels::default_kernels().binary(op);
      std::vector<float> y0(n + 1, 7.0f), y1(n + 1, 7.0f);
      const float* bs = b.empty() ? a.data() : b.data();
      for (int kind = 0; kind < 3; ++kind) {
        if (n == 0) break;
        auto pick = [&](const kernels::BinaryKernels<float>& k) {
          return kind == 0 ? k.vv : kind == 1 ? k.vs : k.sv;
        };
        pick(ref)(n, a.data(), bs, y0.data());
        pick(fast)(n, a.data(), bs, y1.data());
        INFO("op ", static_cast<int>(op), " kind ", kind, " n ", n);
        CHECK(std::memcmp(y0.data(), y1.data(), (n + 1) * 4) == 0);
      }
    }
  }
}
