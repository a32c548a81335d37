// float16 and bfloat16: the bit conversions (core/float16.h), the reader's two storage forms,
// Cast to and from float16, and a float16 model run in float32 (graph/passes/float16_in_float32).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <protozero/pbf_writer.hpp>
#include <string>

#include "graph_builder.h"
#include "op_runner.h"
#include "wnn/core/float16.h"
#include "wnn/onnx/onnx_reader.h"

using namespace wnn;
using test::tensor_of;
using test::values;

namespace {

constexpr uint32_t kDims = 1, kDataType = 2, kInt32Data = 5, kName = 8, kRawData = 9;
constexpr int32_t kOnnxFloat16 = 10, kOnnxBFloat16 = 16;

Expected<Tensor> decode(const std::string& bytes) {
  return read_onnx_tensor(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Tensor f16(Shape shape, const std::vector<uint16_t>& bits) {
  return tensor_of(DType::kFloat16, std::move(shape), bits);
}

uint16_t half(float f) { return float16_from_float32(f); }

}  // namespace

TEST_CASE("float16: round to nearest even, subnormals, overflow, inf and NaN") {
  CHECK(half(1.0f) == 0x3c00);
  CHECK(half(-2.0f) == 0xc000);
  CHECK(half(65504.0f) == 0x7bff);   // the largest float16
  CHECK(half(65519.99f) == 0x7bff);  // below the midpoint to inf
  CHECK(half(65520.0f) == 0x7c00);   // the midpoint rounds to even: inf
  CHECK(half(1e10f) == 0x7c00);
  CHECK(half(-std::numeric_limits<float>::infinity()) == 0xfc00);
  CHECK(half(std::nanf("")) == 0x7e00);
  CHECK(half(-std::nanf("")) == 0xfe00);
  CHECK(half(1.0f + 0x1p-11f) == 0x3c00);      // a tie: to even (down)
  CHECK(half(1.0f + 3 * 0x1p-11f) == 0x3c02);  // a tie: to even (up)
  CHECK(half(1.0f + 0x1p-11f + 0x1p-20f) == 0x3c01);
  CHECK(half(0x1p-24f) == 0x0001);         // the smallest subnormal
  CHECK(half(0x1p-25f) == 0x0000);         // half of it: a tie, to even (zero)
  CHECK(half(0x1.000002p-25f) == 0x0001);  // just above the tie
  CHECK(half(3 * 0x1p-25f) == 0x0002);     // 1.5 units: to even
  CHECK(half(-0x1p-26f) == 0x8000);        // keeps the sign of zero
  CHECK(half(0x1.ffcp-15f) == 0x0400);     // 1023.5 units: a tie, up to the smallest normal
  CHECK(half(0x1p-14f) == 0x0400);
  // Every float16 goes to float32 and back unchanged.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = float16_to_float32(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      CHECK(half(f) == (h | 0x0200));  // quiet
      continue;
    }
    REQUIRE(half(f) == h);
  }
  CHECK(float16_to_float32(0x0001) == 0x1p-24f);
  CHECK(float16_to_float32(0x03ff) == 0x3ffp-24f);
  CHECK(bfloat16_to_float32(0x3f80) == 1.0f);
  CHECK(round_to_float16(0.1f) == 0.0999755859375f);
}

