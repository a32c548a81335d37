// The ReduceX family (every fold, axes as attribute or input by opset, keepdims,
// noop_with_empty_axes, int64, empty reductions), ArgMax/ArgMin, TopK and CumSum: values, shapes
// and the errors for what they refuse.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "graph_builder.h"
#include "op_runner.h"
#include "test_util.h"

using namespace wnn;
using namespace wnn::test;

namespace {

OpCall reduce_call(const std::string& op, int64_t opset, Tensor x, std::vector<int64_t> axes,
                   bool axes_input, int64_t keepdims = 1) {
  OpCall c;
  c.op_type = op;
  c.opset = opset;
  c.inputs = {std::move(x)};
  if (axes_input) {
    c.inputs.push_back(i64({static_cast<int64_t>(axes.size())}, axes));
    c.known = {false, true};
  } else if (!axes.empty()) {
    c.attributes["axes"] = ints(axes);
  }
  c.attributes["keepdims"] = int1(keepdims);
  return c;
}

Tensor only_output(const OpResult& r) {
  REQUIRE(r.ok());
  REQUIRE(r.outputs.size() == 1);
  return r.outputs[0];
}

}  // namespace

TEST_CASE("ReduceX: every fold over axis 1 of a 2 x 3 x 2, attribute (13) and input (18) forms") {
  const std::vector<float> xv = {1, -2, 3, 4, -5, 6, 0.5f, 1, 2, -1, 3, 0.25f};
  struct Want {
    const char* op;
    std::vector<float> y;  // [2, 1, 2]
  };
  auto lse = [](float a, float b, float c) {
    return static_cast<float>(
        std::log(std::exp(double(a)) + std::exp(double(b)) + std::exp(double(c))));
  };
  const Want wants[] = {
      {"ReduceSum", {-1, 8, 5.5f, 0.25f}},
      {"ReduceMean", {-1.0f / 3, 8.0f / 3, 5.5f / 3, 0.25f / 3}},
      {"ReduceMax", {3, 6, 3, 1}},
      {"ReduceMin", {-5, -2, 0.5f, -1}},
      {"ReduceProd", {-15, -48, 3, -0.25f}},
      {"ReduceL1", {9, 12, 5.5f, 2.25f}},
      {"ReduceL2", {std::sqrt(35.0f), std::sqrt(56.0f), std::sqrt(13.25f), std::sqrt(2.0625f)}},
      {"ReduceSumSquare", {35, 56, 13.25f, 2.0625f}},
      {"ReduceLogSumExp", {lse(1, 3, -5), lse(-2, 4, 6), lse(0.5f, 2, 3), lse(1, -1, 0.25f)}},
  };
  for (const Want& w : wants)
    for (int64_t opset : {13, 18}) {
      CAPTURE(w.op);
      CAPTURE(opset);
      const bool input_form = opset >= 18 || std::string(w.op) == "ReduceSum";
      const Tensor y =
          only_output(run_op(reduce_call(w.op, opset, f32({2, 3, 2}, xv), {1}, input_form)));
      CHECK(y.shape == Shape{2, 1, 2});
      const auto got = values<float>(y);
      for (size_t i = 0; i < 4; ++i) CHECK(got[i] == doctest::Approx(w.y[i]).epsilon(1e-6));
    }
  const Tensor y = only_output(
      run_op(reduce_call("ReduceLogSum", 13, f32({2, 2}, {1, 2, 3, 4}), {-1}, false, 0)));
  CHECK(y.shape == Shape{2});
  CHECK(values<float>(y)[0] == doctest::Approx(std::log(3.0)).epsilon(1e-6));
  CHECK(values<float>(y)[1] == doctest::Approx(std::log(7.0)).epsilon(1e-6));
}

