// Opsets 18 to 21: the session loads them, and the ops in the registry follow their forms
// (Split's num_outputs, Pad's axes input and wrap mode, Resize's axes, keep_aspect_ratio_policy
// and half_pixel_symmetric), refusing the rest by name. Opset 22 is refused.
#include <doctest/doctest.h>

#include <numeric>

#include "graph_builder.h"
#include "op_runner.h"

using namespace wnn;
using namespace wnn::test;

namespace {

const OpResult& ok(const OpResult& r) {
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  return r;
}

bool has(const OpResult& r, const std::string& part) {
  REQUIRE(!r.ok());
  INFO(r.status.message());
  return r.status.message().find(part) != std::string::npos;
}

const Tensor kNone;  // an omitted optional input

}  // namespace

TEST_CASE("the session loads opsets up to 21 and refuses 22 naming the range") {
  for (int64_t opset : {18, 19, 20, 21}) {
    GraphBuilder b(opset);
    b.input("x", DType::kFloat32, {2, 3}).node("Relu", {"x"}, {"y"}).output("y");
    auto r = run_graph(b.g, {f32({2, 3}, iota_f(6, -3))});
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    CHECK(values<float>(r.value()[0]) == std::vector<float>{0, 0, 0, 0, 1, 2});
  }
  GraphBuilder b(22);
  b.input("x", DType::kFloat32, {2, 3}).node("Relu", {"x"}, {"y"}).output("y");
  auto r = run_graph(b.g, {f32({2, 3}, iota_f(6))});
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("opset 22 of the default ONNX domain; wasmnn supports opsets 1 "
                                  "to 21") != std::string::npos);
}

TEST_CASE("Split-18 num_outputs: equal parts, a smaller last part, and its errors") {
  Tensor x = f32({7, 2}, iota_f(14));
  const OpResult r = ok(call("Split", {x}, {}, {{"num_outputs", int1(3)}}, 18, 3));
  REQUIRE(r.outputs.size() == 3);
  CHECK(r.outputs[0].shape == Shape{3, 2});
  CHECK(r.outputs[2].shape == Shape{1, 2});
  CHECK(values<float>(r.outputs[2]) == std::vector<float>{12, 13});
  CHECK(ok(call("Split", {x}, {}, {{"num_outputs", int1(2)}, {"axis", int1(-1)}}, 21, 2))
            .outputs[1]
            .shape == Shape{7, 1});
  CHECK(has(call("Split", {x}, {}, {{"num_outputs", int1(2)}}, 18, 3),
            "num_outputs = 2 but the node has 3 outputs"));
  CHECK(has(call("Split", {x, i64({2}, {3, 4})}, {false, true}, {{"num_outputs", int1(2)}}, 18, 2),
            "either the split lengths or num_outputs"));
  CHECK(has(call("Split", {f32({4}, iota_f(4))}, {}, {{"num_outputs", int1(3)}}, 18, 3),
            "cannot be split into num_outputs = 3"));
}

TEST_CASE("Pad-18 axes input and Pad-19 wrap mode") {
  Tensor x = f32({2, 3}, iota_f(6));
  // Pads for axis 1 only (axes [-1]): [begin 1, end 2].
  Tensor y = ok(call("Pad", {x, i64({2}, {1, 2}), kNone, i64({1}, {-1})},
                     {false, true, false, true}, {}, 18))
                 .outputs[0];
  CHECK(y.shape == Shape{2, 6});
  CHECK(values<float>(y) == std::vector<float>{0, 0, 1, 2, 0, 0, 0, 3, 4, 5, 0, 0});
  y = ok(call("Pad", {x, i64({4}, {1, 2, 0, 2})}, {false, true}, {{"mode", str("wrap")}}, 19))
          .outputs[0];
  CHECK(y.shape == Shape{3, 7});  // rows: 1 (wrapped), 0, 1; columns: 1 2 | 0 1 2 | 0 1
  CHECK(values<float>(y) ==
        std::vector<float>{4, 5, 3, 4, 5, 3, 4, 1, 2, 0, 1, 2, 0, 1, 4, 5, 3, 4, 5, 3, 4});
  CHECK(has(call("Pad", {x, i64({4}, {0, 1, 0, 1})}, {false, true}, {{"mode", str("wrap")}}, 18),
            "wrap is defined from opset 19 on"));
  CHECK(has(
      call("Pad", {x, i64({2}, {1, 1}), kNone, i64({1}, {0})}, {false, true, false, true}, {}, 17),
      "the axes input is defined from opset 18 on"));
  CHECK(has(call("Pad", {x, i64({4}, {1, 1, 1, 1}), kNone, i64({1}, {0})},
                 {false, true, false, true}, {}, 18),
            "must have 2 x 1 values for axes [0]"));
  CHECK(has(
      call("Pad", {x, i64({2}, {1, 1}), kNone, i64({1}, {0})}, {false, true, false, false}, {}, 18),
      "depends on input values"));
}

