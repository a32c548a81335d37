// Shapes from an untrusted model: dims, repeats, pads, steps, scales and window attributes whose
// arithmetic overflows int64, and tensors larger than the session's memory limit. Each used to
// wrap into a small shape that planned and ran, or to abort on a failed allocation; each is now
// refused while planning with a message (minimized from fuzzer finds).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "graph_builder.h"

using namespace wnn;
using namespace wnn::test;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// The error of loading the graph and planning it for input x of `x_shape`.
std::string plan_error(const Graph& g, Shape x_shape, SessionOptions options = {}) {
  auto s = Session::create(Graph(g), options);
  if (!s.ok()) return s.status().message();
  Status st = s.value()->prepare({x_shape});
  REQUIRE(!st.ok());
  return st.message();
}

// x (float, [2,2] unless given) -> op(x, <initializer c>) -> y
Graph with_constant(const std::string& op, Tensor c, Shape x_shape = {2, 2}) {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, std::move(x_shape));
  b.init("c", std::move(c));
  b.node(op, {"x", "c"}, {"y"}).output("y");
  return b.g;
}

}  // namespace

TEST_CASE("checked shape arithmetic refuses what overflows int64") {
  CHECK(checked_mul(int64_t{1} << 32, int64_t{1} << 32) == std::nullopt);
  CHECK(checked_mul(int64_t{1} << 31, int64_t{1} << 31) == (int64_t{1} << 62));
  CHECK(checked_add(kMax, 1) == std::nullopt);
  CHECK(checked_elements({int64_t{1} << 32, int64_t{1} << 32}) == std::nullopt);
  CHECK(checked_elements({int64_t{1} << 32, int64_t{1} << 32, 0}) == 0);
  CHECK(checked_elements({2, -1}) == std::nullopt);
  CHECK(checked_elements({}) == 1);
  CHECK(checked_dim(1e30) == std::nullopt);
  CHECK(checked_dim(std::numeric_limits<double>::quiet_NaN()) == std::nullopt);
  CHECK(checked_dim(12.7) == 12);
}

TEST_CASE("Expand to [2^32, 2^32] is refused, not wrapped to 0 elements") {
  const Tensor huge = i64({2}, {int64_t{1} << 32, int64_t{1} << 32});
  const std::string m = plan_error(with_constant("Expand", huge, {1, 1}), {1, 1});
  CHECK(has(
      m, "Expand node 'Expand_0' (opset 13): output 0 would have shape [4294967296,4294967296]"));
  CHECK(has(m, "more elements than a 64-bit count holds"));
}

TEST_CASE("a Range longer than the memory limit is refused before its values are made") {
  // A fuzzer find: start 0x98000006, limit 6, delta -3 (int64) while folding constants, 850
  // million values, 6.8 GB, were allocated and written at load time.
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.init("s", i64({}, {0x98000006}));
  b.init("l", i64({}, {6}));
  b.init("d", i64({}, {-3}));
  b.node("Range", {"s", "l", "d"}, {"r"});
  b.node("Shape", {"x"}, {"sx"});
  b.node("Concat", {"r", "sx"}, {"y"}, {{"axis", int1(0)}});
  b.output("y");
  auto s = Session::create(Graph(b.g), {});
  REQUIRE_FALSE(s.ok());
  const std::string m = s.status().message();
  CHECK(has(m, "Range node"));
  CHECK(has(m, "output 0 would have shape [850045611]"));
  CHECK(has(m, "memory_limit_bytes"));
}

TEST_CASE("Tile, Reshape and Pad whose dims overflow are refused") {
  CHECK(has(plan_error(with_constant("Tile", i64({2}, {kMax, 2})), {2, 2}),
            "repeats [9223372036854775807,2] of input [2,2] overflow 64-bit arithmetic"));
  CHECK(has(plan_error(with_constant("Reshape", i64({3}, {-1, int64_t{1} << 40, int64_t{1} << 40})),
                       {2, 2}),
            "has more elements than a 64-bit count holds"));
  CHECK(has(plan_error(with_constant("Pad", i64({4}, {0, kMax, 0, kMax})), {2, 2}),
            "overflow 64-bit arithmetic"));
  // Pads that fit int64 but not memory are refused before the per-index maps are built.
  CHECK(has(plan_error(with_constant("Pad", i64({4}, {0, int64_t{1} << 40, 0, 0})), {2, 2}),
            "over the memory limit"));
}

TEST_CASE(
    "Tile to an empty output whose other dims multiply past int64 plans and gives nothing (fuzz: "
    "UB)") {
  // A fuzzer's model: repeats [2, 3, 2^42, 0]. The zero dim makes the output empty, so the size
  // checks let it through, and the plain element count then overflowed (signed overflow, UB).
  CHECK(shape_elements({int64_t{1} << 40, int64_t{1} << 40, 0}) == 0);
  auto s =
      Session::create(with_constant("Tile", i64({4}, {2, 3, int64_t{1} << 42, 0}), {3, 2, 1, 1}));
  REQUIRE(s.ok());
  REQUIRE(s.value()->prepare({{3, 2, 1, 1}}).ok());
  REQUIRE(s.value()->run().ok());
  CHECK(s.value()->output_shape(0) == Shape{6, 6, int64_t{1} << 42, 0});
}