TEST_CASE("ReduceX: int64, all axes, noop_with_empty_axes, empty reductions, -inf rows") {
  const Tensor xi = i64({2, 3}, {1, -2, 3, 4, 5, -6});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceSum", 13, xi, {1}, true, 0)))) ==
        std::vector<int64_t>{2, 3});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceProd", 18, xi, {0}, true, 0)))) ==
        std::vector<int64_t>{4, -10, -18});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceMin", 13, xi, {}, false)))) ==
        std::vector<int64_t>{-6});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceL1", 13, xi, {-1}, false, 0)))) ==
        std::vector<int64_t>{6, 15});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceSumSquare", 18, xi, {1}, true,
                                                       0)))) == std::vector<int64_t>{14, 77});

  // Empty axes: every axis, or the input unchanged with noop_with_empty_axes=1.
  const Tensor x = f32({2, 2}, {1, 2, 3, 4});
  OpCall c = reduce_call("ReduceSum", 13, x, {}, true);
  Tensor y = only_output(run_op(c));
  CHECK(y.shape == Shape{1, 1});
  CHECK(values<float>(y)[0] == 10);
  c.known = {false, false};  // an empty tensor needs no values to be known
  CHECK(values<float>(only_output(run_op(c)))[0] == 10);
  c.attributes["noop_with_empty_axes"] = int1(1);
  y = only_output(run_op(c));
  CHECK(y.shape == Shape{2, 2});
  CHECK(values<float>(y) == values<float>(x));
  c.inputs.pop_back();  // axes omitted altogether
  y = only_output(run_op(c));
  CHECK(y.shape == Shape{2, 2});
  c.op_type = "ReduceL1";  // no axis reduced, but each value still goes through the fold
  c.opset = 18;
  c.inputs[0] = f32({3}, {-1, 2, -3});
  y = only_output(run_op(c));
  CHECK(values<float>(y) == std::vector<float>{1, 2, 3});

  // Reducing an empty axis gives each fold's identity.
  const Tensor e = f32({2, 0}, {});
  CHECK(values<float>(only_output(run_op(reduce_call("ReduceSum", 13, e, {1}, true))))[0] == 0);
  CHECK(values<float>(only_output(run_op(reduce_call("ReduceProd", 13, e, {1}, false))))[1] == 1);
  CHECK(values<float>(only_output(run_op(reduce_call("ReduceMin", 13, e, {1}, false))))[0] ==
        std::numeric_limits<float>::infinity());

  // Log-sum-exp of a row of -inf is -inf (the shift is 0, not -inf), of +inf is +inf.
  const float inf = std::numeric_limits<float>::infinity();
  y = only_output(
      run_op(reduce_call("ReduceLogSumExp", 13, f32({2, 2}, {-inf, -inf, inf, 1}), {1}, false, 0)));
  CHECK(values<float>(y)[0] == -inf);
  CHECK(values<float>(y)[1] == inf);
  // NaN wins in Max and Min.
  y = only_output(run_op(reduce_call("ReduceMin", 13, f32({3}, {1, NAN, -1}), {}, false, 0)));
  CHECK(std::isnan(values<float>(y)[0]));
}

TEST_CASE("ReduceX over int64 wraps around on overflow, as ONNX Runtime and numpy do (fuzz: UBSan)") {
  // A fuzzer's seed: a differential ReduceProd case whose int64 input was all 0x01 bytes
  // (72340172838076673 each); the product overflowed a signed int64 (undefined behaviour).
  const int64_t big = 72340172838076673;
  const Tensor x = i64({1, 2}, {big, big});
  const int64_t wrapped = static_cast<int64_t>(static_cast<uint64_t>(big) * static_cast<uint64_t>(big));
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceProd", 13, x, {1}, false)))) ==
        std::vector<int64_t>{wrapped});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceSumSquare", 13, x, {1}, false)))) ==
        std::vector<int64_t>{static_cast<int64_t>(2 * static_cast<uint64_t>(wrapped))});
  const Tensor extremes = i64({1, 2}, {INT64_MAX, INT64_MIN});
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceSum", 13, extremes, {1}, true, 0)))) ==
        std::vector<int64_t>{-1});
  // |INT64_MIN| wraps to itself, as in numpy.
  CHECK(values<int64_t>(only_output(run_op(reduce_call("ReduceL1", 13, extremes, {1}, false)))) ==
        std::vector<int64_t>{-1});
}

