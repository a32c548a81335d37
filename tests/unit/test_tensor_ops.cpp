// The tensor ops of issue 11: DepthToSpace (DCR, CRD), SpaceToDepth, Range, GatherElements,
// ScatterND (reductions), Trilu, OneHot, NonZero, Size and Einsum: values against hand-worked
// results, their edge cases (empty ranges, negative indices, k beyond the matrix, scalars) and
// the errors for what is refused.
#include <doctest/doctest.h>

#include <numeric>

#include "graph_builder.h"
#include "op_runner.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;
using namespace wnn::test;

namespace {

}  // namespace

TEST_CASE("DepthToSpace DCR and CRD, SpaceToDepth inverts DCR, on float and int64") {
  // ONNX's DepthToSpace examples: x = 0..23 as 1 x 8 x 1 x 3 (well, 1 x 8 x 2 x 3 below).
  Tensor x = f32({1, 8, 2, 3}, iota_f(48));
  Tensor dcr = only(call("DepthToSpace", {x}, {}, {{"blocksize", int1(2)}}));
  CHECK(dcr.shape == Shape{1, 2, 4, 6});
  CHECK(values<float>(dcr) == std::vector<float>{0, 12, 1,  13, 2,  14, 24, 36, 25, 37, 26, 38,
                                                 3, 15, 4,  16, 5,  17, 27, 39, 28, 40, 29, 41,
                                                 6, 18, 7,  19, 8,  20, 30, 42, 31, 43, 32, 44,
                                                 9, 21, 10, 22, 11, 23, 33, 45, 34, 46, 35, 47});
  Tensor crd = only(call("DepthToSpace", {x}, {}, {{"blocksize", int1(2)}, {"mode", str("CRD")}}));
  CHECK(values<float>(crd) == std::vector<float>{0,  6,  1,  7,  2,  8,  12, 18, 13, 19, 14, 20,
                                                 3,  9,  4,  10, 5,  11, 15, 21, 16, 22, 17, 23,
                                                 24, 30, 25, 31, 26, 32, 36, 42, 37, 43, 38, 44,
                                                 27, 33, 28, 34, 29, 35, 39, 45, 40, 46, 41, 47});
  Tensor back = only(call("SpaceToDepth", {dcr}, {}, {{"blocksize", int1(2)}}));
  CHECK(back.shape == x.shape);
  CHECK(values<float>(back) == values<float>(x));
  std::vector<int64_t> iv(16);
  std::iota(iv.begin(), iv.end(), 0);
  Tensor s2d = only(call("SpaceToDepth", {i64({1, 1, 4, 4}, iv)}, {}, {{"blocksize", int1(2)}}));
  CHECK(s2d.shape == Shape{1, 4, 2, 2});
  CHECK(values<int64_t>(s2d) ==
        std::vector<int64_t>{0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15});
  CHECK(has(error_of(call("DepthToSpace", {x}, {}, {{"blocksize", int1(3)}})),
            "must be a multiple of blocksize^2 = 9"));
  CHECK(has(
      error_of(call("SpaceToDepth", {f32({1, 1, 3, 4}, iota_f(12))}, {}, {{"blocksize", int1(2)}})),
      "must be multiples of blocksize 2"));
  CHECK(has(error_of(call("DepthToSpace", {x}, {}, {{"blocksize", int1(2)}, {"mode", str("X")}})),
            "mode 'X' is not one of DCR and CRD"));
  CHECK(has(error_of(call("DepthToSpace", {x})), "blocksize attribute is missing"));
  CHECK(has(
      error_of(call("DepthToSpace", {f32({8, 2, 3}, iota_f(48))}, {}, {{"blocksize", int1(2)}})),
      "must be 4-D"));
}