TEST_CASE("Slice with steps near INT64_MIN and INT64_MAX takes one element") {
  for (int64_t step : {kMax, kMin}) {
    CAPTURE(step);
    GraphBuilder b(13);
    b.input("x", DType::kFloat32, {4});
    b.init("starts", i64({1}, {step > 0 ? 1 : 2}));
    b.init("ends", i64({1}, {step > 0 ? kMax : kMin}));
    b.init("axes", i64({1}, {0}));
    b.init("steps", i64({1}, {step}));
    b.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"}).output("y");
    auto out = run_graph(b.g, {f32({4}, {10, 11, 12, 13})});
    REQUIRE_MESSAGE(out.ok(), out.status().message());
    CHECK(out.value()[0].shape == Shape{1});
    CHECK(out.value()[0].f32()[0] == (step > 0 ? 11.0f : 12.0f));
  }
}

TEST_CASE("conv and pool windows whose geometry overflows are refused") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {1, 1, 4, 4});
  b.init("w", f32({1, 1, 2, 2}, {1, 1, 1, 1}));
  b.node("Conv", {"x", "w"}, {"y"}, {{"dilations", ints({kMax, 1})}}).output("y");
  CHECK(has(plan_error(b.g, {1, 1, 4, 4}), "overflows 64-bit arithmetic"));
  GraphBuilder p(13);
  p.input("x", DType::kFloat32, {1, 1, 4, 4});
  p.node("MaxPool", {"x"}, {"y"},
         {{"kernel_shape", ints({2, 2})}, {"pads", ints({kMax, 0, kMax, 0})}})
      .output("y");
  CHECK(has(plan_error(p.g, {1, 1, 4, 4}), "overflows 64-bit arithmetic"));
  // A stride near INT64_MAX is fine: one window.
  GraphBuilder s(13);
  s.input("x", DType::kFloat32, {1, 1, 4, 4});
  s.node("MaxPool", {"x"}, {"y"}, {{"kernel_shape", ints({2, 2})}, {"strides", ints({kMax, kMax})}})
      .output("y");
  auto out = run_graph(s.g, {f32({1, 1, 4, 4}, iota_f(16))});
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  CHECK(out.value()[0].shape == Shape{1, 1, 1, 1});
  CHECK(out.value()[0].f32()[0] == 5.0f);
}

TEST_CASE("Resize whose scale x dim does not fit, or whose output passes the limit, is refused") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {1, 1, 2, 2});
  b.init("scales", f32({4}, {1, 1, 1e30f, 1}));
  b.node("Resize", {"x", "", "scales"}, {"y"}).output("y");
  CHECK(has(plan_error(b.g, {1, 1, 2, 2}),
            "scale 1e+30 on axis 2 of size 2 gives an output length that does not fit 64 bits"));
  // Huge sizes: refused before the per-index tables are built (they took 9-11 GB).
  GraphBuilder c(13);
  c.input("x", DType::kFloat32, {1, 1, 2, 2});
  c.init("sizes", i64({4}, {1, 1, int64_t{1} << 20, int64_t{1} << 20}));
  c.node("Resize", {"x", "", "", "sizes"}, {"y"}).output("y");
  CHECK(has(plan_error(c.g, {1, 1, 2, 2}), "over the memory limit"));
}

TEST_CASE("ConstantOfShape larger than the memory limit is refused when folding, not allocated") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2});
  b.init("shape", i64({2}, {int64_t{1} << 20, int64_t{1} << 20}));
  b.node("ConstantOfShape", {"shape"}, {"big"});
  b.node("Shape", {"big"}, {"s"});
  b.node("Add", {"x", "x"}, {"y"});
  b.output("y").output("s");
  auto s = Session::create(Graph(b.g));
  REQUIRE(!s.ok());
  CHECK(has(s.status().message(),
            "ConstantOfShape node 'ConstantOfShape_0': output 0 ('big') would have shape "
            "[1048576,1048576] (4398046511104 bytes of float32), over the memory limit of"));
}

TEST_CASE("SessionOptions.memory_limit_bytes caps each tensor and the arena") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {-1});
  b.node("Relu", {"x"}, {"a"});
  b.node("Relu", {"a"}, {"y"}).output("y");
  SessionOptions small;
  small.memory_limit_bytes = 64 * 1024;
  auto s = Session::create(Graph(b.g), small);
  REQUIRE(s.ok());
  CHECK(s.value()->prepare({{1024}}).ok());  // 4 KiB each
  CHECK(has(s.value()->prepare({{1 << 20}}).message(),
            "input 'x' would have shape [1048576] (4194304 bytes of float32), over the memory "
            "limit of 65536 bytes"));
  // Each tensor fits, both alive at once do not.
  CHECK(has(s.value()->prepare({{12 * 1024}}).message(),
            "needs an arena of 98304 bytes, over the memory limit of 65536 bytes"));
  CHECK(s.value()->prepare({{16}}).ok());  // and the session still plans afterwards
}

TEST_CASE("graph input shapes whose element count overflows are refused") {
  GraphBuilder b(13);
  b.input("x", DType::kFloat32, {-1, -1});
  b.node("Relu", {"x"}, {"y"}).output("y");
  auto s = Session::create(Graph(b.g));
  REQUIRE(s.ok());
  CHECK(has(s.value()->prepare({{int64_t{1} << 32, int64_t{1} << 32}}).message(),
            "more elements than a 64-bit count holds"));
}