TEST_CASE("ReduceX refuses wrong forms, run-time axes and unsupported dtypes") {
  const Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  OpCall c = reduce_call("ReduceSum", 13, x, {1}, true);
  c.known = {false, false};
  OpResult r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "ReduceSum node 'node0' (opset 13): axes ('in1') depends on input values, not only on "
        "shapes; wasmnn plans memory ahead and needs it known when planning (an initializer, or "
        "computed from shapes)");
  r = run_op(reduce_call("ReduceMean", 18, x, {1}, false));
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "ReduceMean node 'node0' (opset 18): has an axes attribute, which opset 18 replaced with "
        "the axes input; give axes as input 1");
  r = run_op(reduce_call("ReduceL2", 13, x, {1}, true));
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("has a second input, but axes is an attribute before opset 18") !=
        std::string::npos);
  c = reduce_call("ReduceMax", 13, x, {1}, false);
  c.attributes["noop_with_empty_axes"] = int1(1);
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("noop_with_empty_axes exists from opset 18") != std::string::npos);
  r = run_op(reduce_call("ReduceSum", 13, x, {2}, true));
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axes 2 is out of range for rank 2") != std::string::npos);
  r = run_op(reduce_call("ReduceSum", 13, x, {1, -1}, true));
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("names an axis twice") != std::string::npos);
  r = run_op(reduce_call("ReduceLogSumExp", 13, i64({2}, {1, 2}), {}, false));
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "ReduceLogSumExp node 'node0' (opset 13): input is int64; supported: float32");
  r = run_op(reduce_call("ReduceSum", 13, tensor_of<int8_t>(DType::kInt8, {2}, {1, 2}), {}, false));
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("input is int8; supported: float32, int64, int32") !=
        std::string::npos);
}

TEST_CASE("ReduceSum opset 18 runs through a Session with axes as an initializer") {
  GraphBuilder b(18);
  b.input("x", DType::kFloat32, {2, 3}).init("axes", i64({1}, {0}));
  b.node("ReduceSum", {"x", "axes"}, {"y"}, {{"keepdims", int1(0)}}).output("y");
  auto r = run_graph(b.g, {f32({2, 3}, {1, 2, 3, 4, 5, 6})});
  REQUIRE(r.ok());
  CHECK(values<float>(r.value()[0]) == std::vector<float>{5, 7, 9});
}

TEST_CASE("ArgMax and ArgMin: axis, keepdims, ties first or last, NaN, int64") {
  OpCall c;
  c.op_type = "ArgMax";
  c.inputs = {f32({2, 3}, {1, 5, 5, 7, 2, 7})};
  c.attributes = {{"axis", int1(1)}};
  Tensor y = only_output(run_op(c));
  CHECK(y.dtype == DType::kInt64);
  CHECK(y.shape == Shape{2, 1});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{1, 0});
  c.attributes["select_last_index"] = int1(1);
  c.attributes["keepdims"] = int1(0);
  y = only_output(run_op(c));
  CHECK(y.shape == Shape{2});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{2, 2});
  c.op_type = "ArgMin";
  c.attributes = {{"axis", int1(0)}};
  y = only_output(run_op(c));
  CHECK(y.shape == Shape{1, 3});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{0, 1, 0});
  c.inputs = {i64({4}, {3, -1, 8, -1})};
  c.attributes = {{"select_last_index", int1(1)}};
  CHECK(values<int64_t>(only_output(run_op(c))) == std::vector<int64_t>{3});
  c.op_type = "ArgMax";
  c.inputs = {f32({4}, {1, NAN, 9, NAN})};
  CHECK(values<int64_t>(only_output(run_op(c))) == std::vector<int64_t>{1});

  c.inputs = {f32({2, 0}, {})};
  c.attributes = {{"axis", int1(-1)}};
  OpResult r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "ArgMax node 'node0' (opset 13): axis -1 of input [2,0] is empty: there is no index to "
        "return");
  c.inputs = {f32({2}, {1, 2})};
  c.attributes = {{"axis", int1(1)}};
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axis 1 is out of range for rank 1") != std::string::npos);
}