TEST_CASE("Range: float, int64 and int32, empty and negative steps, plan-time values only") {
  auto range = [](Tensor s, Tensor l, Tensor d, bool known = true) {
    return call("Range", {s, l, d}, {known, known, known}, {}, 11);
  };
  Tensor y = only(range(f32({}, {1}), f32({}, {2}), f32({}, {0.25f})));
  CHECK(y.shape == Shape{4});
  CHECK(values<float>(y) == std::vector<float>{1, 1.25f, 1.5f, 1.75f});
  y = only(range(i64({}, {10}), i64({}, {1}), i64({}, {-3})));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{10, 7, 4});
  y = only(range(tensor_of<int32_t>(DType::kInt32, {}, {0}),
                 tensor_of<int32_t>(DType::kInt32, {}, {5}),
                 tensor_of<int32_t>(DType::kInt32, {}, {2})));
  CHECK(y.dtype == DType::kInt32);
  CHECK(values<int32_t>(y) == std::vector<int32_t>{0, 2, 4});
  y = only(range(i64({}, {5}), i64({}, {1}), i64({}, {1})));  // limit behind start: empty
  CHECK(y.shape == Shape{0});
  CHECK(has(error_of(range(i64({}, {0}), i64({}, {1}), i64({}, {0}))), "delta is 0"));
  CHECK(has(error_of(range(i64({}, {0}), i64({}, {4}), i64({}, {1}), false)),
            "depends on input values"));
  CHECK(has(error_of(range(i64({}, {0}), f32({}, {4}), i64({}, {1}))),
            "must be scalars of one type"));
}

TEST_CASE("GatherElements: both axes, negative indices, int32 indices, out-of-range at plan") {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor y = only(call("GatherElements", {x, i64({2, 2}, {0, 0, 1, 0})}, {}, {}, 13));
  CHECK(y.shape == Shape{2, 2});  // axis 0: y[i][j] = x[idx[i][j]][j]
  CHECK(values<float>(y) == std::vector<float>{1, 2, 4, 2});
  y = only(call("GatherElements", {x, i64({2, 2}, {2, -3, 1, -1})}, {}, {{"axis", int1(1)}}));
  CHECK(values<float>(y) == std::vector<float>{3, 1, 5, 6});
  y = only(call("GatherElements",
                {i64({3}, {7, 8, 9}), tensor_of<int32_t>(DType::kInt32, {4}, {2, 2, 0, 1})}));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{9, 9, 7, 8});
  CHECK(has(error_of(call("GatherElements", {x, i64({1, 1}, {3})}, {false, true})),
            "index 3 is out of range for axis 0 of size 2"));
  CHECK(has(error_of(call("GatherElements", {x, i64({2}, {0, 1})})), "must have the rank"));
  // Unknown at plan time and out of range at run time: zeros, never a read outside the data.
  y = only(call("GatherElements", {x, i64({1, 2}, {5, 0})}));
  CHECK(values<float>(y) == std::vector<float>{0, 2});
}

