#include "fuzz_model.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

namespace wnn::fuzz {
namespace {

// 32 MiB per tensor, scratch block or arena: small enough that planning and running what fits
// takes well under libFuzzer's timeout in an ASan build (at 256 MiB a tiny Resize with a 168 MB
// output spent 10 s building its filter taps: slow, not wrong). A model asking more is refused,
// which is the behaviour under test.
constexpr uint64_t kFuzzMemoryLimit = uint64_t{32} << 20;
// Symbolic dims become 1, and inputs beyond this many elements are not run (a small input of
// what plans: the run's cost, not the input's size, is what the fuzzer should explore).
constexpr int64_t kMaxInputElements = int64_t{1} << 16;

}  // namespace

void fuzz_model(const uint8_t* data, size_t size, Stage stage) {
  Expected<Graph> graph = read_onnx_model(data, size);
  if (!graph.ok() || stage == Stage::kRead) return;
  SessionOptions options;
  options.memory_limit_bytes = kFuzzMemoryLimit;
  Expected<std::unique_ptr<Session>> created = Session::create(graph.take(), options);
  if (!created.ok()) return;
  Session& s = *created.value();
  std::vector<Shape> shapes;
  for (const ValueInfo& in : s.inputs()) {
    Shape shape = in.shape;
    for (int64_t& d : shape) d = d == kUnknownDim ? 1 : std::max<int64_t>(d, 0);
    shapes.push_back(shape);
  }
  if (!s.prepare(shapes).ok() || stage == Stage::kPlan) return;
  for (size_t i = 0; i < shapes.size(); ++i) {
    const std::optional<int64_t> n = checked_elements(shapes[i]);
    if (!n || *n > kMaxInputElements) return;
    const size_t bytes = static_cast<size_t>(*n) * dtype_size(s.inputs()[i].dtype);
    // Every byte 1: tiny non-zero floats, and integer inputs (indices, token ids) far out of range,
    // which ops must refuse or read as zeros, never outside a tensor.
    std::memset(s.input_data(i), 1, bytes);
  }
  (void)s.run();
}

}  // namespace wnn::fuzz