TEST_CASE("read_onnx_tensor: float16 and bfloat16 in raw_data and int32_data; bad sizes") {
  std::string raw;
  {
    protozero::pbf_writer w(raw);
    w.add_int64(kDims, 3);
    w.add_int32(kDataType, kOnnxFloat16);
    const uint16_t bits[] = {0x3c00, 0xc000, 0x7e00};
    w.add_bytes(kRawData, reinterpret_cast<const char*>(bits), sizeof bits);
  }
  auto t = decode(raw);
  REQUIRE(t.ok());
  CHECK(t.value().dtype == DType::kFloat16);
  CHECK(values<uint16_t>(t.value()) == std::vector<uint16_t>{0x3c00, 0xc000, 0x7e00});

  std::string int32s;
  {
    protozero::pbf_writer w(int32s);
    w.add_int64(kDims, 2);
    w.add_int32(kDataType, kOnnxBFloat16);
    const int32_t bits[] = {0x3f80, 0xbf80};
    w.add_packed_int32(kInt32Data, std::begin(bits), std::end(bits));
  }
  auto b = decode(int32s);
  REQUIRE(b.ok());
  CHECK(b.value().dtype == DType::kBFloat16);
  CHECK(values<uint16_t>(b.value()) == std::vector<uint16_t>{0x3f80, 0xbf80});

  std::string short_raw;
  {
    protozero::pbf_writer w(short_raw);
    w.add_int64(kDims, 2);
    w.add_int32(kDataType, kOnnxFloat16);
    w.add_string(kName, "w");
    const uint16_t bits[] = {0x3c00, 0x3c00};
    w.add_bytes(kRawData, reinterpret_cast<const char*>(bits), 3);
  }
  auto s = decode(short_raw);
  REQUIRE(!s.ok());
  CHECK(s.status().message() ==
        "invalid ONNX tensor: tensor 'w' holds 3 bytes of raw data, but its shape [2] needs 4");

  std::string too_few;
  {
    protozero::pbf_writer w(too_few);
    w.add_int64(kDims, 3);
    w.add_int32(kDataType, kOnnxFloat16);
    w.add_string(kName, "w");
    const int32_t bits[] = {0x3c00, 0x3c00};
    w.add_packed_int32(kInt32Data, std::begin(bits), std::end(bits));
  }
  auto f = decode(too_few);
  REQUIRE(!f.ok());
  CHECK(f.status().message() ==
        "invalid ONNX tensor: tensor 'w' holds 2 values, but its shape [3] needs 3");

  std::string wide;
  {
    protozero::pbf_writer w(wide);
    w.add_int64(kDims, 1);
    w.add_int32(kDataType, kOnnxFloat16);
    w.add_string(kName, "w");
    const int32_t bits[] = {0x10000};
    w.add_packed_int32(kInt32Data, std::begin(bits), std::end(bits));
  }
  auto o = decode(wide);
  REQUIRE(!o.ok());
  CHECK(o.status().message() ==
        "invalid ONNX tensor: tensor 'w' holds 65536 at index 0 of its int32_data, which is not "
        "the 16 bits of a float16");
}

TEST_CASE("Cast: to and from float16 exactly; from bfloat16; to bfloat16 refused") {
  auto cast = [](const Tensor& x, int64_t to) {
    test::OpCall c;
    c.op_type = "Cast";
    c.inputs = {x};
    c.attributes["to"] = test::int1(to);
    return test::run_op(c);
  };
  const Tensor f = test::f32({6}, {1.0f, 0.1f, 65520.0f, -0x1p-25f, 3 * 0x1p-25f, -7.5f});
  test::OpResult r = cast(f, kOnnxFloat16);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].dtype == DType::kFloat16);
  CHECK(values<uint16_t>(r.outputs[0]) ==
        std::vector<uint16_t>{0x3c00, 0x2e66, 0x7c00, 0x8000, 0x0002, 0xc780});

  const Tensor h = f16({5}, {0x3c00, 0x0001, 0xfc00, 0x7e00, 0xc780});
  r = cast(h, 1);
  REQUIRE(r.ok());
  const std::vector<float> back = values<float>(r.outputs[0]);
  CHECK(back[0] == 1.0f);
  CHECK(back[1] == 0x1p-24f);
  CHECK(back[2] == -std::numeric_limits<float>::infinity());
  CHECK(std::isnan(back[3]));
  CHECK(back[4] == -7.5f);
  r = cast(h, 7);  // int64: through float32, truncated; -inf saturates, NaN -> 0
  REQUIRE(r.ok());
  CHECK(values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1, 0, INT64_MIN, 0, -7});
  r = cast(f16({2}, {0x8000, 0x0001}), 9);  // bool: -0 is false
  CHECK(values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 1});
  r = cast(tensor_of<int32_t>(DType::kInt32, {3}, {70000, -3, 2049}), kOnnxFloat16);
  CHECK(values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x7c00, 0xc200, 0x6800});

  r = cast(tensor_of<uint16_t>(DType::kBFloat16, {2}, {0x3fc0, 0xc2f7}), 1);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{1.5f, -123.5f});
  r = cast(tensor_of<uint16_t>(DType::kBFloat16, {1}, {0x3f81}), kOnnxFloat16);  // 1 + 2^-7
  CHECK(values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x3c08});

  r = cast(f, kOnnxBFloat16);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("to=BFLOAT16 (16) is not supported: ONNX's rounding for it "
                                "changed") != std::string::npos);
}