TEST_CASE("ScatterND: slices and elements, reductions add/mul (16) and max/min (18)") {
  Tensor data = f32({4, 2}, iota_f(8));
  Tensor y = only(
      call("ScatterND", {data, i64({2, 1}, {3, -4}), f32({2, 2}, {10, 11, 12, 13})}, {}, {}, 13));
  CHECK(values<float>(y) == std::vector<float>{12, 13, 2, 3, 4, 5, 10, 11});
  Tensor el = i64({3, 2}, {0, 1, 2, 0, 0, 1});
  Tensor upd = f32({3}, {5, 6, 7});
  y = only(call("ScatterND", {data, el, upd}, {}, {{"reduction", str("add")}}, 16));
  CHECK(values<float>(y) == std::vector<float>{0, 13, 2, 3, 10, 5, 6, 7});
  y = only(call("ScatterND", {data, el, upd}, {}, {{"reduction", str("mul")}}, 16));
  CHECK(values<float>(y) == std::vector<float>{0, 35, 2, 3, 24, 5, 6, 7});
  y = only(call("ScatterND", {data, el, upd}, {}, {{"reduction", str("max")}}, 18));
  CHECK(values<float>(y) == std::vector<float>{0, 7, 2, 3, 6, 5, 6, 7});
  y = only(call("ScatterND", {data, el, upd}, {}, {{"reduction", str("min")}}, 18));
  CHECK(values<float>(y) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
  y = only(call("ScatterND", {data, i64({1, 2}, {1, 1}), f32({1}, {-1})}));  // none: last wins
  CHECK(values<float>(y)[3] == -1);
  CHECK(has(error_of(call("ScatterND", {data, el, upd}, {}, {{"reduction", str("max")}}, 16)),
            "reduction 'max' is not defined at this opset"));
  CHECK(has(error_of(call("ScatterND", {data, el, f32({2}, {1, 2})})), "updates [2] must have"));
  CHECK(has(error_of(call("ScatterND", {data, i64({1, 1}, {4}), f32({1, 2}, {1, 2})},
                          {false, true, false})),
            "index 4 is out of range for axis 0 of size 4"));
  // int64 data (shape subgraphs) with reduction none
  y = only(call("ScatterND", {i64({3}, {1, 2, 3}), i64({1, 1}, {1}), i64({1}, {9})}));
  CHECK(values<int64_t>(y) == std::vector<int64_t>{1, 9, 3});
}

TEST_CASE("Trilu: upper and lower, k from the input, k beyond the matrix, batches") {
  Tensor x = f32({2, 2, 3}, iota_f(12, 1));
  Tensor y = only(call("Trilu", {x}, {}, {}, 14));
  CHECK(values<float>(y) == std::vector<float>{1, 2, 3, 0, 5, 6, 7, 8, 9, 0, 11, 12});
  y = only(call("Trilu", {x, i64({}, {1})}, {}, {{"upper", int1(0)}}, 14));
  CHECK(values<float>(y) == std::vector<float>{1, 2, 0, 4, 5, 6, 7, 8, 0, 10, 11, 12});
  y = only(call("Trilu", {x, i64({}, {-1})}, {}, {}, 14));
  CHECK(values<float>(y) == values<float>(x));
  y = only(call("Trilu", {x, i64({}, {5})}, {}, {}, 14));
  CHECK(values<float>(y) == std::vector<float>(12, 0));
  y = only(call("Trilu", {x, i64({}, {-5})}, {}, {{"upper", int1(0)}}, 14));
  CHECK(values<float>(y) == std::vector<float>(12, 0));
  CHECK(has(error_of(call("Trilu", {f32({3}, {1, 2, 3})}, {}, {}, 14)), "rank 2 or more"));
  CHECK(has(error_of(call("Trilu", {x, f32({}, {1})}, {}, {}, 14)), "must be an int64 scalar"));
}

TEST_CASE("OneHot: axis, negative indices, float indices, values' type, depth at plan time") {
  Tensor idx = i64({3}, {0, -1, 5});
  Tensor y = only(call("OneHot", {idx, i64({}, {3}), f32({2}, {0, 1})}, {false, true}, {}, 11));
  CHECK(y.shape == Shape{3, 3});
  CHECK(values<float>(y) == std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0});
  y = only(call("OneHot", {f32({2}, {1.7f, 0}), f32({}, {2}), i64({2}, {-1, 7})}, {false, true},
                {{"axis", int1(0)}}, 11));
  CHECK(y.dtype == DType::kInt64);
  CHECK(y.shape == Shape{2, 2});  // y[d][i]
  CHECK(values<int64_t>(y) == std::vector<int64_t>{-1, 7, 7, -1});
  CHECK(has(error_of(call("OneHot", {idx, i64({}, {3}), f32({2}, {0, 1})}, {}, {}, 11)),
            "depends on input values"));
  CHECK(
      has(error_of(call("OneHot", {idx, i64({}, {3}), f32({3}, {0, 1, 2})}, {false, true}, {}, 11)),
          "[off, on]"));
  CHECK(has(error_of(call("OneHot", {idx, i64({}, {3}), f32({2}, {0, 1})}, {false, true},
                          {{"axis", int1(2)}}, 11)),
            "axis 2 is out of range"));
}

TEST_CASE("NonZero folds when its input is known, and is refused when it is not") {
  Tensor x = i64({2, 3}, {0, 4, 0, 1, 0, 2});
  Tensor y = only(call("NonZero", {x}, {true}));
  CHECK(y.shape == Shape{2, 3});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{0, 1, 1, 1, 0, 2});
  y = only(call("NonZero", {f32({3}, {0, 0, 0})}, {true}));
  CHECK(y.shape == Shape{1, 0});
  y = only(call("NonZero", {f32({}, {2})}, {true}));
  CHECK(y.shape == Shape{1, 1});
  CHECK(has(error_of(call("NonZero", {x})), "its output shape depends on the input values"));
}

