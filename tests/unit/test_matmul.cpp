// MatMul: numpy matmul semantics (1-D operands, batch broadcasting, any rank), with B constant
// (packed at create) or computed (packed per run), in both kernel sets and at any thread count; the
// bias Add after it folding into its epilogue. Every GEMM sums k = 0..K-1 in order from 0, so a
// naive loop in that order gives the exact bits.
#include <doctest/doctest.h>

#include <cstring>

#include "graph_builder.h"
#include "op_runner.h"
#include "test_util.h"
#include "wnn/graph/passes/fuse_activation.h"
#include "wnn/graph/passes/fuse_matmul_bias.h"
#include "wnn/runtime/session.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;

namespace {

// numpy.matmul, summing in increasing k.
std::vector<float> naive_matmul(const Shape& as, const std::vector<float>& a, const Shape& bs,
                                const std::vector<float>& b, Shape* y_shape) {
  Shape a2 = as.size() == 1 ? Shape{1, as[0]} : as;
  Shape b2 = bs.size() == 1 ? Shape{bs[0], 1} : bs;
  const int64_t M = a2[a2.size() - 2], K = a2.back(), N = b2.back();
  Shape ab(a2.begin(), a2.end() - 2), bb(b2.begin(), b2.end() - 2);
  const size_t rank = std::max(ab.size(), bb.size());
  while (ab.size() < rank) ab.insert(ab.begin(), 1);
  while (bb.size() < rank) bb.insert(bb.begin(), 1);
  Shape batch(rank);
  for (size_t d = 0; d < rank; ++d) batch[d] = std::max(ab[d], bb[d]);
  *y_shape = batch;
  if (as.size() > 1) y_shape->push_back(M);
  if (bs.size() > 1) y_shape->push_back(N);
  const int64_t count = shape_elements(batch);
  std::vector<float> y(static_cast<size_t>(count * M * N));
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, ai = 0, bi = 0, sa = 1, sb = 1;
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      const int64_t idx = rest % batch[d];
      rest /= batch[d];
      ai += (ab[d] == 1 ? 0 : idx) * sa;
      bi += (bb[d] == 1 ? 0 : idx) * sb;
      sa *= ab[d];
      sb *= bb[d];
    }
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) {
        float acc = 0.0f;
        for (int64_t k = 0; k < K; ++k) acc += a[(ai * M + m) * K + k] * b[(bi * K + k) * N + n];
        y[(i * M + m) * N + n] = acc;
      }
  }
  return y;
}

// Runs MatMul in a Session, with B an initializer or a graph input.
Expected<Tensor> session_matmul(const Tensor& a, const Tensor& b, bool constant_b, bool scalar,
                                size_t threads = 1) {
  test::GraphBuilder gb;
  gb.input("a", a.dtype, a.shape);
  if (constant_b)
    gb.init("b", b);
  else
    gb.input("b", b.dtype, b.shape);
  gb.node("MatMul", {"a", "b"}, {"y"}).output("y");
  SessionOptions options;
  options.scalar_kernels = scalar;
  options.threads = threads;
  std::vector<Tensor> inputs = {a};
  if (!constant_b) inputs.push_back(b);
  Expected<std::vector<Tensor>> out = test::run_graph(gb.g, inputs, options);
  if (!out.ok()) return out.status();
  return out.value()[0];
}

void check_matmul(const Shape& as, const Shape& bs, uint32_t seed) {
  CAPTURE(shape_string(as));
  CAPTURE(shape_string(bs));
  const auto a = test::random_floats(static_cast<size_t>(shape_elements(as)), seed);
  const auto b = test::random_floats(static_cast<size_t>(shape_elements(bs)), seed + 1);
  Shape want_shape;
  const std::vector<float> want = naive_matmul(as, a, bs, b, &want_shape);
  for (bool constant_b : {true, false})
    for (bool scalar : {true, false}) {
      CAPTURE(constant_b);
      CAPTURE(scalar);
      Expected<Tensor> y = session_matmul(test::f32(as, a), test::f32(bs, b), constant_b, scalar);
      REQUIRE_MESSAGE(y.ok(), y.status().message());
      CHECK(y.value().shape == want_shape);
      CHECK(test::values<float>(y.value()) == want);
    }
}

