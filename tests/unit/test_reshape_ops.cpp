// Flatten and Reshape on empty tensors (a zero dimension, as ONNX's
// test_reshape_allowzero_reordered has): folded at load, they copy nothing, and must not hand
// memcpy the null pointer an empty initializer has (UBSan in the native-asan build).
#include <doctest/doctest.h>

#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

Tensor int64_tensor(Shape shape, const std::vector<int64_t>& values) {
  Tensor t;
  t.dtype = DType::kInt64;
  t.shape = std::move(shape);
  t.bytes.resize(values.size() * 8);
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

// y = op(x[, shape]) with every input an initializer: the whole graph folds at load.
std::unique_ptr<Session> folded(const std::string& op_type, Shape x_shape, Node node,
                                const Tensor* shape) {
  Graph g;
  g.opset = 14;
  Tensor x;  // no values: its bytes.data() is null
  x.dtype = DType::kFloat32;
  x.shape = std::move(x_shape);
  g.initializers["x"] = x;
  node.name = "node0";
  node.op_type = op_type;
  node.inputs = {"x"};
  if (shape) {
    g.initializers["shape"] = *shape;
    node.inputs.push_back("shape");
  }
  node.outputs = {"y"};
  g.nodes.push_back(std::move(node));
  g.outputs.push_back(test::float_value("y", {}));
  auto s = Session::create(std::move(g));
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  REQUIRE(s.value()->prepare({}).ok());
  REQUIRE(s.value()->run().ok());
  return s.take();
}

}  // namespace

TEST_CASE("Reshape and Flatten of an empty tensor give an empty tensor of the right shape") {
  Node reshape;
  reshape.attributes["allowzero"] = test::int1(1);
  const Tensor target = int64_tensor({3}, {3, 4, 0});
  auto r = folded("Reshape", {0, 3, 4}, reshape, &target);
  CHECK(r->output_shape(0) == Shape{3, 4, 0});

  auto f = folded("Flatten", {2, 0, 3}, Node{}, nullptr);
  CHECK(f->output_shape(0) == Shape{2, 0});
}
