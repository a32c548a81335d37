// The ONNX reader on the committed LeNet-5 model, and on bytes a user might hand it by mistake.
#include <doctest/doctest.h>

#include <random>

#include "cli/npy.h"
#include "test_util.h"
#include "wnn/onnx/onnx_reader.h"

using namespace wnn;
using wnn::test::has;

namespace {
std::vector<uint8_t> lenet5_bytes() {
  auto bytes = tools::read_file(WNN_SOURCE_DIR "/models/lenet5/model.onnx");
  REQUIRE(bytes.ok());
  return bytes.take();
}
}  // namespace

TEST_CASE("reads LeNet-5: opset, inputs with a symbolic batch, nodes, initializers") {
  auto bytes = lenet5_bytes();
  auto g = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(g.ok());
  CHECK(g.value().opset == 13);
  REQUIRE(g.value().inputs.size() == 1);
  const ValueInfo& in = g.value().inputs[0];
  CHECK(in.name == "input");
  CHECK(in.dtype == DType::kFloat32);
  CHECK(in.shape == Shape{kUnknownDim, 1, 28, 28});
  CHECK(in.dim_names[0] == "N");
  CHECK(g.value().outputs.at(0).name == "logits");
  CHECK(g.value().nodes.size() == 12);
  CHECK(g.value().nodes[0].op_type == "Conv");
  CHECK(g.value().nodes[0].attr_ints("pads") == std::vector<int64_t>{2, 2, 2, 2});
  const Tensor* w = g.value().initializer("conv1.weight");
  REQUIRE(w);
  CHECK(w->shape == Shape{6, 1, 5, 5});
  CHECK(w->bytes.size() == 6 * 25 * 4);
}