std::string matmul_error(const Tensor& a, const Tensor& b) {
  test::OpCall call;
  call.op_type = "MatMul";
  call.inputs = {a, b};
  test::OpResult r = test::run_op(call);
  return r.ok() ? std::string() : r.status.message();
}

}  // namespace

TEST_CASE("MatMul 2-D and N-D x 2-D (the batch folds into the rows), constant and computed B") {
  check_matmul({3, 5}, {5, 4}, 1);
  check_matmul({1, 37}, {37, 29}, 2);     // one row: the GEMV path
  check_matmul({2, 7, 33}, {33, 19}, 3);  // tf2onnx dense layer on a sequence
  check_matmul({2, 3, 4, 9}, {9, 17}, 4);
  check_matmul({2, 3, 4, 9}, {1, 1, 9, 17}, 5);  // B's batch of ones
}

TEST_CASE("MatMul broadcasts batch dimensions like numpy") {
  check_matmul({2, 1, 3, 4}, {3, 4, 5}, 10);  // -> [2, 3, 3, 5]
  check_matmul({3, 4}, {2, 4, 6}, 11);        // A reused for every B
  check_matmul({1, 4, 6}, {5, 1, 6, 3}, 12);  // both broadcast
  check_matmul({2, 6, 8}, {2, 8, 6}, 13);     // attention-like Q x K^T
}

TEST_CASE("MatMul with 1-D operands drops the dimension it added") {
  check_matmul({7}, {7}, 20);        // dot product -> []
  check_matmul({7}, {7, 3}, 21);     // -> [3]
  check_matmul({4, 7}, {7}, 22);     // -> [4]
  check_matmul({2, 4, 7}, {7}, 23);  // -> [2, 4]
  check_matmul({7}, {3, 7, 2}, 24);  // -> [3, 2]
}

TEST_CASE("MatMul of empty dimensions: K = 0 gives zeros, M = 0 an empty output") {
  test::OpCall call;
  call.op_type = "MatMul";
  call.inputs = {test::f32({2, 0}, {}), test::f32({0, 3}, {})};
  test::OpResult r = test::run_op(call);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].shape == Shape{2, 3});
  CHECK(test::values<float>(r.outputs[0]) == std::vector<float>(6, 0.0f));
  call.inputs = {test::f32({0, 4}, {}), test::f32({4, 3}, std::vector<float>(12, 1.0f))};
  r = test::run_op(call);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  CHECK(r.outputs[0].shape == Shape{0, 3});
}

TEST_CASE("MatMul refuses bad shapes and types, naming them") {
  std::string e = matmul_error(test::f32({2, 3}, std::vector<float>(6)),
                               test::f32({4, 2}, std::vector<float>(8)));
  CHECK(e.find("A [2,3] has 3 columns but B [4,2] has 4 rows") != std::string::npos);
  e = matmul_error(test::f32({2, 2, 3}, std::vector<float>(12)),
                   test::f32({3, 3, 2}, std::vector<float>(18)));
  CHECK(e.find("do not broadcast (2 vs 3)") != std::string::npos);
  e = matmul_error(test::f32({}, {1}), test::f32({3}, {1, 2, 3}));
  CHECK(e.find("is a scalar; MatMul needs operands of rank 1 or more") != std::string::npos);
  e = matmul_error(test::i64({2, 2}, {1, 2, 3, 4}), test::i64({2, 2}, {1, 2, 3, 4}));
  CHECK(e.find("is int64; MatMul supports float32 only") != std::string::npos);
  CHECK(e.find("MatMul node 'node0'") == 0);
  // A constant B is checked when the session is created.
  test::GraphBuilder gb;
  gb.input("a", DType::kFloat32, {2, 2}).init("b", test::i64({2, 2}, {1, 2, 3, 4}));
  gb.node("MatMul", {"a", "b"}, {"y"}).output("y");
  Expected<std::unique_ptr<Session>> s = Session::create(gb.g, {});
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("int64; MatMul supports float32 only") != std::string::npos);
}

