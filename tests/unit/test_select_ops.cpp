// Ops that pick or place elements by position: Compress (by a plan-time condition, along an axis
// or flattened), ReverseSequence (both layouts, lengths from 0 to the whole sequence) and
// EyeLike (k, dtype): values against hand-worked results and the errors for what is refused.
#include <doctest/doctest.h>

#include <numeric>

#include "op_runner.h"

using namespace wnn;
using namespace wnn::test;

namespace {

Tensor bools(Shape shape, const std::vector<uint8_t>& v) {
  return tensor_of<uint8_t>(DType::kBool, std::move(shape), v);
}

}  // namespace

TEST_CASE("Compress: along an axis, negative axis, flattened, a short condition, refusals") {
  Tensor x = f32({3, 2}, iota_f(6, 1));
  Tensor y = only(call("Compress", {x, bools({3}, {0, 1, 1})}, {false, true}, {{"axis", int1(0)}}));
  CHECK(y.shape == Shape{2, 2});
  CHECK(values<float>(y) == std::vector<float>{3, 4, 5, 6});
  y = only(call("Compress", {x, bools({2}, {0, 1})}, {false, true}, {{"axis", int1(-1)}}, 11));
  CHECK(y.shape == Shape{3, 1});
  CHECK(values<float>(y) == std::vector<float>{2, 4, 6});
  y = only(call("Compress", {x, bools({5}, {0, 1, 0, 0, 1})}, {false, true}));  // flattened
  CHECK(y.shape == Shape{2});
  CHECK(values<float>(y) == std::vector<float>{2, 5});
  y = only(call("Compress", {x, bools({1}, {1})}, {false, true}, {{"axis", int1(1)}}));
  CHECK(y.shape == Shape{3, 1});  // slices past the condition's end are dropped
  CHECK(values<float>(y) == std::vector<float>{1, 3, 5});
  y = only(call("Compress", {i64({3}, {7, 8, 9}), bools({3}, {0, 0, 0})}, {false, true}));
  CHECK(y.shape == Shape{0});
  CHECK(has(error_of(call("Compress", {x, bools({3}, {0, 1, 1})}, {}, {{"axis", int1(0)}})),
            "depends on the condition's values"));
  CHECK(has(
      error_of(call("Compress", {x, bools({4}, {1, 1, 1, 1})}, {false, true}, {{"axis", int1(0)}})),
      "condition [4] is longer than axis 0 of size 3"));
  CHECK(
      has(error_of(call("Compress", {x, i64({3}, {1, 1, 1})}, {false, true}, {{"axis", int1(0)}})),
          "must be a 1-D bool tensor"));
  CHECK(has(
      error_of(call("Compress", {x, bools({2}, {1, 1})}, {false, true}, {{"axis", int1(-1)}}, 9)),
      "a negative axis is defined from opset 11"));
}

TEST_CASE("ReverseSequence: time-major and batch-major, lengths 0 to time, out of range") {
  // ONNX's examples: 4 x 4, lengths per batch entry.
  Tensor x = f32({4, 4}, iota_f(16));
  Tensor y = only(call("ReverseSequence", {x, i64({4}, {4, 3, 2, 1})}, {},
                       {{"time_axis", int1(0)}, {"batch_axis", int1(1)}}, 10));
  CHECK(values<float>(y) ==
        std::vector<float>{12, 9, 6, 3, 8, 5, 2, 7, 4, 1, 10, 11, 0, 13, 14, 15});
  y = only(call("ReverseSequence", {x, i64({4}, {1, 2, 3, 4})}, {},
                {{"time_axis", int1(1)}, {"batch_axis", int1(0)}}, 10));
  CHECK(values<float>(y) ==
        std::vector<float>{0, 1, 2, 3, 5, 4, 6, 7, 10, 9, 8, 11, 15, 14, 13, 12});
  // Trailing axes move whole; length 0 copies; int32 lengths.
  Tensor x3 = f32({3, 2, 2}, iota_f(12));
  y = only(
      call("ReverseSequence", {x3, tensor_of<int32_t>(DType::kInt32, {2}, {3, 0})}, {}, {}, 10));
  CHECK(values<float>(y) == std::vector<float>{8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11});
  CHECK(has(error_of(call("ReverseSequence", {x, i64({4}, {1, 5, 1, 1})}, {false, true}, {}, 10)),
            "sequence length 5 of batch entry 1 is outside [0, 4]"));
  // Out of range at run time: that entry's steps are zeros, never a read outside the input.
  y = only(call("ReverseSequence", {x, i64({4}, {1, 5, 1, 1})}, {}, {}, 10));
  CHECK(values<float>(y)[1] == 0);
  CHECK(values<float>(y)[13] == 0);
  CHECK(values<float>(y)[4] == 4);  // entry 0, length 1: unchanged
  CHECK(values<float>(y)[2] == 2);
  CHECK(has(error_of(call("ReverseSequence", {x, i64({3}, {1, 1, 1})}, {}, {}, 10)),
            "sequence_lens must be int64 (or int32) of shape [4]"));
  CHECK(has(error_of(call("ReverseSequence", {x, i64({4}, {1, 1, 1, 1})}, {},
                          {{"time_axis", int1(2)}}, 10)),
            "must be 1 and 0, or 0 and 1"));
}

TEST_CASE("EyeLike: k above and below, dtype from the attribute or the input, refusals") {
  Tensor x = tensor_of<int32_t>(DType::kInt32, {3, 4}, std::vector<int32_t>(12, 5));
  Tensor y = only(call("EyeLike", {x}, {}, {}, 9));
  CHECK(y.dtype == DType::kInt32);
  CHECK(values<int32_t>(y) == std::vector<int32_t>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  y = only(call("EyeLike", {x}, {}, {{"k", int1(2)}, {"dtype", int1(1)}}, 9));
  CHECK(y.dtype == DType::kFloat32);
  CHECK(values<float>(y) == std::vector<float>{0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0});
  y = only(call("EyeLike", {x}, {}, {{"k", int1(-1)}, {"dtype", int1(7)}}, 9));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0});
  y = only(call("EyeLike", {x}, {}, {{"k", int1(9)}, {"dtype", int1(9)}}, 9));
  CHECK(values<uint8_t>(y) == std::vector<uint8_t>(12, 0));
  CHECK(has(error_of(call("EyeLike", {x}, {}, {{"dtype", int1(11)}}, 9)),
            "dtype 11 (an ONNX data type) is not supported"));
  CHECK(has(error_of(call("EyeLike", {f32({4}, iota_f(4))}, {}, {}, 9)), "must be 2-D"));
}
