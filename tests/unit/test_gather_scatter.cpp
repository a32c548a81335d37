// GatherND (batch_dims), ScatterElements (reductions) and the deprecated Scatter, and the checks
// every gather shares (check_gather_inputs): values against hand-worked results, negative
// indices, int32 indices, out-of-range indices refused at plan time or harmless at run time.
#include <doctest/doctest.h>

#include <numeric>

#include "op_runner.h"

using namespace wnn;
using namespace wnn::test;

namespace {

Tensor i32(Shape shape, const std::vector<int32_t>& v) {
  return tensor_of<int32_t>(DType::kInt32, std::move(shape), v);
}

}  // namespace

TEST_CASE("Gather, GatherElements and GatherND refuse the same inputs with the same words") {
  Tensor x = f32({2, 2}, {1, 2, 3, 4});
  for (const char* op : {"Gather", "GatherElements", "GatherND"}) {
    INFO(op);
    CHECK(has(error_of(call(op, {x, f32({1, 1}, {0})})),
              "indices must be int64 or int32; they are float32"));
    CHECK(has(error_of(call(op, {f32({}, {1}), i64({1}, {0})})),
              "cannot gather from a scalar (rank 0 data)"));
  }
}

TEST_CASE("GatherND: elements, slices, batch_dims, negative and int32 indices") {
  // ONNX's examples.
  Tensor x = i64({2, 2}, {0, 1, 2, 3});
  Tensor y = only(call("GatherND", {x, i64({2, 2}, {0, 0, 1, 1})}, {}, {}, 11));
  CHECK(y.shape == Shape{2});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{0, 3});
  y = only(call("GatherND", {x, i64({2, 1}, {1, 0})}));
  CHECK(y.shape == Shape{2, 2});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{2, 3, 0, 1});
  Tensor x3 = f32({2, 2, 2}, iota_f(8));
  y = only(call("GatherND", {x3, i64({2, 1, 2}, {0, 1, 1, 0})}));
  CHECK(y.shape == Shape{2, 1, 2});
  CHECK(values<float>(y) == std::vector<float>{2, 3, 4, 5});
  y = only(call("GatherND", {x3, i32({2, 1}, {1, 0})}, {}, {{"batch_dims", int1(1)}}));
  CHECK(y.shape == Shape{2, 2});
  CHECK(values<float>(y) == std::vector<float>{2, 3, 4, 5});
  y = only(call("GatherND", {x3, i64({2, 2}, {-1, 0, 0, -1})}, {}, {{"batch_dims", int1(1)}}));
  CHECK(values<float>(y) == std::vector<float>{2, 5});
  // Out of range: refused when known while planning, a slice of zeros at run time.
  CHECK(has(error_of(call("GatherND", {x3, i64({1, 2}, {0, 2})}, {false, true})),
            "index 2 is out of range for axis 1 of size 2"));
  y = only(call("GatherND", {x3, i64({2, 2}, {0, 2, 1, -1})}));
  CHECK(values<float>(y) == std::vector<float>{0, 0, 6, 7});
  CHECK(has(error_of(call("GatherND", {x3, i64({2, 4}, {0, 0, 0, 0, 0, 0, 0, 0})})),
            "must have rank above batch_dims 0 and end in an axis of length 1 to 3"));
  CHECK(has(error_of(call("GatherND", {x3, i64({3, 1}, {0, 0, 0})}, {}, {{"batch_dims", int1(1)}})),
            "axes of data [2,2,2] and indices [3,1] must agree"));
  CHECK(
      has(error_of(call("GatherND", {x3, i64({2, 1}, {0, 0})}, {}, {{"batch_dims", int1(1)}}, 11)),
          "batch_dims is defined from opset 12"));
}

TEST_CASE("ScatterElements: both axes, negative indices, reductions, out of range; Scatter") {
  Tensor data = f32({3, 3}, std::vector<float>(9, 0));
  // ONNX's example: axis 0.
  Tensor y = only(
      call("ScatterElements",
           {data, i64({2, 3}, {1, 0, 2, 0, 2, 1}), f32({2, 3}, {1, 1.1f, 1.2f, 2, 2.1f, 2.2f})}, {},
           {}, 11));
  CHECK(values<float>(y) == std::vector<float>{2, 1.1f, 0, 1, 0, 2.2f, 0, 2.1f, 1.2f});
  Tensor row = f32({1, 5}, {1, 2, 3, 4, 5});
  Tensor upd = f32({1, 2}, {1.1f, 2.1f});
  y = only(call("ScatterElements", {row, i64({1, 2}, {1, -2}), upd}, {}, {{"axis", int1(1)}}));
  CHECK(values<float>(y) == std::vector<float>{1, 1.1f, 3, 2.1f, 5});
  // The deprecated Scatter (opsets 9-10) is the same op.
  y = only(call("Scatter", {row, i32({1, 2}, {1, 3}), upd}, {}, {{"axis", int1(1)}}, 10));
  CHECK(values<float>(y) == std::vector<float>{1, 1.1f, 3, 2.1f, 5});
  Tensor dup = i64({1, 2}, {1, 1});
  Tensor exact = f32({1, 2}, {1.5f, 2.5f});  // sums and products exact in float
  auto reduce = [&](const char* r, int64_t opset) {
    return values<float>(only(call("ScatterElements", {row, dup, exact}, {},
                                   {{"axis", int1(1)}, {"reduction", str(r)}}, opset)));
  };
  CHECK(reduce("add", 16) == std::vector<float>{1, 6, 3, 4, 5});
  CHECK(reduce("mul", 16)[1] == 7.5f);
  CHECK(reduce("max", 18)[1] == 2.5f);
  CHECK(reduce("min", 18)[1] == 1.5f);
  CHECK(has(error_of(call("ScatterElements", {row, dup, upd}, {}, {{"reduction", str("add")}}, 13)),
            "reduction 'add' is not defined at this opset"));
  CHECK(
      has(error_of(call("ScatterElements", {row, dup, f32({2}, {1, 2})})), "must have one shape"));
  CHECK(has(error_of(call("ScatterElements", {row, i64({1, 1}, {5}), f32({1, 1}, {0})},
                          {false, true, false}, {{"axis", int1(1)}})),
            "index 5 is out of range for axis 1 of size 5"));
  // Unknown at plan time and out of range at run time: skipped, never a write outside the data.
  y = only(call("ScatterElements", {row, i64({1, 2}, {9, 0}), upd}, {}, {{"axis", int1(1)}}));
  CHECK(values<float>(y) == std::vector<float>{2.1f, 2, 3, 4, 5});
  // int64 data, as in shape subgraphs.
  y = only(call("ScatterElements", {i64({3}, {1, 2, 3}), i64({1}, {2}), i64({1}, {7})}));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{1, 2, 7});
}
