// Models a fuzzer made (minimized): nodes with fewer or more inputs and outputs than their op
// takes, and values with more than one producer or read before they are written. Each used to
// crash the runtime (a missing input dereferenced, two steps writing one buffer); each is now
// refused at load, naming the node, the value and what to fix.
#include <doctest/doctest.h>

#include "graph_builder.h"

using namespace wnn;
using namespace wnn::test;

namespace {

// One node `op` reading `inputs` (x is a float input [2,3]) and writing `outputs`.
Graph one_node(const std::string& op, std::vector<std::string> inputs,
               std::vector<std::string> outputs, int64_t opset = 13) {
  GraphBuilder b(opset);
  b.input("x", DType::kFloat32, {2, 3});
  b.init("i", i64({1}, {0}));
  b.node(op, std::move(inputs), outputs);
  for (const std::string& o : outputs)
    if (!o.empty()) b.output(o);
  return b.g;
}

}  // namespace

TEST_CASE("a node with fewer inputs than its op takes is refused before its op is created") {
  // Transpose, Shape and Pad segfaulted; Gather over-read the heap.
  CHECK(load_error(one_node("Transpose", {}, {"y"})) ==
        "the model is malformed: Transpose node 'Transpose_0' (opset 13) has 0 inputs, but "
        "Transpose takes 1 input; fix the node or re-export the model");
  CHECK(has(load_error(one_node("Shape", {}, {"y"})), "has 0 inputs, but Shape takes 1 input"));
  CHECK(has(load_error(one_node("Pad", {"x"}, {"y"})),
            "Pad node 'Pad_0' (opset 13) has 1 input, but Pad takes 2 to 3 inputs"));
  CHECK(has(load_error(one_node("Pad", {"x"}, {"y"}, 18)), "Pad takes 2 to 4 inputs"));
  CHECK(has(load_error(one_node("Gather", {"x"}, {"y"})),
            "Gather node 'Gather_0' (opset 13) has 1 input, but Gather takes 2 inputs"));
  CHECK(has(load_error(one_node("Concat", {}, {"y"})), "Concat takes at least 1 input"));
}

TEST_CASE("an op's arity follows the opset") {
  // Pad took its pads as an attribute before opset 11; Unsqueeze its axes before 13.
  CHECK(has(load_error(one_node("Pad", {"x", "i"}, {"y"}, 10)),
            "Pad node 'Pad_0' (opset 10) has 2 inputs, but Pad takes 1 input"));
  CHECK(has(load_error(one_node("Unsqueeze", {"x"}, {"y"}, 13)), "Unsqueeze takes 2 inputs"));
}

TEST_CASE("a node with more inputs or a wrong number of outputs is refused") {
  CHECK(has(load_error(one_node("Relu", {"x", "x"}, {"y"})),
            "Relu node 'Relu_0' (opset 13) has 2 inputs, but Relu takes 1 input"));
  CHECK(has(load_error(one_node("Relu", {"x"}, {"y", "z"})),
            "has 2 outputs, but Relu gives 1 output"));
  CHECK(has(load_error(one_node("Relu", {"x"}, {})), "has 0 outputs, but Relu gives 1 output"));
  CHECK(has(load_error(one_node("TopK", {"x", "i"}, {"v"})), "TopK gives 2 outputs"));
}

TEST_CASE("a required input or output left empty is refused") {
  CHECK(has(load_error(one_node("Gather", {"", "i"}, {"y"})),
            "Gather node 'Gather_0' (opset 13) leaves its input 0 empty (\"\"), but Gather "
            "requires its first 2 inputs"));
  CHECK(has(load_error(one_node("TopK", {"x", "i"}, {"", "k"})),
            "leaves its output 0 empty (\"\"), but TopK requires its first 2 outputs"));
}