TEST_CASE("Resize-18 axes and keep_aspect_ratio_policy, Resize-19 half_pixel_symmetric") {
  Tensor x = f32({1, 1, 2, 4}, iota_f(8));
  // Sizes for axes [3, 2] only: width 8, height 2 (nearest, asymmetric: column o reads o / 2).
  Tensor y = ok(call("Resize", {x, kNone, kNone, i64({2}, {8, 2})}, {false, false, false, true},
                     {{"axes", ints({3, -2})},
                      {"coordinate_transformation_mode", str("asymmetric")},
                      {"nearest_mode", str("floor")}},
                     18))
                 .outputs[0];
  CHECK(y.shape == Shape{1, 1, 2, 8});
  CHECK(values<float>(y) == std::vector<float>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7});
  // not_larger: sizes [4, 4] for axes [2, 3] -> scale min(4/2, 4/4) = 1; not_smaller: 2.
  auto policy = [&](const char* p) {
    return ok(call("Resize", {x, kNone, kNone, i64({2}, {4, 4})}, {false, false, false, true},
                   {{"axes", ints({2, 3})}, {"keep_aspect_ratio_policy", str(p)}}, 18))
        .outputs[0]
        .shape;
  };
  CHECK(policy("not_larger") == Shape{1, 1, 2, 4});
  CHECK(policy("not_smaller") == Shape{1, 1, 4, 8});
  CHECK(policy("stretch") == Shape{1, 1, 4, 4});
  // half_pixel_symmetric: 1 x 5 -> scale 0.5 gives 2 outputs (2.5 floored); adjustment 2 / 2.5
  // shifts the samples by 2.5 * 0.2 = 0.5: x_original = 0.5 + (o + 0.5) * 2 - 0.5 = 1, 3.
  Tensor row = f32({1, 5}, {0, 10, 20, 30, 40});
  y = ok(call("Resize", {row, kNone, f32({2}, {1, 0.5f})}, {false, false, true},
              {{"mode", str("linear")},
               {"coordinate_transformation_mode", str("half_pixel_symmetric")}},
              19))
          .outputs[0];
  REQUIRE(y.shape == Shape{1, 2});
  CHECK(values<float>(y)[0] == doctest::Approx(10.0f));
  CHECK(values<float>(y)[1] == doctest::Approx(30.0f));
  CHECK(has(call("Resize", {row, kNone, f32({2}, {1, 0.5f})}, {false, false, true},
                 {{"coordinate_transformation_mode", str("half_pixel_symmetric")}}, 18),
            "'half_pixel_symmetric' is not supported"));
  CHECK(has(
      call("Resize", {x, kNone, f32({1}, {2})}, {false, false, true}, {{"axes", ints({2, 3})}}, 18),
      "scales has 1 values but axes [2,3] names 2"));
}

TEST_CASE("AveragePool-19 dilations: taps apart, padding skipped, scalar and SIMD agree") {
  std::vector<float> v(16);
  std::iota(v.begin(), v.end(), 0.0f);
  Tensor x = f32({1, 1, 4, 4}, v);
  Tensor y = ok(call("AveragePool", {x}, {},
                     {{"kernel_shape", ints({2, 2})}, {"dilations", ints({2, 2})}}, 19))
                 .outputs[0];
  CHECK(y.shape == Shape{1, 1, 2, 2});
  CHECK(values<float>(y) == std::vector<float>{5, 6, 9, 10});
  // pads 1: the window at (0, 0) reads rows -1, 1 and columns -1, 1: only x[1][1] = 5 is inside;
  // count_include_pad counts the 4 taps in the padded input.
  for (int include : {0, 1}) {
    y = ok(call("AveragePool", {x}, {},
                {{"kernel_shape", ints({2, 2})},
                 {"dilations", ints({2, 2})},
                 {"pads", ints({1, 1, 1, 1})},
                 {"count_include_pad", int1(include)}},
                19))
            .outputs[0];
    CHECK(y.shape == Shape{1, 1, 4, 4});
    CHECK(values<float>(y)[0] == (include ? 5.0f / 4.0f : 5.0f));
  }
  CHECK(has(call("AveragePool", {x}, {},
                 {{"kernel_shape", ints({2, 2})},
                  {"dilations", ints({2, 2})},
                  {"auto_pad", str("SAME_UPPER")}},
                 19),
            "auto_pad SAME_UPPER with dilations [2,2] is not supported"));
  Tensor big = f32({2, 3, 9, 11}, std::vector<float>(594, 0.0f));
  for (size_t i = 0; i < 594; ++i) reinterpret_cast<float*>(big.bytes.data())[i] = 0.37f * i - 9;
  std::map<std::string, Attribute> attrs = {{"kernel_shape", ints({3, 2})},
                                            {"dilations", ints({2, 3})},
                                            {"strides", ints({1, 2})},
                                            {"pads", ints({2, 1, 1, 2})}};
  OpCall c;
  c.op_type = "AveragePool";
  c.opset = 19;
  c.inputs = {big};
  c.attributes = attrs;
  OpResult simd = run_op(c);
  c.scalar_kernels = true;
  OpResult scalar = run_op(c);
  REQUIRE(simd.ok());
  REQUIRE(scalar.ok());
  CHECK(simd.outputs[0].bytes == scalar.outputs[0].bytes);
}

TEST_CASE("Cast to the 8-bit float and 4-bit types of opsets 19 and 21 is refused by name") {
  for (int64_t to : {17, 19, 22}) {
    OpResult r = call("Cast", {f32({2}, {1, 2})}, {}, {{"to", int1(to)}}, 21);
    CHECK(has(r, "(the 8-bit float types of opset 19 and 4-bit types of opset 21 are not)"));
  }
  CHECK(has(call("Cast", {f32({2}, {1, 2})}, {}, {{"to", int1(21)}}, 21), "to=UINT4 (21)"));
  CHECK(has(call("Cast", {f32({2}, {1, 2})}, {}, {{"to", int1(17)}, {"saturate", int1(0)}}, 19),
            "to=FLOAT8E4M3FN (17)"));
}
