// Control flow (ops/control/, plan/plan_if.cpp): subgraphs read from .onnx files written by
// python3-onnx (tests/unit/data/make_control_models.py), If with a condition known at plan time
// (the taken branch inlined) and at run time (both planned, the taken one run), and the
// refusals for what is not supported yet.
#include <doctest/doctest.h>

#include "cli/npy.h"
#include "graph_builder.h"
#include "wnn/onnx/onnx_reader.h"

using namespace wnn;
using namespace wnn::test;

namespace {

std::vector<uint8_t> data_file(const std::string& name) {
  auto bytes = tools::read_file(WNN_SOURCE_DIR "/tests/unit/data/" + name);
  REQUIRE(bytes.ok());
  return bytes.take();
}

Attribute graph_attr(Graph g) {
  Attribute a;
  a.kind = Attribute::Kind::kGraph;
  a.g = std::make_shared<Graph>(std::move(g));
  return a;
}

// A branch: `nodes` (op, inputs, outputs) with `outputs` as its results.
Graph branch(std::vector<Node> nodes, std::vector<std::string> outputs,
             std::map<std::string, Tensor> initializers = {}) {
  Graph g;
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name.empty()) nodes[i].name = "b" + std::to_string(i);
  g.nodes = std::move(nodes);
  for (const std::string& o : outputs) g.outputs.push_back(float_value(o, {}));
  g.initializers = std::move(initializers);
  return g;
}

Node node(std::string op, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.op_type = std::move(op);
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}

Tensor boolean(bool v) { return tensor_of(DType::kBool, {}, std::vector<uint8_t>{v}); }

Expected<std::vector<Tensor>> run_model(const std::vector<uint8_t>& bytes,
                                        const std::vector<Tensor>& inputs) {
  Expected<Graph> g = read_onnx_model(bytes.data(), bytes.size());
  if (!g.ok()) return g.status();
  return run_graph(g.take(), inputs);
}

// x [2,3] and a bool cond as inputs; If(cond): then (x + 1) * k with k a branch initializer,
// else x - bias with bias an outer initializer; a node after the If reads its output.
GraphBuilder run_time_if() {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2, 3})
      .input("cond", DType::kBool, {})
      .init("one", f32({}, {1}))
      .init("bias", f32({3}, {1, 2, 3}));
  Graph then_g = branch({node("Add", {"x", "one"}, {"t0"}), node("Mul", {"t0", "k"}, {"t1"})},
                        {"t1"}, {{"k", f32({3}, {10, 20, 30})}});
  Graph else_g = branch({node("Sub", {"x", "bias"}, {"e0"})}, {"e0"});
  b.node("If", {"cond"}, {"y"},
         {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
      .node("Add", {"y", "y"}, {"z"})
      .output("z");
  return b;
}

}  // namespace

TEST_CASE(
    "reader: If branches become subgraph attributes, with their initializers and outer names") {
  auto bytes = data_file("if_on_shape.onnx");
  auto g = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(g.ok());
  REQUIRE(g.value().nodes.size() == 4);
  const Node& n = g.value().nodes[3];
  CHECK(n.op_type == "If");
  CHECK(n.has_subgraph());
  const Graph* then_g = n.attr_graph("then_branch");
  const Graph* else_g = n.attr_graph("else_branch");
  REQUIRE(then_g);
  REQUIRE(else_g);
  CHECK(then_g->opset == 13);  // the model's opset, declared once
  CHECK(then_g->nodes.at(0).op_type == "Mul");
  CHECK(then_g->initializers.count("k") == 1);
  CHECK(then_g->outputs.at(0).name == "then_y");
  CHECK(else_g->nodes.at(0).inputs == std::vector<std::string>{"x", "bias"});  // outer names
  CHECK(n.attr_graph("then") == nullptr);
}

