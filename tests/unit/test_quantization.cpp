// QuantizeLinear and DequantizeLinear: rounding half to even, saturation, NaN, per-axis scales,
// the refusals of forms wasmnn lacks, and a QDQ model's int8 weights dequantized once at load.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "graph_builder.h"
#include "op_runner.h"

using namespace wnn;
using test::f32;
using test::tensor_of;
using test::values;

namespace {

test::OpResult quantize(const Tensor& x, const Tensor& scale, const Tensor& zero,
                        int64_t opset = 13, std::map<std::string, Attribute> attrs = {}) {
  test::OpCall c;
  c.op_type = "QuantizeLinear";
  c.opset = opset;
  c.inputs = {x, scale, zero};
  c.attributes = std::move(attrs);
  return test::run_op(c);
}

test::OpResult dequantize(const Tensor& x, const Tensor& scale, const Tensor& zero,
                          int64_t opset = 13, std::map<std::string, Attribute> attrs = {}) {
  test::OpCall c;
  c.op_type = "DequantizeLinear";
  c.opset = opset;
  c.inputs = {x, scale, zero};
  c.attributes = std::move(attrs);
  return test::run_op(c);
}

Tensor u8(Shape s, std::vector<uint8_t> v) { return tensor_of(DType::kUInt8, std::move(s), v); }
Tensor i8(Shape s, std::vector<int8_t> v) { return tensor_of(DType::kInt8, std::move(s), v); }
const Tensor kOmitted;

}  // namespace

TEST_CASE("QuantizeLinear: half to even, saturation, inf and NaN as ONNX Runtime") {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  const Tensor x = f32({14}, {nan, inf, -inf, 1e10f, -1e10f, 0.25f, 0.75f, 1.25f, -0.25f, -0.75f,
                              200.0f, -200.0f, 62.25f, 126.5f});
  const Tensor scale = f32({}, {0.5f});
  test::OpResult r = quantize(x, scale, u8({}, {3}));
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kUInt8);
  CHECK(values<uint8_t>(r.outputs[0]) ==
        std::vector<uint8_t>{0, 255, 0, 255, 0, 3, 5, 5, 3, 1, 255, 0, 127, 255});
  r = quantize(x, scale, i8({}, {3}));
  REQUIRE(r.ok());
  CHECK(values<int8_t>(r.outputs[0]) ==
        std::vector<int8_t>{-128, 127, -128, 127, -128, 3, 5, 5, 3, 1, 127, -128, 127, 127});
  // No zero point: uint8, zero point 0.
  r = quantize(f32({3}, {-1.0f, 2.5f, 3.5f}), f32({1}, {1.0f}), kOmitted, 10);
  REQUIRE(r.ok());
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 2, 4});
  // A division, not a multiply by 1/scale: 0.3 / 0.1 is 2.9999998 in float32 (-> 3), while
  // 0.3 * (1 / 0.1) is 3.0000002; the halfway case shows it: 0.35 / 0.1 = 3.4999998 -> 3.
  r = quantize(f32({1}, {0.35f}), f32({}, {0.1f}), u8({}, {0}));
  CHECK(values<uint8_t>(r.outputs[0]) ==
        std::vector<uint8_t>{static_cast<uint8_t>(std::nearbyint(0.35f / 0.1f))});
}

