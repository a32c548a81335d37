// The integer quantized ops: DynamicQuantizeLinear's range (0 always inside; all zeros), the
// QLinear output stage (ties to even, saturation, per-column scales), per-row/per-column zero
// points of MatMulInteger, QLinearConv's bias and per-channel scales, and the refusal of
// computed conv weights.
#include <doctest/doctest.h>

#include "graph_builder.h"
#include "op_runner.h"

using namespace wnn;
using test::f32;
using test::tensor_of;
using test::values;

namespace {

Tensor u8(Shape s, std::vector<uint8_t> v) { return tensor_of(DType::kUInt8, std::move(s), v); }
Tensor i8(Shape s, std::vector<int8_t> v) { return tensor_of(DType::kInt8, std::move(s), v); }

}  // namespace

TEST_CASE("DynamicQuantizeLinear: the range holds 0; all zeros take scale 1") {
  test::OpCall c;
  c.op_type = "DynamicQuantizeLinear";
  c.opset = 11;
  c.outputs = 3;
  c.inputs = {f32({4}, {1.0f, 2.0f, 0.5f, 1.5f})};  // min 0, not 0.5
  test::OpResult r = test::run_op(c);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[1])[0] == 2.0f / 255.0f);
  CHECK(values<uint8_t>(r.outputs[2])[0] == 0);
  // x / scale = 127.49999, 254.99998, 63.749996, 191.24998 in float32
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{127, 255, 64, 191});
  c.inputs = {f32({2}, {0.0f, 0.0f})};
  r = test::run_op(c);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[1])[0] == 1.0f);
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 0});
}

TEST_CASE("MatMulInteger: per-row A and per-column B zero points, int8 x uint8") {
  test::OpCall c;
  c.op_type = "MatMulInteger";
  c.opset = 10;
  c.inputs = {i8({2, 2}, {1, -2, 3, 4}), u8({2, 3}, {10, 20, 30, 40, 50, 60}), i8({2}, {1, -1}),
              u8({3}, {10, 20, 30})};
  test::OpResult r = test::run_op(c);
  REQUIRE(r.ok());
  // A - za = [[0, -3], [4, 5]]; B - zb = [[0, 0, 0], [30, 30, 30]]
  CHECK(values<int32_t>(r.outputs[0]) == std::vector<int32_t>{-90, -90, -90, 150, 150, 150});
}

TEST_CASE("QLinearMatMul: ties to even, saturation, per-column scales") {
  test::OpCall c;
  c.op_type = "QLinearMatMul";
  c.opset = 10;
  // a x b = [[1, 3, 5, -1000]] with every zero point 0; multiplier 0.5, 0.5, 0.5, 1.
  c.inputs = {u8({1, 1}, {1}),
              f32({}, {1.0f}),
              u8({}, {0}),
              i8({1, 4}, {1, 3, 5, -100}),
              f32({4}, {0.5f, 0.5f, 0.5f, 10.0f}),
              i8({}, {0}),
              f32({}, {1.0f}),
              u8({}, {10})};
  test::OpResult r = test::run_op(c);
  REQUIRE(r.ok());
  // 0.5 -> 0, 1.5 -> 2, 2.5 -> 2 (half to even), then + 10; -1000 saturates at 0.
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{10, 12, 12, 0});
  c.inputs[0] = i8({1, 1}, {1});  // int8 a: the same values
  c.inputs[2] = i8({}, {0});
  r = test::run_op(c);
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{10, 12, 12, 0});
}

TEST_CASE("QLinearConv: bias and per-channel weight scales; computed weights are refused") {
  test::GraphBuilder gb(10);
  gb.input("x", DType::kUInt8, {1, 1, 2, 2});
  gb.init("xs", f32({}, {1.0f})).init("xz", u8({}, {128}));
  gb.init("w", i8({2, 1, 1, 1}, {1, -2})).init("ws", f32({2}, {1.0f, 0.25f}));
  gb.init("wz", i8({2}, {0, 0})).init("ys", f32({}, {1.0f})).init("yz", u8({}, {100}));
  gb.init("b", tensor_of(DType::kInt32, {2}, std::vector<int32_t>{5, -6}));
  gb.node("QLinearConv", {"x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"}, {"y"});
  gb.output("y");
  Expected<std::vector<Tensor>> out = test::run_graph(gb.g, {u8({1, 1, 2, 2}, {128, 129, 130, 0})});
  REQUIRE(out.ok());
  // x - 128 = [0, 1, 2, -128]; channel 0: x + 5; channel 1: (-2x - 6) * 0.25, ties to even.
  CHECK(values<uint8_t>(out.value()[0]) == std::vector<uint8_t>{105, 106, 107, 0, 98, 98, 98, 162});

  test::GraphBuilder computed(10);
  computed.input("x", DType::kUInt8, {1, 1, 2, 2}).input("w", DType::kUInt8, {1, 1, 1, 1});
  computed.node("ConvInteger", {"x", "w"}, {"y"}).output("y");
  out = test::run_graph(computed.g, {u8({1, 1, 2, 2}, {1, 2, 3, 4}), u8({1, 1, 1, 1}, {1})});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("must be initializers") != std::string::npos);
}