TEST_CASE("empty, garbage and truncated bytes give errors, not crashes") {
  auto empty = read_onnx_model(nullptr, 0);
  CHECK(!empty.ok());
  CHECK(empty.status().message().find("empty") != std::string::npos);

  const std::string text = "<html>404 Not Found</html>";
  auto garbage = read_onnx_model(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  CHECK(!garbage.ok());

  auto bytes = lenet5_bytes();
  for (size_t cut : {size_t{1}, size_t{17}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    auto truncated = read_onnx_model(bytes.data(), cut);
    CAPTURE(cut);
    CHECK(!truncated.ok());
    CHECK(!truncated.status().message().empty());
  }
}

TEST_CASE("random byte flips never crash the reader") {
  auto bytes = lenet5_bytes();
  std::mt19937 rng(3);
  int rejected = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> copy(bytes.begin(), bytes.begin() + 4096);  // graph structure, not weights
    for (int flips = 0; flips < 8; ++flips) copy[rng() % copy.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    auto g = read_onnx_model(copy.data(), copy.size());
    rejected += !g.ok();
  }
  CHECK(rejected > 0);
}

namespace {
// A protobuf field by hand: tag = field number << 3 | wire type (0 varint, 1 64-bit,
// 2 length-delimited, 5 32-bit), then the payload as given.
std::vector<uint8_t> field_bytes(uint32_t number, uint8_t wire, std::vector<uint8_t> payload) {
  std::vector<uint8_t> out{static_cast<uint8_t>(number << 3 | wire)};
  if (wire == 2) out.push_back(static_cast<uint8_t>(payload.size()));  // payloads < 128 bytes
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::vector<uint8_t> cat(std::vector<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string read_error(const std::vector<uint8_t>& bytes) {
  auto g = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(!g.ok());
  return g.status().message();
}

// ModelProto{opset_import{version 13}, graph{<graph_fields>}}
std::vector<uint8_t> model_with_graph(const std::vector<uint8_t>& graph_fields) {
  return cat({field_bytes(8, 2, field_bytes(2, 0, {13})), field_bytes(7, 2, graph_fields)});
}
}  // namespace

// Each of these made a debug or sanitizer build abort inside protozero's typed getters (their
// assertions check the wire type), while release builds returned an error.
TEST_CASE("1 to 3 byte files are refused with an error in every build") {
  const std::vector<std::vector<uint8_t>> files = {
      {0x38},              // field 7 (graph) as a varint with no value
      {0x3d},              // field 7 (graph) as a 32-bit value, truncated
      {0x08},              // field 1 (ir_version) with no value
      {0x0a},              // field 1 (ir_version) as length-delimited
      {0x3a, 0x01, 0x08},  // a graph whose field 1 (node) is a varint
      {0x42, 0x01, 0x15},  // an opset_import whose version is a 32-bit value
      {0x12, 0x01, 0x41},  // a producer name and nothing else
      {0x00},              // field 0
      {0xff},              // a truncated tag
      {0x3a, 0x05},        // a graph longer than the file
  };
  for (const auto& f : files) {
    CAPTURE(f.size());
    CAPTURE(int(f[0]));
    CHECK(!read_error(f).empty());
  }
  CHECK(has(read_error({0x38}),
                 "field ModelProto.graph is encoded as varint, but onnx.proto declares it "
                 "length-delimited (near byte 1)"));
}

TEST_CASE("fields of the wrong wire type are refused, naming the field") {
  // A node whose op_type (a string) is a varint.
  CHECK(has(read_error(model_with_graph(field_bytes(1, 2, field_bytes(4, 0, {1})))),
                 "field NodeProto.op_type is encoded as varint"));
  // An initializer whose data_type (a varint) is a 32-bit value.
  CHECK(has(
      read_error(model_with_graph(field_bytes(5, 2, field_bytes(2, 5, {1, 0, 0, 0})))),
      "field TensorProto.data_type is encoded as 32-bit"));
  // An initializer whose dims are 64-bit values (not varints, not packed).
  CHECK(has(read_error(model_with_graph(
                     field_bytes(5, 2, field_bytes(1, 1, {1, 0, 0, 0, 0, 0, 0, 0})))),
                 "field TensorProto.dims is encoded as 64-bit"));
  // An attribute whose f (a 32-bit float) is a varint.
  CHECK(has(read_error(model_with_graph(
                     field_bytes(1, 2, field_bytes(5, 2, field_bytes(2, 0, {1}))))),
                 "field AttributeProto.f is encoded as varint"));
  // A graph input whose type is a varint.
  CHECK(has(read_error(model_with_graph(field_bytes(11, 2, field_bytes(2, 0, {1})))),
                 "field ValueInfoProto.type is encoded as varint"));
  // A shape dimension whose dim_value is length-delimited.
  const auto dim = field_bytes(1, 2, field_bytes(1, 2, {}));
  const auto tensor_type = field_bytes(1, 2, field_bytes(2, 2, dim));
  CHECK(has(read_error(model_with_graph(field_bytes(11, 2, field_bytes(2, 2, tensor_type)))),
                 "field Dimension.dim_value is encoded as length-delimited"));
  // The op-type scan refuses them too.
  const auto bad = model_with_graph(field_bytes(1, 2, field_bytes(4, 0, {1})));
  CHECK(!read_onnx_op_types(bad.data(), bad.size()).ok());
}

namespace {
// A source that remembers how it was read: the largest single read and the bytes read in all.
class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(const std::vector<uint8_t>& bytes, uint64_t fail_at = UINT64_MAX)
      : bytes_(bytes), fail_at_(fail_at) {}
  uint64_t size() const override { return bytes_.size(); }
  Status read(uint64_t offset, size_t n, uint8_t* dest) override {
    REQUIRE(offset + n <= bytes_.size());  // never past the end
    if (offset + n > fail_at_) return Status::error("the page's buffer was transferred");
    largest = std::max(largest, n);
    total += n;
    std::memcpy(dest, bytes_.data() + offset, n);
    return ok_status();
  }
  size_t largest = 0, total = 0;

 private:
  const std::vector<uint8_t>& bytes_;
  uint64_t fail_at_;
};
}  // namespace

TEST_CASE("a model is read one field at a time, never whole: each weight's bytes are read once") {
  auto bytes = lenet5_bytes();
  CountingSource source(bytes);
  auto streamed = read_onnx_model(source);
  REQUIRE(streamed.ok());
  auto in_memory = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(in_memory.ok());
  size_t largest_weight = 0;
  for (const auto& [name, t] : in_memory.value().initializers) {
    const Tensor* s = streamed.value().initializer(name);
    REQUIRE(s);
    CHECK(s->bytes == t.bytes);
    CHECK(s->shape == t.shape);
    largest_weight = std::max(largest_weight, t.bytes.size());
  }
  CHECK(streamed.value().nodes.size() == in_memory.value().nodes.size());
  // The largest read is one initializer (its bytes plus its name, dims and field headers), not
  // the file; small fields come through a 64 KiB window (which may overlap a weight read next).
  CHECK(source.largest <= std::max<size_t>(largest_weight + 256, 64 * 1024));
  CHECK(source.largest < bytes.size());
  CHECK(source.total <= bytes.size() + (in_memory.value().initializers.size() + 1) * 64 * 1024);
}

TEST_CASE("a source that fails mid-model gives an error that says so") {
  auto bytes = lenet5_bytes();
  CountingSource source(bytes, bytes.size() / 2);
  auto g = read_onnx_model(source);
  REQUIRE(!g.ok());
  CHECK(has(g.status().message(), "could not read the model's bytes: the page's buffer was transferred"));
}