TEST_CASE("If on a shape: the branch taken for each planned shape runs, the outer scope resolved") {
  auto bytes = data_file("if_on_shape.onnx");
  // N == 2: then_branch, x * 10.
  auto two = run_model(bytes, {f32({2, 3}, {1, 2, 3, 4, 5, 6})});
  REQUIRE_MESSAGE(two.ok(), two.status().message());
  CHECK(values<float>(two.value()[0]) == std::vector<float>{10, 20, 30, 40, 50, 60});
  // N == 1: else_branch, x - bias (bias from the model's initializers).
  auto one = run_model(bytes, {f32({1, 3}, {1, 2, 3})});
  REQUIRE_MESSAGE(one.ok(), one.status().message());
  CHECK(values<float>(one.value()[0]) == std::vector<float>{0, 0, 0});

  // One session, replanned: only the taken branch is in the plan.
  Expected<Graph> g = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(g.ok());
  auto s = Session::create(g.take());
  REQUIRE(s.ok());
  Session& session = *s.value();
  REQUIRE(session.prepare({{2, 3}}).ok());
  REQUIRE(session.profile().size() == 2);  // Mul, then the copy into the If's output
  CHECK(session.profile()[0].node->op_type == "Mul");
  REQUIRE(session.prepare({{3, 3}}).ok());
  CHECK(session.profile().at(0).node->op_type == "Sub");
}

TEST_CASE("If with a constant condition: an untaken branch that cannot be planned never is") {
  for (bool cond : {true, false}) {
    CAPTURE(cond);
    GraphBuilder b;
    b.input("x", DType::kFloat32, {2, 3}).init("cond", boolean(cond)).init("bad", i64({2}, {5, 7}));
    // Reshaping 6 values to [5,7] fails while planning: only when its branch is taken.
    Graph then_g = branch({node("Relu", {"x"}, {"r"})}, {"r"});
    Graph else_g = branch({node("Reshape", {"x", "bad"}, {"r2"})}, {"r2"});
    b.node("If", {"cond"}, {"y"},
           {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
        .output("y");
    auto out = run_graph(b.g, {f32({2, 3}, {-1, 2, -3, 4, -5, 6})});
    if (cond) {
      REQUIRE_MESSAGE(out.ok(), out.status().message());
      CHECK(values<float>(out.value()[0]) == std::vector<float>{0, 2, 0, 4, 0, 6});
    } else {
      REQUIRE(!out.ok());
      CHECK(out.status().message().find("Reshape") != std::string::npos);
    }
  }
}

TEST_CASE("If with a constant branch result stays a constant for the nodes after it") {
  for (bool cond : {true, false}) {
    CAPTURE(cond);
    GraphBuilder b;
    b.input("x", DType::kFloat32, {2}).init("cond", boolean(cond));
    Graph then_g = branch({node("Shape", {"x"}, {"s1"})}, {"s1"});
    Graph else_g =
        branch({node("Identity", {"target"}, {"s2"})}, {"s2"}, {{"target", i64({2}, {1, 2})}});
    b.node("If", {"cond"}, {"shape"},
           {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
        .node("Reshape", {"x", "shape"}, {"y"})  // needs the If's output while planning
        .output("y");
    auto out = run_graph(b.g, {f32({2}, {1, 2})});
    REQUIRE_MESSAGE(out.ok(), out.status().message());
    CHECK(out.value()[0].shape == (cond ? Shape{2} : Shape{1, 2}));
    CHECK(values<float>(out.value()[0]) == std::vector<float>{1, 2});
  }
}

TEST_CASE("If with a run-time condition: both branches planned, the taken one run") {
  auto s = Session::create(run_time_if().g);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  Session& session = *s.value();
  REQUIRE(session.prepare({{2, 3}, {}}).ok());
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  for (int repeat = 0; repeat < 2; ++repeat)
    for (bool cond : {true, false, true}) {
      CAPTURE(cond);
      std::memcpy(session.input_data(0), x.data(), x.size() * 4);
      *static_cast<uint8_t*>(session.input_data(1)) = cond;
      REQUIRE(session.run().ok());
      std::vector<float> z(6);
      std::memcpy(z.data(), session.output_data(0), 24);
      const std::vector<float> expected = cond ? std::vector<float>{40, 120, 240, 100, 240, 420}
                                               : std::vector<float>{0, 0, 0, 6, 6, 6};
      CHECK(z == expected);
    }
}

TEST_CASE("If with a run-time condition: branches of different shapes are refused at plan time") {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2, 3}).input("cond", DType::kBool, {}).init("s", i64({1}, {6}));
  Graph then_g = branch({node("Relu", {"x"}, {"r"})}, {"r"});
  Graph else_g = branch({node("Reshape", {"x", "s"}, {"flat"})}, {"flat"});
  b.node("If", {"cond"}, {"y"},
         {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
      .output("y");
  auto out = run_graph(b.g, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), boolean(true)});
  REQUIRE(!out.ok());
  const std::string m = out.status().message();
  CHECK(m.find("If node") != std::string::npos);
  CHECK(m.find("float32 [2,3] from then_branch but float32 [6] from else_branch") !=
        std::string::npos);
}

TEST_CASE("If: the condition must be one bool") {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2}).input("c", DType::kFloat32, {});
  Graph then_g = branch({node("Relu", {"x"}, {"r"})}, {"r"});
  b.node("If", {"c"}, {"y"},
         {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(then_g)}})
      .output("y");
  auto out = run_graph(b.g, {f32({2}, {1, 2}), f32({}, {1})});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("the condition must be one bool, got float32 []") !=
        std::string::npos);
}