TEST_CASE("Size is known at plan time: int64 scalar, 0 for an empty tensor") {
  Tensor y = only(call("Size", {f32({2, 3, 4}, iota_f(24))}));
  CHECK(y.dtype == DType::kInt64);
  CHECK(y.shape == Shape{});
  CHECK(values<int64_t>(y) == std::vector<int64_t>{24});
  CHECK(values<int64_t>(only(call("Size", {f32({2, 0}, {})})))[0] == 0);
}

TEST_CASE("Einsum: matmul, batched, transpose, attention scores, outer, sums, trace") {
  auto einsum = [](const std::string& eq, std::vector<Tensor> in) {
    return call("Einsum", std::move(in), {}, {{"equation", str(eq)}}, 12);
  };
  Tensor a = f32({2, 3}, iota_f(6, 1)), b = f32({3, 2}, iota_f(6, 1));
  CHECK(values<float>(only(einsum("ij,jk->ik", {a, b}))) == std::vector<float>{22, 28, 49, 64});
  CHECK(values<float>(only(einsum("ij,jk", {a, b}))) == std::vector<float>{22, 28, 49, 64});
  Tensor t = only(einsum("ij->ji", {a}));
  CHECK(t.shape == Shape{3, 2});
  CHECK(values<float>(t) == std::vector<float>{1, 4, 2, 5, 3, 6});
  CHECK(values<float>(only(einsum("ji", {a}))) == std::vector<float>{1, 4, 2, 5, 3, 6});
  Tensor ba = f32({2, 1, 2}, {1, 2, 3, 4}), bb = f32({2, 2, 1}, {1, 1, 2, 2});
  CHECK(values<float>(only(einsum("bij,bjk->bik", {ba, bb}))) == std::vector<float>{3, 14});
  Tensor q = f32({1, 1, 2, 2}, {1, 0, 0, 1}), k = f32({1, 1, 3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor s = only(einsum("bhqd,bhkd->bhqk", {q, k}));
  CHECK(s.shape == Shape{1, 1, 2, 3});
  CHECK(values<float>(s) == std::vector<float>{1, 3, 5, 2, 4, 6});
  CHECK(values<float>(only(einsum("i,j->ij", {f32({2}, {1, 2}), f32({2}, {3, 4})}))) ==
        std::vector<float>{3, 4, 6, 8});
  CHECK(values<float>(only(einsum("ij->i", {a}))) == std::vector<float>{6, 15});
  CHECK(values<float>(only(einsum("ij->", {a}))) == std::vector<float>{21});
  CHECK(values<float>(only(einsum("ii", {f32({2, 2}, {1, 2, 3, 4})}))) == std::vector<float>{5});
  CHECK(has(error_of(einsum("...ij,...jk->...ik", {a, b})),
            "equation '...ij,...jk->...ik' is not supported: ellipses"));
  CHECK(has(error_of(einsum("ij,jk,kl->il", {a, b, b})), "three or more operands"));
  CHECK(has(error_of(einsum("ij,jk->ik", {a, a})), "letter 'j' of 'ij,jk->ik' has sizes 3 and 2"));
  CHECK(has(error_of(einsum("ijk->i", {a})), "names 3 axes"));
  CHECK(
      has(error_of(einsum("ij,jk->ik", {a, i64({3, 2}, {1, 2, 3, 4, 5, 6})})), "runs on float32"));
}

TEST_CASE("Einsum splits its outputs over threads: 1 and 3 threads give the same bits") {
  if (!ThreadPool::supported()) return;
  GraphBuilder b;
  b.input("q", DType::kFloat32, {2, 4, 33, 16}).input("k", DType::kFloat32, {2, 4, 40, 16});
  b.node("Einsum", {"q", "k"}, {"s"}, {{"equation", str("bhqd,bhkd->bhqk")}}).output("s");
  b.g.opset = 12;
  const std::vector<Tensor> in = {f32({2, 4, 33, 16}, random_floats(2 * 4 * 33 * 16, 1)),
                                  f32({2, 4, 40, 16}, random_floats(2 * 4 * 40 * 16, 2))};
  std::vector<uint8_t> first;
  for (size_t threads : {1, 3}) {
    SessionOptions options;
    options.threads = threads;
    auto r = run_graph(b.g, in, options);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    CHECK(r.value()[0].shape == Shape{2, 4, 33, 40});
    if (threads == 1)
      first = r.value()[0].bytes;
    else
      CHECK(r.value()[0].bytes == first);
  }
}
