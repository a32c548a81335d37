// Gemm's C input in every shape ONNX lets broadcast to [M, N] (onnx backend test
// test_gemm_default_matrix_bias has C = [M, N]), with and without a ReLU fused after it, in both
// kernel sets (the SIMD one must give the scalar one's bits).
#include <doctest/doctest.h>

#include <cstring>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

// Y = A x B + C for A [2, 3], B [3, 2] (optionally followed by Relu).
std::vector<float> gemm(const Tensor& c, bool relu, bool scalar, Status* error = nullptr) {
  Node n;
  n.inputs = {"b", "c"};
  Graph g = test::single_node_graph("Gemm", {2, 3}, n);
  g.initializers["b"] = test::f32({3, 2}, {1, 2, 3, 4, 5, 6});
  g.initializers["c"] = c;
  if (relu) {
    g.nodes[0].outputs = {"t"};
    Node r;
    r.name = "relu";
    r.op_type = "Relu";
    r.inputs = {"t"};
    r.outputs = {"y"};
    g.nodes.push_back(r);
  }
  SessionOptions options;
  options.scalar_kernels = scalar;
  auto s = Session::create(std::move(g), options);
  if (!s.ok()) {
    if (error) *error = s.status();
    return {};
  }
  Status prepared = s.value()->prepare({{2, 3}});
  if (!prepared.ok()) {
    if (error) *error = prepared;
    return {};
  }
  const float a[6] = {1, -1, 2, 0, 1, -3};
  std::memcpy(s.value()->input_data(0), a, sizeof a);
  REQUIRE(s.value()->run().ok());
  REQUIRE(s.value()->output_shape(0) == Shape{2, 2});
  const float* y = static_cast<const float*>(s.value()->output_data(0));
  return std::vector<float>(y, y + 4);
}

}  // namespace

TEST_CASE("Gemm broadcasts C of shape [M, N], [M, 1], [1, N], [N] and [] to [M, N]") {
  // A x B = [[1-3+10, 2-4+12], [0+3-15, 0+4-18]] = [[8, 10], [-12, -14]]
  for (bool scalar : {true, false}) {
    CAPTURE(scalar);
    Status error;
    CHECK(gemm(test::f32({2, 2}, {1, 2, 3, 4}), false, scalar, &error) ==
          std::vector<float>{9, 12, -9, -10});
    CHECK_MESSAGE(error.ok(), error.message());
    CHECK(gemm(test::f32({2, 2}, {1, 2, 3, 4}), true, scalar) == std::vector<float>{9, 12, 0, 0});
    CHECK(gemm(test::f32({2, 1}, {100, 200}), false, scalar, &error) ==
          std::vector<float>{108, 110, 188, 186});
    CHECK_MESSAGE(error.ok(), error.message());
    CHECK(gemm(test::f32({2, 1}, {100, 0}), true, scalar) == std::vector<float>{108, 110, 0, 0});
    CHECK(gemm(test::f32({1, 2}, {1, 2}), false, scalar) == std::vector<float>{9, 12, -11, -12});
    CHECK(gemm(test::f32({2}, {1, 2}), false, scalar) == std::vector<float>{9, 12, -11, -12});
    CHECK(gemm(test::f32({}, {1}), false, scalar) == std::vector<float>{9, 11, -11, -13});
  }
}

TEST_CASE("Gemm refuses a C that does not broadcast to [M, N], naming both shapes") {
  Status error;
  CHECK(gemm(test::f32({3, 2}, {1, 2, 3, 4, 5, 6}), false, true, &error).empty());
  CHECK(error.message().find("[3,2]") != std::string::npos);
  CHECK(gemm(test::f32({2, 3}, {1, 2, 3, 4, 5, 6}), false, true, &error).empty());
  CHECK(error.message().find("[2,3]") != std::string::npos);
}