TEST_CASE("If inside an If: nested branches resolve names through every scope") {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2}).input("c", DType::kBool, {}).init("two", f32({}, {2}));
  Graph inner_then = branch({node("Mul", {"x", "two"}, {"m"})}, {"m"});  // two levels up
  Graph inner_else = branch({node("Add", {"x", "two"}, {"a"})}, {"a"});
  Graph outer_then = branch({node("If", {"c"}, {"n"})}, {"n"});
  outer_then.nodes[0].attributes = {{"then_branch", graph_attr(inner_then)},
                                    {"else_branch", graph_attr(inner_else)}};
  Graph outer_else = branch({node("Relu", {"x"}, {"r"})}, {"r"});
  b.node("If", {"c"}, {"y"},
         {{"then_branch", graph_attr(outer_then)}, {"else_branch", graph_attr(outer_else)}})
      .output("y");
  auto t = run_graph(b.g, {f32({2}, {1, -3}), boolean(true)});
  REQUIRE_MESSAGE(t.ok(), t.status().message());
  CHECK(values<float>(t.value()[0]) == std::vector<float>{2, -6});
  auto f = run_graph(b.g, {f32({2}, {1, -3}), boolean(false)});
  REQUIRE(f.ok());
  CHECK(values<float>(f.value()[0]) == std::vector<float>{1, 0});
}