TEST_CASE("MatMul gives the same bits at 1 and 3 threads, constant and computed B") {
  if (!ThreadPool::supported()) return;  // the single-thread wasm build
  for (const auto& shapes : std::vector<std::pair<Shape, Shape>>{
           {{1, 67, 45}, {45, 70}},     // one matrix: rows split
           {{3, 37, 64}, {3, 64, 41}},  // three matrices: batches then rows
           {{2, 2, 53, 32}, {32, 51}}}) {
    const Shape& as = shapes.first;
    const Shape& bs = shapes.second;
    const Tensor a = test::f32(as, test::random_floats(shape_elements(as), 5));
    const Tensor b = test::f32(bs, test::random_floats(shape_elements(bs), 6));
    for (bool constant_b : {true, false}) {
      Expected<Tensor> one = session_matmul(a, b, constant_b, false, 1);
      Expected<Tensor> three = session_matmul(a, b, constant_b, false, 3);
      REQUIRE(one.ok());
      REQUIRE(three.ok());
      CHECK(one.value().bytes == three.value().bytes);
    }
  }
}

TEST_CASE("MatMul -> Add(bias [N]) -> Relu folds into one MatMul step with the same bits") {
  auto graph = [](const Shape& as, const Tensor& b, const Tensor& bias, bool bias_first) {
    test::GraphBuilder gb;
    gb.input("a", DType::kFloat32, as).init("b", b).init("bias", bias);
    gb.node("MatMul", {"a", "b"}, {"p"});
    gb.node(
        "Add",
        bias_first ? std::vector<std::string>{"bias", "p"} : std::vector<std::string>{"p", "bias"},
        {"s"});
    gb.node("Relu", {"s"}, {"y"}).output("y");
    return gb.g;
  };
  const Tensor b = test::f32({9, 13}, test::random_floats(9 * 13, 1));
  const Tensor bias = test::f32({13}, test::random_floats(13, 2));
  Graph g = graph({4, 9}, b, bias, false);
  fuse_matmul_bias(g);
  fuse_activation(g);
  REQUIRE(g.nodes.size() == 1);
  CHECK(g.nodes[0].inputs == std::vector<std::string>{"a", "b", "bias"});
  CHECK(g.nodes[0].outputs == std::vector<std::string>{"y"});
  CHECK(g.nodes[0].activation.kind == Activation::Kind::kRelu);
  for (const Shape& as : {Shape{4, 9}, Shape{2, 3, 9}, Shape{9}, Shape{1, 9}})
    for (bool bias_first : {false, true})
      for (bool scalar : {false, true}) {
        CAPTURE(shape_string(as));
        const Tensor a = test::f32(as, test::random_floats(shape_elements(as), 3));
        SessionOptions apart_options, fused_options;
        apart_options.fuse_epilogues = false;
        apart_options.scalar_kernels = fused_options.scalar_kernels = scalar;
        auto apart = test::run_graph(graph(as, b, bias, bias_first), {a}, apart_options);
        auto fused = test::run_graph(graph(as, b, bias, bias_first), {a}, fused_options);
        REQUIRE_MESSAGE(apart.ok(), apart.status().message());
        REQUIRE_MESSAGE(fused.ok(), fused.status().message());
        CHECK(fused.value()[0].shape == apart.value()[0].shape);
        CHECK(fused.value()[0].bytes == apart.value()[0].bytes);
      }
  // Not folded: a bias that could widen the output ([1, N]), a computed B, a product that is
  // also a graph output.
  Graph wide = graph({4, 9}, b, test::f32({1, 13}, test::random_floats(13, 2)), false);
  fuse_matmul_bias(wide);
  CHECK(wide.nodes.size() == 3);
  Graph computed = graph({4, 9}, b, bias, false);
  computed.initializers.erase("b");
  computed.inputs.push_back(test::float_value("b", {9, 13}));
  fuse_matmul_bias(computed);
  CHECK(computed.nodes.size() == 3);
  Graph output = graph({4, 9}, b, bias, false);
  output.outputs.push_back(test::float_value("p", {}));
  fuse_matmul_bias(output);
  CHECK(output.nodes.size() == 3);
}
