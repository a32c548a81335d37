// read_onnx_tensor: one serialized TensorProto (the input_N.pb / output_N.pb of ONNX's backend
// test cases), on good bytes and on bytes that claim more data than they hold.
#include <doctest/doctest.h>

#include <cstring>
#include <protozero/pbf_writer.hpp>
#include <string>

#include "wnn/onnx/onnx_reader.h"

using namespace wnn;

namespace {

// TensorProto field numbers (onnx.proto).
constexpr uint32_t kDims = 1, kDataType = 2, kFloatData = 4, kInt32Data = 5, kInt64Data = 7,
                   kName = 8, kRawData = 9;

Expected<Tensor> decode(const std::string& bytes, std::string* name = nullptr) {
  return read_onnx_tensor(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), name);
}

}  // namespace

TEST_CASE("read_onnx_tensor: raw float32, int64_data, bool in int32_data, names") {
  std::string buf;
  {
    protozero::pbf_writer w(buf);
    const int64_t dims[] = {2, 2};
    w.add_packed_int64(kDims, std::begin(dims), std::end(dims));
    w.add_int32(kDataType, 1);
    w.add_string(kName, "x");
    const float values[] = {1.5f, -2.0f, 0.0f, 3.25f};
    w.add_bytes(kRawData, reinterpret_cast<const char*>(values), sizeof values);
  }
  std::string name;
  auto t = decode(buf, &name);
  REQUIRE(t.ok());
  CHECK(name == "x");
  CHECK(t.value().dtype == DType::kFloat32);
  CHECK(t.value().shape == Shape{2, 2});
  CHECK(t.value().f32()[3] == 3.25f);

  std::string ints;
  {
    protozero::pbf_writer w(ints);
    w.add_int64(kDims, 3);
    w.add_int32(kDataType, 7);
    const int64_t values[] = {-1, 0, 1LL << 40};
    w.add_packed_int64(kInt64Data, std::begin(values), std::end(values));
  }
  auto i = decode(ints);
  REQUIRE(i.ok());
  CHECK(i.value().dtype == DType::kInt64);
  CHECK(i.value().i64()[2] == (1LL << 40));

  std::string bools;
  {
    protozero::pbf_writer w(bools);
    w.add_int64(kDims, 2);
    w.add_int32(kDataType, 9);
    const int32_t values[] = {1, 0};
    w.add_packed_int32(kInt32Data, std::begin(values), std::end(values));
  }
  auto b = decode(bools);
  REQUIRE(b.ok());
  CHECK(b.value().dtype == DType::kBool);
  CHECK(b.value().bytes == std::vector<uint8_t>{1, 0});
}

TEST_CASE("read_onnx_tensor: an unsupported type is named") {
  std::string buf;
  {
    protozero::pbf_writer w(buf);
    w.add_int64(kDims, 1);
    w.add_int32(kDataType, 11);
    w.add_string(kName, "d");
    const double v = 1.0;
    w.add_bytes(kRawData, reinterpret_cast<const char*>(&v), sizeof v);
  }
  auto t = decode(buf);
  REQUIRE(!t.ok());
  CHECK(t.status().message().find("float64") != std::string::npos);
  CHECK(t.status().message().find("'d'") != std::string::npos);
}

// The dims come from the file: a size the bytes do not hold must be an error before anything is
// allocated (an OptionalProto read as a TensorProto looked like this and aborted on bad_alloc).
TEST_CASE("read_onnx_tensor: dims claiming more values than the bytes hold are an error") {
  std::string huge;
  {
    protozero::pbf_writer w(huge);
    w.add_int64(kDims, int64_t{1} << 60);
    w.add_int32(kDataType, 1);
    w.add_float(kFloatData, 1.0f);
  }
  auto t = decode(huge);
  REQUIRE(!t.ok());
  // 2^60 floats exceed a 32-bit address space before the count is compared (wasm32 says "too
  // large"); natively the count check speaks first. Either way: an error, nothing allocated.
  const std::string m = t.status().message();
  CHECK((m.find("holds 1 values") != std::string::npos || m.find("too large") != std::string::npos));
  std::string short_data;
  {
    protozero::pbf_writer w(short_data);
    w.add_int64(kDims, int64_t{1} << 20);
    w.add_int32(kDataType, 1);
    w.add_float(kFloatData, 1.0f);
  }
  auto s = decode(short_data);
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("holds 1 values, but its shape [1048576] needs 1048576") !=
        std::string::npos);

  // 2^32 x 2^32 elements wrap an int64 product to 0: that must not pass for an empty tensor.
  std::string wrapping;
  {
    protozero::pbf_writer w(wrapping);
    w.add_int64(kDims, int64_t{1} << 32);
    w.add_int64(kDims, int64_t{1} << 32);
    w.add_int32(kDataType, 1);
  }
  auto wrapped = decode(wrapping);
  REQUIRE(!wrapped.ok());
  CHECK(wrapped.status().message().find("too large") != std::string::npos);

  CHECK(!decode(std::string("\x0a\xff", 2)).ok());  // truncated: no crash, an error
}

TEST_CASE("read_onnx_model: an initializer claiming more values than it holds is an error") {
  std::string model;
  {
    protozero::pbf_writer m(model);
    m.add_int64(1, 8);  // ir_version
    {
      protozero::pbf_writer opset(m, 8);
      opset.add_int64(2, 13);
    }
    protozero::pbf_writer graph(m, 7);
    protozero::pbf_writer init(graph, 5);
    init.add_int64(kDims, int64_t{1} << 60);
    init.add_int32(kDataType, 1);
    init.add_string(kName, "w");
    init.add_float(kFloatData, 1.0f);
  }
  auto g = read_onnx_model(reinterpret_cast<const uint8_t*>(model.data()), model.size());
  REQUIRE(!g.ok());
  CHECK(g.status().message().find("'w'") != std::string::npos);
}

TEST_CASE("read_onnx_op_types lists every node's op type, other domains prefixed") {
  std::string model;
  {
    protozero::pbf_writer m(model);
    protozero::pbf_writer graph(m, 7);
    {
      protozero::pbf_writer node(graph, 1);
      node.add_string(4, "Conv");
    }
    {
      protozero::pbf_writer node(graph, 1);
      node.add_string(4, "Adam");
      node.add_string(7, "ai.onnx.preview.training");
    }
    {
      protozero::pbf_writer node(graph, 1);
      node.add_string(4, "Relu");
      node.add_string(7, "ai.onnx");
    }
  }
  // No opset: read_onnx_model refuses this model, the op types are still listed.
  auto ops = read_onnx_op_types(reinterpret_cast<const uint8_t*>(model.data()), model.size());
  REQUIRE(ops.ok());
  CHECK(ops.value() == std::vector<std::string>{"Conv", "ai.onnx.preview.training::Adam", "Relu"});
  CHECK(!read_onnx_op_types(reinterpret_cast<const uint8_t*>("\x3a\x05\x0a"), 3).ok());
}