TEST_CASE("an unsupported op in either branch is refused at load, named with its node") {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2}).init("cond", boolean(true));
  Graph then_g = branch({node("Relu", {"x"}, {"r"})}, {"r"});
  Graph else_g = branch({node("NoSuchOp", {"x"}, {"r2"})}, {"r2"});
  b.node("If", {"cond"}, {"y"},
         {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
      .output("y");
  auto s = Session::create(b.g);
  REQUIRE(!s.ok());
  CHECK(s.status().message().find("NoSuchOp (first at node 'b0')") != std::string::npos);
}

TEST_CASE("Loop with a constant trip count is unrolled; a run-time trip count is refused") {
  auto out = run_model(data_file("loop_sum.onnx"), {f32({3}, {1, 2, 3}), f32({3}, {1, 1, 1})});
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  CHECK(values<float>(out.value()[0]) == std::vector<float>{5, 9, 13});  // acc0 + 4 x

  auto bytes = data_file("loop_sum.onnx");
  Expected<Graph> g = read_onnx_model(bytes.data(), bytes.size());
  REQUIRE(g.ok());
  Graph model = g.take();
  model.initializers.erase("M");  // M becomes a run-time input
  ValueInfo m;
  m.name = "M";
  m.dtype = DType::kInt64;
  model.inputs.push_back(m);
  auto refused = run_graph(model, {f32({3}, {1, 2, 3}), f32({3}, {1, 1, 1}), i64({}, {4})});
  REQUIRE(!refused.ok());
  CHECK(refused.status().message().find("Loop node 'repeat' (opset 13): Loop with a run-time "
                                        "trip count") != std::string::npos);
}

TEST_CASE("Loop: iteration number, scan outputs stacked, a condition that stops it early") {
  // body(i, cond, acc): acc' = acc + i (as float); scan out acc'; cond' = (i == 0), so the
  // loop stops after its second iteration although M is 10.
  Graph body = branch({node("Cast", {"i"}, {"fi"}), node("Add", {"acc", "fi"}, {"acc2"}),
                       node("Equal", {"i", "zero"}, {"c2"})},
                      {"c2", "acc2", "acc2"}, {{"zero", i64({}, {0})}});
  body.outputs[0].dtype = DType::kBool;
  body.nodes[0].attributes["to"] = int1(1);
  ValueInfo i, c, acc;
  i.name = "i", c.name = "cond", acc.name = "acc";
  body.inputs = {i, c, acc};
  GraphBuilder b;
  b.input("x", DType::kFloat32, {2}).init("M", i64({}, {10})).init("go", boolean(true));
  b.node("Loop", {"M", "go", "x"}, {"final", "all"}, {{"body", graph_attr(body)}})
      .output("final")
      .output("all");
  auto out = run_graph(b.g, {f32({2}, {1, -1})});
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  CHECK(values<float>(out.value()[0]) == std::vector<float>{2, 0});  // x + 0 + 1
  CHECK(out.value()[1].shape == Shape{2, 2});
  CHECK(values<float>(out.value()[1]) == std::vector<float>{1, -1, 2, 0});
}

TEST_CASE("Scan: states carried, inputs sliced along an axis, forward and reverse") {
  for (int64_t reverse : {0, 1}) {
    CAPTURE(reverse);
    // body(sum, row): sum' = sum + row; scan out sum'. Over x [2 rows... sliced along axis 1.
    Graph body = branch({node("Add", {"sum", "col"}, {"sum2"}), node("Identity", {"sum2"}, {"o"})},
                        {"sum2", "o"});
    ValueInfo sum, col;
    sum.name = "sum", col.name = "col";
    body.inputs = {sum, col};
    GraphBuilder b;
    b.input("x", DType::kFloat32, {2, 3}).init("zero", f32({2}, {0, 0}));
    b.node("Scan", {"zero", "x"}, {"total", "partial"},
           {{"body", graph_attr(body)},
            {"num_scan_inputs", int1(1)},
            {"scan_input_axes", ints({1})},
            {"scan_input_directions", ints({reverse})},
            {"scan_output_axes", ints({-1})}})
        .output("total")
        .output("partial");
    auto out = run_graph(b.g, {f32({2, 3}, {1, 2, 3, 10, 20, 30})});
    REQUIRE_MESSAGE(out.ok(), out.status().message());
    CHECK(values<float>(out.value()[0]) == std::vector<float>{6, 60});
    CHECK(out.value()[1].shape == Shape{2, 3});
    CHECK(values<float>(out.value()[1]) == (reverse ? std::vector<float>{3, 5, 6, 30, 50, 60}
                                                    : std::vector<float>{1, 3, 6, 10, 30, 60}));
  }
}

TEST_CASE("a value read only inside a branch is not fused away nor released") {
  // The Relu after the Conv-like Gemm would fuse into it if the branch's read were not counted.
  GraphBuilder b;
  b.input("x", DType::kFloat32, {1, 2}).input("c", DType::kBool, {});
  b.init("w", f32({2, 2}, {1, 0, 0, 1}));
  b.node("Gemm", {"x", "w"}, {"g"}).node("Relu", {"g"}, {"r"});
  Graph then_g = branch({node("Add", {"g", "w"}, {"t"})}, {"t"});  // reads g and w
  Graph else_g = branch({node("Add", {"r", "w"}, {"e"})}, {"e"});
  b.node("If", {"c"}, {"y"},
         {{"then_branch", graph_attr(then_g)}, {"else_branch", graph_attr(else_g)}})
      .output("y");
  auto t = run_graph(b.g, {f32({1, 2}, {-1, 2}), boolean(true)});
  REQUIRE_MESSAGE(t.ok(), t.status().message());
  CHECK(values<float>(t.value()[0]) == std::vector<float>{0, 2, -1, 3});
  auto f = run_graph(b.g, {f32({1, 2}, {-1, 2}), boolean(false)});
  REQUIRE(f.ok());
  CHECK(values<float>(f.value()[0]) == std::vector<float>{1, 2, 0, 3});
}
