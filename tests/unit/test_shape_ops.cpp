// Shape ops over every dtype (Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Pad, Shape,
// Gather, ConstantOfShape, Expand, Tile), their opset differences (attributes before 13, inputs
// from 13), negative axes, the errors for what is not supported, and the planner folding a
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape subgraph under a symbolic batch.
#include <doctest/doctest.h>

#include <climits>
#include <numeric>

#include "graph_builder.h"
#include "wnn/ops/registry.h"
#include "wnn/plan/execution_plan.h"

using namespace wnn;
using namespace wnn::test;

namespace {

std::vector<int64_t> iota_i(size_t n, int64_t start = 0) {
  std::vector<int64_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

// One node reading graph input "x" (dtype of `x`) and initializers, writing "y".
Expected<std::vector<Tensor>> run1(const std::string& op, const Tensor& x,
                                   std::vector<std::pair<std::string, Tensor>> inits,
                                   std::map<std::string, Attribute> attrs = {}, int64_t opset = 13,
                                   size_t outputs = 1) {
  GraphBuilder b(opset);
  b.input("x", x.dtype, x.shape);
  std::vector<std::string> ins = {"x"};
  for (auto& [name, t] : inits) {
    ins.push_back(name);
    if (!name.empty()) b.init(name, t);
  }
  std::vector<std::string> outs;
  for (size_t o = 0; o < outputs; ++o) outs.push_back("y" + std::to_string(o));
  b.node(op, ins, outs, attrs);
  for (const std::string& o : outs) b.output(o);
  return run_graph(b.g, {x});
}

Tensor only(Expected<std::vector<Tensor>> r) {
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return r.value()[0];
}

std::string error_of(Expected<std::vector<Tensor>> r) {
  REQUIRE(!r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("Transpose: default reverses the axes; perm on int64, uint8 and bool") {
  Tensor x = f32({2, 3, 4}, iota_f(24));
  Tensor y = only(run1("Transpose", x, {}));
  CHECK(y.shape == Shape{4, 3, 2});
  CHECK(values<float>(y)[1] == 12);  // y[0,0,1] = x[1,0,0]
  Tensor xi = i64({2, 3, 4}, iota_i(24));
  y = only(run1("Transpose", xi, {}, {{"perm", ints({1, 2, 0})}}));
  CHECK(y.shape == Shape{3, 4, 2});
  const auto v = values<int64_t>(y);
  for (int64_t a = 0; a < 3; ++a)
    for (int64_t b = 0; b < 4; ++b)
      for (int64_t c = 0; c < 2; ++c) CHECK(v[(a * 4 + b) * 2 + c] == c * 12 + a * 4 + b);
  for (DType t : {DType::kUInt8, DType::kBool}) {
    Tensor xb = tensor_of<uint8_t>(t, {2, 2}, {1, 0, 0, 1});
    xb.bytes[1] = 1;
    y = only(run1("Transpose", xb, {}));
    CHECK(y.dtype == t);
    CHECK(values<uint8_t>(y) == std::vector<uint8_t>{1, 0, 1, 1});
  }
  CHECK(error_of(run1("Transpose", x, {}, {{"perm", ints({0, 0, 1})}}))
            .find("perm [0,0,1] names an axis twice") != std::string::npos);
}

TEST_CASE("Squeeze and Unsqueeze: axes attribute before opset 13, input from 13, negative axes") {
  Tensor x = f32({1, 3, 1, 2}, iota_f(6));
  CHECK(only(run1("Squeeze", x, {})).shape == Shape{3, 2});
  CHECK(only(run1("Squeeze", x, {}, {{"axes", ints({-2})}}, 11)).shape == Shape{1, 3, 2});
  CHECK(only(run1("Squeeze", x, {{"axes", i64({1}, {0})}})).shape == Shape{3, 1, 2});
  CHECK(error_of(run1("Squeeze", x, {{"axes", i64({1}, {1})}})) ==
        "Squeeze node 'Squeeze_0' (opset 13): cannot squeeze axis 1 of input [1,3,1,2]: its "
        "size is not 1");
  Tensor u = only(run1("Unsqueeze", x, {{"axes", i64({2}, {-1, 0})}}));
  CHECK(u.shape == Shape{1, 1, 3, 1, 2, 1});
  CHECK(values<float>(u) == iota_f(6));
  CHECK(only(run1("Unsqueeze", x, {}, {{"axes", ints({1})}}, 11)).shape == Shape{1, 1, 3, 1, 2});
  CHECK(error_of(run1("Unsqueeze", x, {})).find("has 1 input, but Unsqueeze takes 2 inputs") !=
        std::string::npos);
}

TEST_CASE("Concat along a negative axis, int32 and float; Split equal and by lengths") {
  GraphBuilder b;
  b.input("a", DType::kInt32, {2, 1})
      .init("b", tensor_of<int32_t>(DType::kInt32, {2, 2}, {5, 6, 7, 8}));
  b.node("Concat", {"a", "b"}, {"y"}, {{"axis", int1(-1)}}).output("y");
  auto r = run_graph(b.g, {tensor_of<int32_t>(DType::kInt32, {2, 1}, {1, 2})});
  REQUIRE(r.ok());
  CHECK(r.value()[0].shape == Shape{2, 3});
  CHECK(values<int32_t>(r.value()[0]) == std::vector<int32_t>{1, 5, 6, 2, 7, 8});

  Tensor x = f32({2, 6}, iota_f(12));
  auto parts = run1("Split", x, {}, {{"axis", int1(1)}}, 13, 3);
  REQUIRE(parts.ok());
  CHECK(values<float>(parts.value()[1]) == std::vector<float>{2, 3, 8, 9});
  parts = run1("Split", x, {}, {{"axis", int1(-1)}, {"split", ints({1, 5})}}, 11, 2);
  REQUIRE(parts.ok());
  CHECK(parts.value()[1].shape == Shape{2, 5});
  parts = run1("Split", x, {{"split", i64({2}, {4, 2})}}, {{"axis", int1(1)}}, 13, 2);
  REQUIRE(parts.ok());
  CHECK(values<float>(parts.value()[1]) == std::vector<float>{4, 5, 10, 11});
  CHECK(error_of(run1("Split", x, {}, {{"axis", int1(1)}}, 13, 4))
            .find("cannot be split into 4 equal parts") != std::string::npos);
  CHECK(error_of(run1("Split", x, {}, {{"num_outputs", int1(2)}}, 13, 2))
            .find("num_outputs attribute is defined from opset 18 on") != std::string::npos);
}

TEST_CASE("Slice: negative steps, clamping, negative axes, int32 starts, attributes before 10") {
  Tensor x = f32({3, 4}, iota_f(12));
  // x[::-1, 3:0:-2]
  Tensor y = only(run1("Slice", x,
                       {{"s", i64({2}, {-1, 3})},
                        {"e", i64({2}, {INT64_MIN, 0})},
                        {"a", i64({2}, {0, -1})},
                        {"st", i64({2}, {-1, -2})}}));
  CHECK(y.shape == Shape{3, 2});
  CHECK(values<float>(y) == std::vector<float>{11, 9, 7, 5, 3, 1});
  y = only(run1("Slice", x,
                {{"s", tensor_of<int32_t>(DType::kInt32, {1}, {1})},
                 {"e", tensor_of<int32_t>(DType::kInt32, {1}, {1000})}}));
  CHECK(y.shape == Shape{2, 4});
  y = only(run1("Slice", x, {},
                {{"starts", ints({-2})}, {"ends", ints({INT64_MAX})}, {"axes", ints({1})}}, 9));
  CHECK(values<float>(y) == std::vector<float>{2, 3, 6, 7, 10, 11});
  y = only(run1("Slice", x, {{"s", i64({1}, {5})}, {"e", i64({1}, {10})}}));
  CHECK(y.shape == Shape{0, 4});

  // starts that only exist at run time cannot be planned.
  GraphBuilder b;
  b.input("x", DType::kFloat32, {3, 4}).input("s", DType::kInt64, {1}).init("e", i64({1}, {2}));
  b.node("Slice", {"x", "s", "e"}, {"y"}).output("y");
  auto r = run_graph(b.g, {x, i64({1}, {0})});
  REQUIRE(!r.ok());
  CHECK(r.status().message() ==
        "Slice node 'Slice_0' (opset 13): starts ('s') depends on input values, not only on "
        "shapes; wasmnn plans memory ahead and needs it known when planning (an initializer, "
        "or computed from shapes)");
}

TEST_CASE("Pad: constant, reflect, edge; pads as attribute (opset 10) or input; crop") {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor y = only(run1("Pad", x, {{"p", i64({4}, {0, 2, 1, 0})}, {"v", f32({}, {-1})}}));
  CHECK(y.shape == Shape{3, 5});
  CHECK(values<float>(y) ==
        std::vector<float>{-1, -1, 1, 2, 3, -1, -1, 4, 5, 6, -1, -1, -1, -1, -1});
  y = only(run1("Pad", x, {{"p", i64({4}, {0, 2, 0, 1})}}, {{"mode", str("reflect")}}));
  CHECK(values<float>(y) == std::vector<float>{3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5});
  y = only(run1("Pad", x, {{"p", i64({4}, {1, 1, 0, 0})}}, {{"mode", str("edge")}}));
  CHECK(values<float>(y) == std::vector<float>{1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6});
  y = only(run1("Pad", x, {}, {{"pads", ints({0, -1, 0, 1})}, {"value", flt(9)}}, 10));
  CHECK(values<float>(y) == std::vector<float>{2, 3, 9, 5, 6, 9});
  Tensor xi = i64({2}, {7, 8});
  y = only(run1("Pad", xi, {{"p", i64({2}, {1, 1})}, {"v", i64({}, {-5})}}));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{-5, 7, 8, -5});
  CHECK(error_of(run1("Pad", x, {{"p", i64({4}, {0, 1, 0, 1})}}, {{"mode", str("wrap")}}))
            .find("mode 'wrap' is not supported (constant, reflect, edge; wrap is defined from opset 19 on)") !=
        std::string::npos);
}

TEST_CASE("Shape (with opset 15 start/end), ConstantOfShape, Gather, Expand, Tile") {
  Tensor x = f32({2, 3, 4}, iota_f(24));
  CHECK(values<int64_t>(only(run1("Shape", x, {}))) == std::vector<int64_t>{2, 3, 4});
  CHECK(values<int64_t>(only(run1("Shape", x, {}, {{"start", int1(-2)}, {"end", int1(10)}}, 15))) ==
        std::vector<int64_t>{3, 4});
  CHECK(only(run1("Shape", x, {}, {{"start", int1(2)}, {"end", int1(1)}}, 15)).shape == Shape{0});

  GraphBuilder b;
  Attribute value;
  value.kind = Attribute::Kind::kTensor;
  value.t = i64({1}, {7});
  b.init("s", i64({2}, {2, 3})).input("x", DType::kFloat32, {1});
  b.node("ConstantOfShape", {"s"}, {"y"}, {{"value", value}}).output("y");
  auto r = run_graph(b.g, {f32({1}, {0})});
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r.value()[0].dtype == DType::kInt64);
  CHECK(values<int64_t>(r.value()[0]) == std::vector<int64_t>(6, 7));

  // Gather along axis 1 with negative int32 indices of shape [2, 1].
  Tensor y = only(run1("Gather", x, {{"i", tensor_of<int32_t>(DType::kInt32, {2, 1}, {-1, 0})}},
                       {{"axis", int1(1)}}));
  CHECK(y.shape == Shape{2, 2, 1, 4});
  CHECK(values<float>(y) ==
        std::vector<float>{8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15});
  CHECK(error_of(run1("Gather", x, {{"i", i64({1}, {3})}}, {{"axis", int1(-2)}})) ==
        "Gather node 'Gather_0' (opset 13): index 3 is out of range for axis 1 of size 3");
  // Indices known only at run time: out-of-range ones give zeros, never a read outside.
  GraphBuilder g2;
  g2.init("d", f32({3, 2}, {1, 2, 3, 4, 5, 6})).input("i", DType::kInt64, {3});
  g2.node("Gather", {"d", "i"}, {"y"}).output("y");
  r = run_graph(g2.g, {i64({3}, {2, -3, 9})});
  REQUIRE(r.ok());
  CHECK(values<float>(r.value()[0]) == std::vector<float>{5, 6, 1, 2, 0, 0});

  y = only(run1("Expand", f32({3, 1}, {1, 2, 3}), {{"s", i64({3}, {2, 1, 2})}}));
  CHECK(y.shape == Shape{2, 3, 2});
  CHECK(values<float>(y) == std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3});
  CHECK(error_of(run1("Expand", f32({3}, {1, 2, 3}), {{"s", i64({1}, {2})}}))
            .find("input [3] cannot be broadcast to shape [2]") != std::string::npos);
  y = only(run1("Tile", tensor_of<uint8_t>(DType::kUInt8, {2, 2}, {1, 2, 3, 4}),
                {{"r", i64({2}, {2, 1})}}));
  CHECK(values<uint8_t>(y) == std::vector<uint8_t>{1, 2, 3, 4, 1, 2, 3, 4});
}

TEST_CASE("a Shape -> Gather -> Unsqueeze -> Concat -> Reshape subgraph is folded while planning") {
  // y = Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])): [N, 3, 4] -> [N, 12].
  GraphBuilder b;
  b.input("x", DType::kFloat32, {-1, 3, 4});
  b.init("zero", i64({}, {0})).init("axes0", i64({1}, {0})).init("minus1", i64({1}, {-1}));
  b.node("Shape", {"x"}, {"shape"});
  b.node("Gather", {"shape", "zero"}, {"n"});
  b.node("Unsqueeze", {"n", "axes0"}, {"n1"});
  b.node("Concat", {"n1", "minus1"}, {"target"}, {{"axis", int1(0)}});
  b.node("Reshape", {"x", "target"}, {"y"});
  b.output("y");

  // The plan has one step: the Reshape. Everything feeding its shape was evaluated.
  std::vector<std::unique_ptr<Op>> ops;
  for (const Node& n : b.g.nodes) {
    auto op = find_op(n.op_type)->create(OpContext{n, b.g, kernels::scalar_kernels()});
    REQUIRE_MESSAGE(op.ok(), op.status().message());
    ops.push_back(op.take());
  }
  ValueTable values_table;
  auto plan = build_execution_plan(b.g, ops, values_table, {{5, 3, 4}});
  REQUIRE_MESSAGE(plan.ok(), plan.status().message());
  REQUIRE(plan.value().steps.size() == 1);
  CHECK(plan.value().steps[0].node->op_type == "Reshape");

  // Two batch sizes through one session: each plan folds the subgraph for its own N.
  auto s = Session::create(b.g);
  REQUIRE(s.ok());
  for (int64_t n : {2, 5}) {
    REQUIRE(s.value()->prepare({{n, 3, 4}}).ok());
    const auto x = iota_f(static_cast<size_t>(n * 12), 1);
    std::memcpy(s.value()->input_data(0), x.data(), x.size() * 4);
    REQUIRE(s.value()->run().ok());
    CHECK(s.value()->output_shape(0) == Shape{n, 12});
    const float* y = static_cast<const float*>(s.value()->output_data(0));
    CHECK(std::vector<float>(y, y + x.size()) == x);
  }
}
