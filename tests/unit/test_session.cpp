// Session end to end: LeNet-5 against its PyTorch reference, dynamic batch, and the errors a
// user gets for the mistakes they can make.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "cli/npy.h"
#include "graph_builder.h"
#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

std::unique_ptr<Session> load_lenet5(bool scalar = false) {
  auto bytes = tools::read_file(WNN_SOURCE_DIR "/models/lenet5/model.onnx");
  REQUIRE(bytes.ok());
  SessionOptions options;
  options.scalar_kernels = scalar;
  auto s = Session::create(bytes.value().data(), bytes.value().size(), options);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  return s.take();
}

float max_abs_diff(const float* a, const float* b, size_t n) {
  float m = 0;
  for (size_t i = 0; i < n; ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}

}  // namespace

TEST_CASE("LeNet-5 matches the PyTorch reference at batch 1 and batch 100") {
  auto input = tools::read_npy(WNN_SOURCE_DIR "/models/lenet5/reference/input.npy");
  auto logits = tools::read_npy(WNN_SOURCE_DIR "/models/lenet5/reference/logits.npy");
  REQUIRE(input.ok());
  REQUIRE(logits.ok());
  for (bool scalar : {false, true}) {
    auto s = load_lenet5(scalar);
    REQUIRE(s->prepare({{1, 1, 28, 28}}).ok());
    std::vector<float> batch1(100 * 10);
    for (size_t i = 0; i < 100; ++i) {
      std::memcpy(s->input_data(0), input.value().f32() + i * 784, 784 * 4);
      REQUIRE(s->run().ok());
      CHECK(s->output_shape(0) == Shape{1, 10});
      std::memcpy(&batch1[i * 10], s->output_data(0), 40);
    }
    CHECK(max_abs_diff(batch1.data(), logits.value().f32(), 1000) <= 1e-4f);

    REQUIRE(s->prepare({{100, 1, 28, 28}}).ok());  // a new shape: replanned
    std::memcpy(s->input_data(0), input.value().f32(), 100 * 784 * 4);
    REQUIRE(s->run().ok());
    CHECK(s->output_shape(0) == Shape{100, 10});
    // Batching changes nothing: every sample is computed in the same order.
    CHECK(std::memcmp(s->output_data(0), batch1.data(), batch1.size() * 4) == 0);
  }
}

TEST_CASE("a wrong input shape names the input, the expected and the given shape") {
  auto s = load_lenet5();
  Status st = s->prepare({{1, 28, 28}});
  REQUIRE(!st.ok());
  CHECK(st.message() == "input 'input' expects shape [N,1,28,28], got [1,28,28]");
  st = s->prepare({{1, 3, 28, 28}});
  CHECK(st.message() == "input 'input' expects shape [N,1,28,28], got [1,3,28,28]");
  st = s->prepare({});
  CHECK(st.message().find("has 1 inputs, but 0 were given") != std::string::npos);
  CHECK(!s->run().ok());  // never planned
}

TEST_CASE("unsupported operators are all named at load, with node and opset") {
  Graph g = test::single_node_graph("NonMaxSuppression", {1, 10}, Node{});
  Node unique;
  unique.op_type = "Unique";
  unique.name = "attention/unique";
  unique.inputs = {"y"};
  unique.outputs = {"z"};
  g.nodes.push_back(unique);
  auto s = Session::create(std::move(g));
  REQUIRE(!s.ok());
  const std::string m = s.status().message();
  CHECK(m.find("opset 13") != std::string::npos);
  CHECK(m.find("NonMaxSuppression (first at node 'node0')") != std::string::npos);
  CHECK(m.find("Unique (first at node 'attention/unique')") != std::string::npos);
}

TEST_CASE("an unsupported attribute value is an error at load, never a wrong answer") {
  Node n;
  n.attributes["kernel_shape"] = test::ints({2, 2});
  n.attributes["storage_order"] = test::int1(1);
  auto s = Session::create(test::single_node_graph("MaxPool", {1, 1, 4, 4}, n));
  REQUIRE(!s.ok());
  CHECK(s.status().message() ==
        "MaxPool node 'node0' (opset 13): storage_order=1 is not supported");
}

TEST_CASE("Conv 1x1, stride 2, SAME_UPPER on an even input samples rows/cols 0, 2, ...") {
  // The study's TF.js 0.14 bug: pad = (out-1)*stride + k - in = -1 unclamped shifted the samples
  // to odd rows and columns. ONNX/PyTorch/Keras clamp the pad at 0.
  for (const char* auto_pad : {"SAME_UPPER", "SAME_LOWER"}) {
    Node n;
    n.inputs = {"w"};
    n.attributes["strides"] = test::ints({2, 2});
    n.attributes["auto_pad"] = test::str(auto_pad);
    Graph g = test::single_node_graph("Conv", {1, 1, 4, 4}, n);
    g.initializers["w"] = test::f32({1, 1, 1, 1}, {1.0f});
    auto s = Session::create(std::move(g));
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    REQUIRE(s.value()->prepare({{1, 1, 4, 4}}).ok());
    float* x = static_cast<float*>(s.value()->input_data(0));
    for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
    REQUIRE(s.value()->run().ok());
    CHECK(s.value()->output_shape(0) == Shape{1, 1, 2, 2});
    const float* y = static_cast<const float*>(s.value()->output_data(0));
    CHECK(std::vector<float>(y, y + 4) == std::vector<float>{0, 2, 8, 10});
  }
}