TEST_CASE("QuantizeLinear and DequantizeLinear per axis; axis counted from the back") {
  // x [2, 3, 2], per-channel (axis 1) scales and zero points.
  std::vector<float> xs(12);
  for (int i = 0; i < 12; ++i) xs[i] = 0.7f * (i - 5);
  const Tensor x = f32({2, 3, 2}, xs);
  const Tensor scale = f32({3}, {0.5f, 1.0f, 2.0f});
  const Tensor zero = i8({3}, {-1, 0, 10});
  test::OpResult q = quantize(x, scale, zero);
  REQUIRE(q.ok());
  std::vector<int8_t> want(12);
  for (int i = 0; i < 12; ++i) {
    const int c = (i / 2) % 3;
    const float s[3] = {0.5f, 1.0f, 2.0f};
    const int z[3] = {-1, 0, 10};
    want[i] = static_cast<int8_t>(std::nearbyint(xs[i] / s[c]) + z[c]);
  }
  CHECK(values<int8_t>(q.outputs[0]) == want);
  test::OpResult back = dequantize(q.outputs[0], scale, zero, 13, {{"axis", test::int1(-2)}});
  REQUIRE(back.ok());
  const std::vector<float> y = values<float>(back.outputs[0]);
  for (int i = 0; i < 12; ++i) {
    const int c = (i / 2) % 3;
    const float s[3] = {0.5f, 1.0f, 2.0f};
    const int z[3] = {-1, 0, 10};
    CHECK(y[i] == static_cast<float>(want[i] - z[c]) * s[c]);
  }
}

TEST_CASE("DequantizeLinear: uint8, int8 and int32, zero point omitted") {
  test::OpResult r = dequantize(u8({4}, {0, 128, 255, 7}), f32({}, {0.25f}), u8({}, {128}));
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{-32.0f, 0.0f, 31.75f, -30.25f});
  r = dequantize(i8({3}, {-128, 0, 127}), f32({}, {2.0f}), kOmitted, 10);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{-256.0f, 0.0f, 254.0f});
  r = dequantize(tensor_of<int32_t>(DType::kInt32, {2}, {16777217, -3}), f32({}, {1.0f}), kOmitted);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{16777216.0f, -3.0f});
}

TEST_CASE("QuantizeLinear and DequantizeLinear refuse what they lack, naming it") {
  const Tensor x = f32({2, 3}, {0, 1, 2, 3, 4, 5});
  auto message = [](const test::OpResult& r) {
    return r.ok() ? std::string() : r.status.message();
  };
  CHECK(message(quantize(x, f32({3}, {1, 1, 1}), u8({3}, {0, 0, 0}), 10)) ==
        "QuantizeLinear node 'node0' (opset 10): a 1-D scale of 3 values (per-axis quantization) "
        "needs opset 13; opset 10 takes a scalar scale");
  CHECK(message(quantize(x, f32({2}, {1, 1}), u8({2}, {0, 0}))) ==
        "QuantizeLinear node 'node0' (opset 13): the scale has 2 values but x [2,3] has 3 along "
        "axis 1");
  CHECK(message(quantize(x, f32({3}, {1, 1, 1}), u8({2}, {0, 0}))) ==
        "QuantizeLinear node 'node0' (opset 13): the zero point (input 2) has shape [2] but the "
        "scale has shape [3]; they must match");
  CHECK(message(
            quantize(x, f32({3}, {1, 1, 1}), u8({3}, {0, 0, 0}), 13, {{"axis", test::int1(2)}})) ==
        "QuantizeLinear node 'node0' (opset 13): axis=2 is out of range for x of shape [2,3]");
  CHECK(message(quantize(x, f32({2, 3}, {1, 1, 1, 1, 1, 1}), kOmitted))
            .find("blocked quantization (opset 21) is not supported") != std::string::npos);
  CHECK(message(quantize(x, f32({}, {1}), kOmitted, 13, {{"block_size", test::int1(2)}})) ==
        "QuantizeLinear node 'node0' (opset 13): block_size=2 (blocked quantization, opset 21) "
        "is not supported; wasmnn quantizes per tensor or per axis");
  CHECK(message(quantize(x, f32({}, {1}), kOmitted, 13, {{"output_dtype", test::int1(5)}})) ==
        "QuantizeLinear node 'node0' (opset 13): output_dtype=5 (opset 21) is not supported; "
        "wasmnn quantizes to UINT8 (2) and INT8 (3)");
  CHECK(message(quantize(x, f32({}, {1}), tensor_of<int32_t>(DType::kInt32, {}, {0}))) ==
        "QuantizeLinear node 'node0' (opset 13): the zero point (input 2) is int32; wasmnn "
        "quantizes to uint8 and int8 (not the float8, 4-bit and 16-bit types of opsets 19 and "
        "21)");
  CHECK(message(quantize(tensor_of<int32_t>(DType::kInt32, {1}, {3}), f32({}, {1}), kOmitted)) ==
        "QuantizeLinear node 'node0' (opset 13): x (input 0) is int32; wasmnn quantizes float32 "
        "(a float16 model's values are float32 here), not int32");
  CHECK(message(quantize(x, tensor_of<int32_t>(DType::kInt32, {}, {1}), kOmitted))
            .find("the scale (input 1) is int32; wasmnn supports float32 scales") !=
        std::string::npos);
  CHECK(message(dequantize(x, f32({}, {1}), kOmitted)) ==
        "DequantizeLinear node 'node0' (opset 13): x (input 0) is float32; wasmnn dequantizes "
        "uint8, int8 and int32 (not the float8, 4-bit and 16-bit types of opsets 19 and 21)");
  CHECK(message(dequantize(u8({1}, {1}), f32({}, {1}), i8({}, {0}))) ==
        "DequantizeLinear node 'node0' (opset 13): the zero point (input 2) is int8 but x is "
        "uint8; they must have one type");
  CHECK(message(dequantize(u8({1}, {1}), f32({}, {1}), kOmitted, 13,
                           {{"output_dtype", test::int1(10)}})) ==
        "DequantizeLinear node 'node0' (opset 13): output_dtype=10 (opset 21) is not supported; "
        "wasmnn dequantizes to float32 (FLOAT, 1)");
}

