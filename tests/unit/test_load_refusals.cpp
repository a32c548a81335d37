// Loading a model that needs several things wasmnn lacks refuses once, naming all of them: every
// operator type it does not have (with its first node) and every node whose attributes, dtypes
// or opset form create() refused, each with its op type, node name and opset; past 20 lines the
// rest is counted.
#include <doctest/doctest.h>

#include "graph_builder.h"

using namespace wnn;
using namespace wnn::test;

TEST_CASE("one load error names every unsupported op and every refused attribute") {
  GraphBuilder b(19);
  b.input("x", DType::kFloat32, {1, 1, 4, 4});
  b.node("MaxPool", {"x"}, {"a"}, {{"kernel_shape", ints({2, 2})}, {"storage_order", int1(1)}});
  b.node("StringNormalizer", {"a"}, {"b"});
  b.node("Resize", {"b", "", "s"}, {"c"}, {{"coordinate_transformation_mode", str("tf_crop_and_resize")}});
  b.node("Einsum", {"c"}, {"d"}, {{"equation", str("...i->i")}});
  b.node("Unique", {"d"}, {"e"});
  b.init("s", f32({4}, {1, 1, 2, 2}));
  b.output("e");
  const std::string m = load_error(b.g);
  CHECK(has(m,
            "does not support yet (opset 19): StringNormalizer (first at node "
            "'StringNormalizer_1'); Unique (first at node 'Unique_4')."));
  CHECK(has(m, "wasmnn refuses 3 things in this model (opset 19):"));
  CHECK(has(m, "MaxPool node 'MaxPool_0' (opset 19): storage_order=1 is not supported"));
  CHECK(has(m, "Resize node 'Resize_2' (opset 19): coordinate_transformation_mode 'tf_crop_and_resize'"));
  CHECK(has(m, "Einsum node 'Einsum_3' (opset 19): equation '...i->i' is not supported"));
  CHECK(has(m, "Supported: "));
}

TEST_CASE("a node refused while folding constants is reported with the others") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.init("c", f32({2}, {1, 2}));
  b.node("Einsum", {"c"}, {"d"}, {{"equation", str("i,j,k")}});  // all inputs constant
  b.node("Gather", {"x", "x"}, {"y"});
  b.node("Unique", {"y"}, {"z"});
  b.output("z");
  const std::string m = load_error(b.g);
  CHECK(has(m, "Unique (first at node 'Unique_2')"));
  CHECK(has(m, "Einsum node 'Einsum_0' (opset 13): equation 'i,j,k' is not supported"));
}

TEST_CASE("past 20 refused nodes the rest are counted") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {1, 1, 4, 4});
  std::string prev = "x";
  for (int i = 0; i < 25; ++i) {
    const std::string out = "v" + std::to_string(i);
    b.node("MaxPool", {prev}, {out}, {{"kernel_shape", ints({1, 1})}, {"storage_order", int1(1)}});
    prev = out;
  }
  b.output(prev);
  const std::string m = load_error(b.g);
  CHECK(has(m, "wasmnn refuses 25 things in this model (opset 13):"));
  CHECK(has(m, "MaxPool_19"));
  CHECK(!has(m, "MaxPool_20'"));
  CHECK(has(m, "... and 5 more"));
}

TEST_CASE("a single refusal keeps its own message") {
  GraphBuilder b(18);
  b.input("x", DType::kFloat32, {4});
  b.node("Split", {"x"}, {"a", "b"}, {{"num_outputs", int1(3)}}).output("a").output("b");
  CHECK(load_error(b.g) ==
        "Split node 'Split_0' (opset 18): num_outputs = 3 but the node has 2 outputs");
}

TEST_CASE("a graph input of a type wasmnn lacks is named with the node refusals") {
  GraphBuilder b(21);
  b.input("x", DType::kFloat32, {2});
  ValueInfo fp8;
  fp8.name = "scale";
  fp8.dtype = DType::kUndefined;  // what the reader gives for float8e4m3fn
  fp8.declared_type = "float8e4m3fn (ONNX data type 17)";
  b.g.inputs.push_back(fp8);
  b.node("Split", {"x"}, {"a", "b"}, {{"num_outputs", int1(3)}}).output("a").output("b");
  const std::string m = load_error(b.g);
  CHECK(has(m, "wasmnn refuses 2 things in this model (opset 21):"));
  CHECK(has(m, "graph input 'scale' has type float8e4m3fn (ONNX data type 17), which wasmnn "
               "does not support"));
  CHECK(has(m, "Split node 'Split_0' (opset 21): num_outputs = 3"));
}