TEST_CASE("Gemm with transA, alpha, beta and a scalar C") {
  Node n;
  n.inputs = {"b", "c"};
  n.attributes["transA"] = test::int1(1);
  Attribute alpha, beta;
  alpha.kind = beta.kind = Attribute::Kind::kFloat;
  alpha.f = 2.0f;
  beta.f = 0.5f;
  n.attributes["alpha"] = alpha;
  n.attributes["beta"] = beta;
  Graph g = test::single_node_graph("Gemm", {3, 2}, n);  // A' = A^T is [2, 3]
  g.initializers["b"] = test::f32({3, 2}, {1, 2, 3, 4, 5, 6});
  g.initializers["c"] = test::f32({}, {10});
  auto s = Session::create(std::move(g));
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  REQUIRE(s.value()->prepare({{3, 2}}).ok());
  const float a[6] = {1, 2, 3, 4, 5, 6};  // A = [[1,2],[3,4],[5,6]], A^T = [[1,3,5],[2,4,6]]
  std::memcpy(s.value()->input_data(0), a, sizeof a);
  REQUIRE(s.value()->run().ok());
  const float* y = static_cast<const float*>(s.value()->output_data(0));
  // A^T B = [[35, 44], [44, 56]]; Y = 2 * that + 0.5 * 10
  CHECK(std::vector<float>(y, y + 4) == std::vector<float>{75, 93, 93, 117});
}

TEST_CASE("weights the ops packed are released; an initializer another op also reads is kept") {
  // y = Conv(x, w, bias) + w: the Conv packs w and bias, the Add still reads w.
  auto build = [](bool add_reads_w) {
    test::GraphBuilder b;
    b.input("x", DType::kFloat32, {-1, 1, -1, -1})
        .init("w", test::f32({1, 1, 1, 1}, {2.0f}))
        .init("bias", test::f32({1}, {0.5f}))
        .node("Conv", {"x", "w", "bias"}, {add_reads_w ? "c" : "y"});
    if (add_reads_w) b.node("Add", {"c", "w"}, {"y"});
    return b.output("y").g;
  };
  for (bool add_reads_w : {false, true}) {
    CAPTURE(add_reads_w);
    auto s = Session::create(build(add_reads_w));
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    Session& session = *s.value();
    CHECK(session.initializer_bytes() == (add_reads_w ? 4u : 0u));
    // Planned twice (two shapes): the released weights are never needed again.
    for (const Shape& shape : {Shape{1, 1, 2, 2}, Shape{2, 1, 3, 1}}) {
      REQUIRE(session.prepare({shape}).ok());
      const size_t n = static_cast<size_t>(shape_elements(shape));
      std::vector<float> x = test::random_floats(n, 7);
      std::memcpy(session.input_data(0), x.data(), n * sizeof(float));
      REQUIRE(session.run().ok());
      const float* y = static_cast<const float*>(session.output_data(0));
      for (size_t i = 0; i < n; ++i)
        CHECK(y[i] == 2.0f * x[i] + 0.5f + (add_reads_w ? 2.0f : 0.0f));
    }
  }
}

TEST_CASE("The gemm option names one tile, or two as TILE+WIDE (the form gemm_name() reports)") {
  auto bytes = tools::read_file(WNN_SOURCE_DIR "/models/lenet5/model.onnx");
  REQUIRE(bytes.ok());
  const auto& tiles = kernels::gemm_configs();
  REQUIRE(tiles.size() >= 1);
  const std::string a = tiles.front().name, b = tiles.back().name;
  auto create = [&](const std::string& gemm) {
    SessionOptions options;
    options.gemm = gemm;
    return Session::create(bytes.value().data(), bytes.value().size(), options);
  };
  auto one = create(a);
  REQUIRE_MESSAGE(one.ok(), one.status().message());
  CHECK(one.value()->gemm_name() == a);
  auto two = create(a + "+" + b);
  REQUIRE_MESSAGE(two.ok(), two.status().message());
  CHECK(two.value()->gemm_name() == a + "+" + b);
  auto same = create(two.value()->gemm_name());  // what it reports, given back, is accepted
  CHECK(same.ok());
  for (const std::string& bad :
       {std::string("f32_gemm_9x9"), a + "+f32_gemm_9x9", a + "+", "+" + a}) {
    auto s = create(bad);
    REQUIRE_FALSE(s.ok());
    CHECK_MESSAGE(s.status().message().find("unknown GEMM kernel") != std::string::npos, bad);
    CHECK_MESSAGE(s.status().message().find(a) != std::string::npos, s.status().message());
  }
}