TEST_CASE("optional inputs given as \"\" or left out still load and run") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {3});
  b.init("hi", f32({}, {1.5f}));
  b.node("Clip", {"x", "", "hi"}, {"a"});  // min left empty
  b.node("Clip", {"a", "", ""}, {"b"});    // trailing empties: no bounds
  b.output("b");
  auto out = run_graph(b.g, {f32({3}, {-1, 1, 2})});
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  CHECK(out.value()[0].f32()[0] == -1.0f);
  CHECK(out.value()[0].f32()[2] == 1.5f);
}

TEST_CASE("arity is checked inside subgraphs too") {
  GraphBuilder then_b(13), else_b(13);
  then_b.node("Transpose", {}, {"t"}).output("t");
  else_b.node("Identity", {"x"}, {"e"}).output("e");
  Attribute then_g, else_g;
  then_g.kind = else_g.kind = Attribute::Kind::kGraph;
  then_g.g = std::make_shared<Graph>(then_b.g);
  else_g.g = std::make_shared<Graph>(else_b.g);
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.input("c", DType::kBool, {});
  b.node("If", {"c"}, {"y"}, {{"then_branch", then_g}, {"else_branch", else_g}}).output("y");
  CHECK(has(load_error(b.g), "Transpose node 'Transpose_0' (opset 13) has 0 inputs"));
}

TEST_CASE("two nodes writing one value are refused, naming both") {
  // Concat wrote past the smaller buffer of Relu's output: heap corruption.
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.node("Relu", {"x"}, {"y"});
  b.node("Concat", {"x", "x"}, {"y"}, {{"axis", int1(0)}});
  b.output("y");
  CHECK(load_error(b.g) ==
        "the model is malformed: node 'Concat_1' (Concat) writes value 'y', which node "
        "'Relu_0' (Relu) also writes; each value must have one producer — re-export the model");
}

TEST_CASE("two nodes of one name writing one value are told apart") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.node("Relu", {"x"}, {"y"});
  b.node("Relu", {"x"}, {"y"});
  b.g.nodes[1].name = b.g.nodes[0].name;
  b.output("y");
  CHECK(has(load_error(b.g),
            "node 'Relu_0' (Relu) writes value 'y', which node 'Relu_0' (Relu) "
            "also writes"));
}

TEST_CASE("a node output named like a graph input or an initializer is refused") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.node("Relu", {"x"}, {"x"}).output("x");
  CHECK(has(load_error(b.g),
            "node 'Relu_0' (Relu) writes value 'x', which is the graph input 'x'; each value "
            "must have one producer"));
  GraphBuilder c(13);
  c.input("x", DType::kFloat32, {2});
  c.init("w", f32({2}, {1, 2}));
  c.node("Concat", {"x", "x"}, {"w"}, {{"axis", int1(0)}}).output("w");
  CHECK(has(load_error(c.g), "writes value 'w', which is the initializer 'w'"));
}

TEST_CASE("a node writing one value twice, and duplicate graph outputs, are refused") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {4});
  b.node("Split", {"x"}, {"a", "a"}).output("a");
  CHECK(has(load_error(b.g), "node 'Split_0' (Split) writes value 'a' as two of its outputs"));
  GraphBuilder c(13);
  c.input("x", DType::kFloat32, {2});
  c.node("Relu", {"x"}, {"y"}).output("y").output("y");
  CHECK(has(load_error(c.g), "the graph output 'y' is listed twice"));
}

TEST_CASE("a cycle is refused: a node reading its own output, or a later node's") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.node("Add", {"x", "y"}, {"y"}).output("y");
  CHECK(has(load_error(b.g),
            "node 'Add_0' (Add) reads value 'y', which it writes itself: the graph has a cycle"));
  GraphBuilder c(13);
  c.input("x", DType::kFloat32, {2});
  c.node("Add", {"x", "b"}, {"a"});
  c.node("Relu", {"a"}, {"b"});
  c.output("b");
  CHECK(has(load_error(c.g),
            "node 'Add_0' (Add) reads value 'b', which node 'Relu_1' (Relu) writes after it: "
            "the graph has a cycle or is not in topological order"));
}