TEST_CASE("a float16 model runs in float32: float16 weights, inputs and outputs, Cast inside") {
  // y16 = Cast16(x16 * w16) + b16, all float16 in the file; z = Cast(to float)(y16).
  test::GraphBuilder b;
  ValueInfo x;
  x.name = "x";
  x.dtype = DType::kFloat16;
  x.shape = {3};
  x.dim_names = {""};
  b.g.inputs.push_back(x);
  b.init("w", f16({3}, {half(0.1f), half(2.0f), half(-3.0f)}));
  b.init("b", f16({3}, {half(1.0f), half(0.5f), half(0.25f)}));
  b.node("Mul", {"x", "w"}, {"p"});
  b.node("Cast", {"p"}, {"p16"}, {{"to", test::int1(kOnnxFloat16)}});
  b.node("Add", {"p16", "b"}, {"y"});
  b.node("Cast", {"y"}, {"z"}, {{"to", test::int1(1)}});
  b.output("y");
  b.g.outputs.back().dtype = DType::kFloat16;
  b.output("z");
  b.g.outputs.back().dtype = DType::kFloat32;
  const Tensor in = f16({3}, {half(0.3f), half(1000.0f), half(-0.001f)});
  auto out = test::run_graph(b.g, {in});
  REQUIRE(out.ok());
  const std::vector<Tensor>& o = out.value();
  REQUIRE(o[0].dtype == DType::kFloat16);
  REQUIRE(o[1].dtype == DType::kFloat32);
  std::vector<float> expect(3);
  const float xs[3] = {0.3f, 1000.0f, -0.001f}, ws[3] = {0.1f, 2.0f, -3.0f},
              bs[3] = {1.0f, 0.5f, 0.25f};
  for (int i = 0; i < 3; ++i) {
    const float p = round_to_float16(round_to_float16(xs[i]) * round_to_float16(ws[i]));
    expect[i] = p + round_to_float16(bs[i]);  // the Add computes in float32
  }
  CHECK(values<float>(o[1]) == expect);
  const std::vector<uint16_t> y = values<uint16_t>(o[0]);
  for (int i = 0; i < 3; ++i) CHECK(y[i] == half(expect[i]));

  // The session takes float16 inputs and gives float16 outputs as uint16 bits.
  auto s = Session::create(b.g);
  REQUIRE(s.ok());
  CHECK(s.value()->inputs()[0].dtype == DType::kFloat16);
  REQUIRE(s.value()->prepare({{3}}).ok());
  CHECK(s.value()->output_dtype(0) == DType::kFloat16);
  // The float16 weights were widened at load: no float16 initializer is left.
  CHECK(s.value()->initializer_bytes() == 2 * 3 * 4);
}

TEST_CASE("float16 model: a bfloat16 output is refused naming the cast") {
  test::GraphBuilder b;
  b.g.inputs.push_back(test::float_value("x", {2}));
  b.node("Relu", {"x"}, {"y"});
  b.output("y");
  b.g.outputs.back().dtype = DType::kBFloat16;
  auto s = Session::create(b.g);
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("to=BFLOAT16 (16) is not supported") != std::string::npos);
}

TEST_CASE("float16 model: CastLike to a float16 value and float16 Constants round in float32") {
  // y = CastLike(x, like16) + c16, with `like16` a float16 initializer and c16 a Constant node.
  test::GraphBuilder b(15);
  b.g.inputs.push_back(test::float_value("x", {2}));
  b.init("like16", f16({1}, {0}));
  Attribute value;
  value.kind = Attribute::Kind::kTensor;
  value.t = f16({2}, {half(0.5f), half(-2.0f)});
  b.node("Constant", {}, {"c16"}, {{"value", value}});
  b.node("CastLike", {"x", "like16"}, {"x16"});
  b.node("Add", {"x16", "c16"}, {"y"});
  b.output("y");
  auto out = test::run_graph(b.g, {test::f32({2}, {0.1f, 1000.3f})}, {});
  REQUIRE(out.ok());
  CHECK(out.value()[0].dtype == DType::kFloat32);
  CHECK(values<float>(out.value()[0]) ==
        std::vector<float>{round_to_float16(0.1f) + 0.5f, round_to_float16(1000.3f) - 2.0f});
}