TEST_CASE("QDQ model: int8 weights dequantized once at load, their bytes released") {
  // y = Conv(DQ(Q(x)), DQ(w_int8)), the form onnxruntime's quantizer writes.
  test::GraphBuilder b;
  b.g.inputs.push_back(test::float_value("x", {1, 1, 3, 3}));
  std::vector<int8_t> w(2 * 1 * 2 * 2);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(37 * i - 60);
  b.init("w_q", i8({2, 1, 2, 2}, w));
  b.init("w_scale", f32({2}, {0.01f, 0.02f}));
  b.init("w_zero", i8({2}, {0, 0}));
  b.init("x_scale", f32({}, {0.05f}));
  b.init("x_zero", u8({}, {128}));
  b.node("QuantizeLinear", {"x", "x_scale", "x_zero"}, {"x_q"});
  b.node("DequantizeLinear", {"x_q", "x_scale", "x_zero"}, {"x_dq"});
  b.node("DequantizeLinear", {"w_q", "w_scale", "w_zero"}, {"w_dq"}, {{"axis", test::int1(0)}});
  b.node("Conv", {"x_dq", "w_dq"}, {"y"});
  b.output("y");
  auto s = Session::create(b.g);
  REQUIRE(s.ok());
  // Left: x_scale and x_zero (read at run time); the int8 weights and their float32 form are
  // gone (Conv packed the folded weights).
  CHECK(s.value()->initializer_bytes() == 4 + 1);
  std::vector<float> xs = test::random_floats(9, 5, -3.0f, 3.0f);
  auto out = test::run_graph(b.g, {f32({1, 1, 3, 3}, xs)});
  REQUIRE(out.ok());
  const std::vector<float> y = values<float>(out.value()[0]);
  REQUIRE(y.size() == 8);
  for (int oc = 0; oc < 2; ++oc)
    for (int oy = 0; oy < 2; ++oy)
      for (int ox = 0; ox < 2; ++ox) {
        float sum = 0;
        for (int ky = 0; ky < 2; ++ky)
          for (int kx = 0; kx < 2; ++kx) {
            const float xv = xs[(oy + ky) * 3 + ox + kx];
            float q = std::nearbyint(xv / 0.05f) + 128;
            q = std::min(255.0f, std::max(0.0f, q));
            const float xd = (q - 128) * 0.05f;
            const float wd = w[oc * 4 + ky * 2 + kx] * (oc ? 0.02f : 0.01f);
            sum += xd * wd;
          }
        CHECK(y[oc * 4 + oy * 2 + ox] == doctest::Approx(sum).epsilon(1e-5));
      }
}
