// The ONNX reader on the committed LeNet-5 model, and on bytes a user might hand it by mistake.
#include <doctest/doctest.h>

#include <random>

#include "cli/npy.h"
#include "wnn/onnx/onnx_reader.h"

using namespace wnn;

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