TEST_CASE("TopK: largest and smallest, ties by lower index, any axis, K known at plan time") {
  OpCall c;
  c.op_type = "TopK";
  c.opset = 11;
  c.inputs = {f32({2, 4}, {3, 1, 3, 2, 0, -1, 5, 5}), i64({1}, {3})};
  c.known = {false, true};
  c.outputs = 2;
  OpResult r = run_op(c);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{2, 3});
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{3, 3, 2, 5, 5, 0});
  CHECK(values<int64_t>(r.outputs[1]) == std::vector<int64_t>{0, 2, 3, 2, 3, 0});
  c.attributes = {{"largest", int1(0)}, {"axis", int1(0)}};
  c.inputs[1] = i64({1}, {1});
  r = run_op(c);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{1, 4});
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{0, -1, 3, 2});
  CHECK(values<int64_t>(r.outputs[1]) == std::vector<int64_t>{1, 1, 0, 0});
  // int64 values; k = 0 gives empty outputs.
  c.inputs = {i64({5}, {4, 9, 4, 9, 1}), i64({1}, {2})};
  c.attributes = {};
  r = run_op(c);
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{9, 9});
  CHECK(values<int64_t>(r.outputs[1]) == std::vector<int64_t>{1, 3});
  c.inputs[1] = i64({1}, {0});
  r = run_op(c);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{0});
  // Opset 1: k as an attribute.
  c.opset = 1;
  c.inputs = {f32({3}, {1, 3, 2})};
  c.known = {};
  c.attributes = {{"k", int1(2)}};
  r = run_op(c);
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[1]) == std::vector<int64_t>{1, 2});

  c.opset = 11;
  c.attributes = {};
  c.inputs = {f32({3}, {1, 3, 2}), i64({1}, {4})};
  c.known = {false, true};
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "TopK node 'node0' (opset 11): k = 4 is outside 0..3 (the length of axis -1 of input [3])");
  c.known = {false, false};
  c.inputs[1] = i64({1}, {2});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("K ('in1') depends on input values") != std::string::npos);
}

TEST_CASE("CumSum: axis, exclusive, reverse, int64") {
  OpCall c;
  c.op_type = "CumSum";
  c.opset = 14;
  c.inputs = {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({}, {1})};
  c.known = {false, true};
  CHECK(values<float>(only_output(run_op(c))) == std::vector<float>{1, 3, 6, 4, 9, 15});
  c.attributes = {{"exclusive", int1(1)}};
  CHECK(values<float>(only_output(run_op(c))) == std::vector<float>{0, 1, 3, 0, 4, 9});
  c.attributes = {{"reverse", int1(1)}};
  CHECK(values<float>(only_output(run_op(c))) == std::vector<float>{6, 5, 3, 15, 11, 6});
  c.attributes = {{"reverse", int1(1)}, {"exclusive", int1(1)}};
  CHECK(values<float>(only_output(run_op(c))) == std::vector<float>{5, 3, 0, 11, 6, 0});
  c.inputs = {i64({2, 3}, {1, 2, 3, 4, 5, 6}), tensor_of<int32_t>(DType::kInt32, {1}, {-2})};
  c.attributes = {};
  const Tensor y = only_output(run_op(c));
  CHECK(y.dtype == DType::kInt64);
  CHECK(values<int64_t>(y) == std::vector<int64_t>{1, 2, 3, 5, 7, 9});

  c.known = {false, false};
  OpResult r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axis ('in1') depends on input values") != std::string::npos);
  c.known = {false, true};
  c.inputs[1] = i64({}, {2});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "CumSum node 'node0' (opset 14): axis 2 is out of range for rank 2 (accepted: -2 to 1)");
}
