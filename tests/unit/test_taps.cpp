// Taps: values of the model returned by name beside the outputs (Session::set_taps). A tapped
// value must hold what the model computes at the end of run(), although the arena would have
// reused its memory; without taps the plan must not change; names the session cannot give are
// errors that say why.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

#include "cli/npy.h"
#include "graph_builder.h"
#include "test_util.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

Graph read_model(const char* path) {
  auto bytes = tools::read_file(path);
  REQUIRE(bytes.ok());
  auto g = read_onnx_model(bytes.value().data(), bytes.value().size());
  REQUIRE_MESSAGE(g.ok(), g.status().message());
  return g.take();
}

// Graph optimizations off: every value of the file exists in the session.
SessionOptions unoptimized() {
  SessionOptions o;
  o.fuse_epilogues = false;
  o.fold_batch_norm = false;
  o.keep_folded_values = true;
  return o;
}

std::unique_ptr<Session> create(Graph g, const SessionOptions& options = {}) {
  auto s = Session::create(std::move(g), options);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  return s.take();
}

void run_on(Session& s, const std::vector<float>& x, const Shape& shape) {
  REQUIRE(s.prepare({shape}).ok());
  std::memcpy(s.input_data(0), x.data(), x.size() * sizeof(float));
  REQUIRE(s.run().ok());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("every tapped value of ResNet-20 equals the same value computed as a graph output") {
  const char* path = WNN_SOURCE_DIR "/models/resnet20/model.onnx";
  const Shape shape{1, 1, 28, 28};
  const std::vector<float> x = test::random_floats(784, 3, 0.0f, 1.0f);

  // The reference: every node output made a graph output (what an ONNX editor would do).
  Graph edited = read_model(path);
  std::vector<std::string> names;
  for (const Node& n : edited.nodes)
    for (const std::string& out : n.outputs) names.push_back(out);
  edited.outputs.clear();
  for (const std::string& name : names) edited.outputs.push_back(test::float_value(name, {}));
  auto reference = create(std::move(edited), unoptimized());
  run_on(*reference, x, shape);

  auto tapped = create(read_model(path), unoptimized());
  run_on(*tapped, x, shape);
  const size_t arena_without = tapped->arena_bytes();
  CHECK(tapped->value_names().size() == 1 + names.size());  // the input, then every node output
  CHECK(tapped->value_names()[0] == "input");
  REQUIRE(tapped->set_taps(names).ok());
  run_on(*tapped, x, shape);
  // Kept alive to the end, so the arena grows; values past their last reader are not reused.
  CHECK(tapped->arena_bytes() > arena_without);
  REQUIRE(tapped->taps() == names);
  for (size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    REQUIRE(tapped->tap_shape(i) == reference->output_shape(i));
    const size_t bytes = static_cast<size_t>(shape_elements(tapped->tap_shape(i))) * 4;
    CHECK(std::memcmp(tapped->tap_data(i), reference->output_data(i), bytes) == 0);
  }
}

TEST_CASE("without taps the plan is the plan of a session that never had any") {
  const char* path = WNN_SOURCE_DIR "/models/lenet5/model.onnx";
  const std::vector<float> x = test::random_floats(2 * 784, 5, 0.0f, 1.0f);
  const Shape shape{2, 1, 28, 28};
  auto plain = create(read_model(path));
  run_on(*plain, x, shape);

  auto s = create(read_model(path));
  run_on(*s, x, shape);
  CHECK(s->arena_bytes() == plain->arena_bytes());
  const size_t plans = s->plans_made();
  REQUIRE(s->set_taps({"/Relu_output_0"}).ok());  // the first conv's output, read once
  CHECK_FALSE(s->run().ok());                     // a new set of taps needs prepare() first
  run_on(*s, x, shape);
  CHECK(s->plans_made() == plans + 1);
  CHECK(s->arena_bytes() >= plain->arena_bytes());  // here the peak is elsewhere
  CHECK(s->tap_shape(0) == Shape{2, 6, 28, 28});
  REQUIRE(s->set_taps({"/Relu_output_0"}).ok());  // the same set: no new plan
  run_on(*s, x, shape);
  CHECK(s->plans_made() == plans + 1);

  REQUIRE(s->set_taps({}).ok());
  run_on(*s, x, shape);
  CHECK(s->arena_bytes() == plain->arena_bytes());
  CHECK(std::memcmp(s->output_data(0), plain->output_data(0), 2 * 10 * 4) == 0);
  // A tap on the output or on the input costs nothing: both live to the end already.
  REQUIRE(s->set_taps({"logits"}).ok());
  run_on(*s, x, shape);
  CHECK(s->arena_bytes() == plain->arena_bytes());
  CHECK(s->tap_data(0) == s->output_data(0));
}

TEST_CASE("taps on the input, a shape value, a folded constant, with duplicates") {
  // y = Conv(x, Transpose(w)) + c; s = Shape(x); the Transpose is folded at load and its output
  // packed by the Conv; c is a Constant node's value; s is known while planning.
  auto build = [] {
    Node constant;
    Tensor c = test::f32({1}, {0.25f});
    Attribute value;
    value.kind = Attribute::Kind::kTensor;
    value.t = c;
    test::GraphBuilder b;
    b.input("x", DType::kFloat32, {-1, 1, 2, 2})
        .init("w", test::f32({1, 1, 1, 1}, {3.0f}))
        .node("Transpose", {"w"}, {"wt"}, {{"perm", test::ints({1, 0, 2, 3})}})
        .node("Constant", {}, {"c"}, {{"value", value}})
        .node("Conv", {"x", "wt"}, {"conv"})
        .node("Add", {"conv", "c"}, {"y"})
        .node("Shape", {"x"}, {"s"});
    return b.output("y").output("s").g;
  };
  const std::vector<float> x = {1, 2, 3, 4};

  auto optimized = create(build());
  Status st = optimized->set_taps({"wt"});
  REQUIRE_FALSE(st.ok());
  CHECK(st.message() ==
        "cannot tap 1 value: 'wt' (output of Transpose 'Transpose_0') was computed from "
        "constants at load and packed into the weights of Conv 'Conv_2', which keep no copy of "
        "it; load the model with graph optimizations off to keep it (5 values can be tapped)");
  CHECK(optimized->value_names() == std::vector<std::string>{"x", "c", "conv", "y", "s"});

  auto s = create(build(), unoptimized());
  CHECK(s->value_names() == std::vector<std::string>{"x", "wt", "c", "conv", "y", "s"});
  REQUIRE(s->set_taps({"x", "wt", "c", "s", "x", "conv"}).ok());
  CHECK(s->taps() == std::vector<std::string>{"x", "wt", "c", "s", "conv"});
  run_on(*s, x, {1, 1, 2, 2});
  auto floats = [&](size_t i) {
    const float* p = static_cast<const float*>(s->tap_data(i));
    return std::vector<float>(p, p + shape_elements(s->tap_shape(i)));
  };
  CHECK(floats(0) == x);
  CHECK(floats(1) == std::vector<float>{3.0f});
  CHECK(s->tap_shape(1) == Shape{1, 1, 1, 1});
  CHECK(floats(2) == std::vector<float>{0.25f});
  CHECK(s->tap_dtype(3) == DType::kInt64);
  const int64_t* dims = static_cast<const int64_t*>(s->tap_data(3));
  CHECK(std::vector<int64_t>(dims, dims + 4) == std::vector<int64_t>{1, 1, 2, 2});
  CHECK(floats(4) == std::vector<float>{3, 6, 9, 12});
}

TEST_CASE("unknown, merged-away and weight names are refused, each with why; taps unchanged") {
  auto s = create(read_model(WNN_SOURCE_DIR "/models/lenet5/model.onnx"));
  REQUIRE(s->set_taps({"/MaxPool_output_0"}).ok());
  Status st = s->set_taps({"/MaxPool_output_0", "nope", "/conv1/Conv_output_0", "conv1.weight"});
  REQUIRE_FALSE(st.ok());
  const std::string& m = st.message();
  CHECK(contains(m, "cannot tap 3 values: "));
  CHECK(contains(m, "'nope' is not a value of this model"));
  CHECK(contains(m,
                 "'/conv1/Conv_output_0' (output of Conv '/conv1/Conv') is never computed by "
                 "this session: at load the Relu '/Relu' reading it was merged into Conv "
                 "'/conv1/Conv', which writes '/Relu_output_0' directly; load the model with "
                 "graph optimizations off to keep it"));
  CHECK(contains(m, "'conv1.weight' is an initializer of the model"));
  CHECK(contains(m, "(" + std::to_string(s->value_names().size()) + " values can be tapped)"));
  CHECK(s->taps() == std::vector<std::string>{"/MaxPool_output_0"});
  // The merged value is among the names only when nothing is merged.
  auto in = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  CHECK_FALSE(in(s->value_names(), "/conv1/Conv_output_0"));
  CHECK(in(
      create(read_model(WNN_SOURCE_DIR "/models/lenet5/model.onnx"), unoptimized())->value_names(),
      "/conv1/Conv_output_0"));
}

TEST_CASE("a Conv -> BatchNormalization -> Relu chain merged at load is named node by node") {
  auto build = [] {
    test::GraphBuilder b;
    b.input("x", DType::kFloat32, {1, 1, 2, 2})
        .init("w", test::f32({1, 1, 1, 1}, {2.0f}))
        .init("scale", test::f32({1}, {1.0f}))
        .init("bias", test::f32({1}, {0.0f}))
        .init("mean", test::f32({1}, {0.0f}))
        .init("var", test::f32({1}, {1.0f}))
        .node("Conv", {"x", "w"}, {"conv"})
        .node("BatchNormalization", {"conv", "scale", "bias", "mean", "var"}, {"bn"})
        .node("Relu", {"bn"}, {"y"});
    return b.output("y").g;
  };
  auto s = create(build());
  CHECK(s->value_names() == std::vector<std::string>{"x", "y"});
  Status st = s->set_taps({"conv"});
  CHECK(contains(st.message(),
                 "'conv' (output of Conv 'Conv_0') is never computed by this session: at load "
                 "the BatchNormalization 'BatchNormalization_1' and the Relu 'Relu_2' after it "
                 "were merged into Conv 'Conv_0', which writes 'y' directly"));
  st = s->set_taps({"bn"});
  CHECK(contains(st.message(),
                 "'bn' (output of BatchNormalization 'BatchNormalization_1') is never computed "
                 "by this session: at load the Relu 'Relu_2' reading it was merged into Conv "
                 "'Conv_0', which writes 'y' directly"));
  // The profile's step for the Conv covers the merged nodes.
  s->set_profiling(true);
  run_on(*s, {1, -2, 3, -4}, {1, 1, 2, 2});
  REQUIRE(s->profile().size() == 1);
  CHECK(s->merged_nodes(*s->profile()[0].node) ==
        std::vector<std::string>{"BatchNormalization_1", "Relu_2"});

  auto all = create(build(), unoptimized());
  REQUIRE(all->set_taps({"conv", "bn"}).ok());
  run_on(*all, {1, -2, 3, -4}, {1, 1, 2, 2});
  const float* bn = static_cast<const float*>(all->tap_data(1));
  CHECK(bn[1] < -3.9f);  // before the Relu
}

TEST_CASE("a residual Add and the Relu after it, merged into the Conv, are named") {
  test::GraphBuilder
      b;  // two channels: a one-channel conv counts as depthwise, which keeps its Add
  b.input("x", DType::kFloat32, {1, 2, 1, 2})
      .init("w", test::f32({2, 2, 1, 1}, {2, 0, 0, 2}))
      .node("Conv", {"x", "w"}, {"conv"})
      .node("Add", {"conv", "x"}, {"sum"})
      .node("Relu", {"sum"}, {"y"});
  auto s = create(b.output("y").g);
  CHECK(s->value_names() == std::vector<std::string>{"x", "y"});
  Status st = s->set_taps({"conv", "sum"});
  CHECK(contains(st.message(),
                 "'conv' (output of Conv 'Conv_0') is never computed by this session: at load the "
                 "Add 'Add_1' and the Relu 'Relu_2' after it were merged into Conv 'Conv_0', which "
                 "writes 'y' directly"));
  CHECK(contains(
      st.message(),
      "'sum' (output of Add 'Add_1') is never computed by this session: at load the "
      "Relu 'Relu_2' reading it was merged into Conv 'Conv_0', which writes 'y' directly"));
  s->set_profiling(true);
  run_on(*s, {1, -2, 3, -4}, {1, 2, 1, 2});
  REQUIRE(s->profile().size() == 1);
  CHECK(s->merged_nodes(*s->profile()[0].node) == std::vector<std::string>{"Add_1", "Relu_2"});
  const float* y = static_cast<const float*>(s->output_data(0));
  CHECK(std::vector<float>(y, y + 4) == std::vector<float>{3, 0, 9, 0});
}
