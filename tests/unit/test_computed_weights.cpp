// Gemm and Conv with computed weights (graph inputs here; in models a DequantizeLinear's output
// or a Transpose that was not folded): packed per run, they give the bits of the constant path,
// for every transA / transB / alpha / beta and C layout, grouped, depthwise and 1-D convs.
#include <doctest/doctest.h>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

struct Operand {
  std::string name;
  Tensor value;
  bool constant;
};

// One node over graph input "x" and `operands` (initializers or graph inputs), optionally
// followed by a Relu (which fuses into Gemm and Conv).
Expected<Tensor> run_node(const std::string& op, const Tensor& x, const std::vector<Operand>& ops,
                          std::map<std::string, Attribute> attrs, bool relu = false,
                          bool scalar = false) {
  test::GraphBuilder gb;
  gb.input("x", DType::kFloat32, x.shape);
  std::vector<Tensor> inputs = {x};
  std::vector<std::string> names = {"x"};
  for (const Operand& o : ops) {
    names.push_back(o.name);
    if (o.name.empty()) continue;
    if (o.constant) {
      gb.init(o.name, o.value);
    } else {
      gb.input(o.name, o.value.dtype, o.value.shape);
      inputs.push_back(o.value);
    }
  }
  gb.node(op, names, {relu ? "t" : "y"}, std::move(attrs));
  if (relu) gb.node("Relu", {"t"}, {"y"});
  gb.output("y");
  SessionOptions options;
  options.scalar_kernels = scalar;
  Expected<std::vector<Tensor>> out = test::run_graph(gb.g, inputs, options);
  if (!out.ok()) return out.status();
  return out.value()[0];
}

Tensor random_tensor(const Shape& s, uint32_t seed) {
  return test::f32(s, test::random_floats(static_cast<size_t>(shape_elements(s)), seed));
}

}  // namespace

TEST_CASE("Gemm with computed B and C: the constant path's bits for transA, transB, alpha, beta") {
  const int64_t M = 5, K = 7, N = 11;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (const Shape& cs : {Shape{N}, Shape{M, N}, Shape{M, 1}, Shape{}, Shape{1, 1}, Shape{0}}) {
        CAPTURE(ta);
        CAPTURE(tb);
        CAPTURE(shape_string(cs));
        const bool has_c = cs != Shape{0};
        const Tensor a = random_tensor(ta ? Shape{K, M} : Shape{M, K}, 1);
        const Tensor b = random_tensor(tb ? Shape{N, K} : Shape{K, N}, 2);
        const Tensor c = random_tensor(has_c ? cs : Shape{}, 3);
        const std::map<std::string, Attribute> attrs = {{"transA", test::int1(ta)},
                                                        {"transB", test::int1(tb)},
                                                        {"alpha", test::flt(0.75f)},
                                                        {"beta", test::flt(-1.5f)}};
        // The definition, in the kernels' order: alpha folded into B, beta * C added after.
        const auto av = test::values<float>(a), bv = test::values<float>(b),
                   cv = test::values<float>(c);
        std::vector<float> want(M * N);
        for (int64_t m = 0; m < M; ++m)
          for (int64_t n = 0; n < N; ++n) {
            float acc = 0.0f;
            for (int64_t k = 0; k < K; ++k)
              acc += av[ta ? k * M + m : m * K + k] * (0.75f * bv[tb ? n * K + k : k * N + n]);
            if (has_c) {
              const size_t ci = cs.size() == 2 && cs[0] == M    ? (cs[1] == N ? m * N + n : m)
                                : !cs.empty() && cs.back() == N ? n
                                                                : 0;
              acc += -1.5f * cv[ci];
            }
            want[m * N + n] = std::max(acc, 0.0f);
          }
        for (int path = 0; path < 4; ++path) {  // B, C: constant/constant ... computed/computed
          CAPTURE(path);
          std::vector<Operand> ops = {{"b", b, (path & 1) == 0}};
          if (has_c) ops.push_back({"c", c, (path & 2) == 0});
          for (bool scalar : {true, false}) {
            Expected<Tensor> y = run_node("Gemm", a, ops, attrs, true, scalar);
            REQUIRE_MESSAGE(y.ok(), y.status().message());
            CHECK(test::values<float>(y.value()) == want);
          }
        }
      }
}

TEST_CASE("Gemm refuses a computed B or C of the wrong shape, naming it") {
  const Tensor a = random_tensor({2, 3}, 1);
  Expected<Tensor> y = run_node("Gemm", a, {{"b", random_tensor({3, 4, 1}, 2), false}}, {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("B ('b') must be a float32 matrix; it is float32 [3,4,1]") !=
        std::string::npos);
  y = run_node("Gemm", a, {{"b", random_tensor({4, 4}, 2), false}}, {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("expected a matrix with 4 columns") != std::string::npos);
  y = run_node("Gemm", a,
               {{"b", random_tensor({3, 4}, 2), false}, {"c", random_tensor({3, 4}, 3), false}},
               {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("C of shape [3,4] does not broadcast to [M, N] = [2,4]") !=
        std::string::npos);
  y = run_node("Gemm", a,
               {{"b", random_tensor({3, 4}, 2), false}, {"c", random_tensor({3}, 3), false}}, {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("C is float32 [3]; it must be float32 and broadcast") !=
        std::string::npos);
}

TEST_CASE("Conv with computed weights and bias gives the constant path's bits") {
  struct Case {
    Shape x, w;
    int64_t group;
    std::map<std::string, Attribute> attrs;
  };
  const std::vector<Case> cases = {
      {{2, 4, 9, 8}, {6, 2, 3, 2}, 2, {{"pads", test::ints({1, 0, 2, 1})}}},
      {{1, 3, 7, 7},
       {5, 3, 3, 3},
       1,
       {{"strides", test::ints({2, 1})}, {"dilations", test::ints({1, 2})}}},
      {{1, 4, 8, 8}, {4, 1, 3, 3}, 4, {{"auto_pad", test::str("SAME_UPPER")}}},  // depthwise
      {{2, 3, 12}, {4, 3, 5}, 1, {{"strides", test::ints({2})}, {"pads", test::ints({2, 1})}}},
      {{1, 2, 6, 6}, {3, 2, 2, 2}, 1, {{"kernel_shape", test::ints({2, 2})}}},
  };
  for (const Case& c : cases) {
    CAPTURE(shape_string(c.w));
    std::map<std::string, Attribute> attrs = c.attrs;
    attrs["group"] = test::int1(c.group);
    const Tensor x = random_tensor(c.x, 1), w = random_tensor(c.w, 2);
    const Tensor b = random_tensor({c.w[0]}, 3);
    for (bool relu : {false, true}) {
      Expected<Tensor> want = run_node("Conv", x, {{"w", w, true}, {"b", b, true}}, attrs, relu);
      REQUIRE_MESSAGE(want.ok(), want.status().message());
      for (int path = 1; path < 4; ++path) {
        CAPTURE(path);
        Expected<Tensor> y = run_node(
            "Conv", x, {{"w", w, (path & 1) == 0}, {"b", b, (path & 2) == 0}}, attrs, relu);
        REQUIRE_MESSAGE(y.ok(), y.status().message());
        CHECK(y.value().shape == want.value().shape);
        CHECK(y.value().bytes == want.value().bytes);
      }
      // No bias.
      Expected<Tensor> nb = run_node("Conv", x, {{"w", w, true}}, attrs, relu);
      Expected<Tensor> nbc = run_node("Conv", x, {{"w", w, false}}, attrs, relu);
      REQUIRE(nb.ok());
      REQUIRE_MESSAGE(nbc.ok(), nbc.status().message());
      CHECK(nb.value().bytes == nbc.value().bytes);
    }
  }
}

TEST_CASE("Conv refuses computed weights that do not fit, naming them") {
  const Tensor x = random_tensor({1, 4, 6, 6}, 1);
  Expected<Tensor> y = run_node("Conv", x, {{"w", random_tensor({2, 4, 1, 1, 1}, 2), false}}, {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("weights ('w') of shape [2,4,1,1,1] are not supported") !=
        std::string::npos);
  y = run_node("Conv", x, {{"w", random_tensor({3, 2, 1, 1}, 2), false}},
               {{"group", test::int1(2)}});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("group 2 does not divide the 3 output channels") !=
        std::string::npos);
  y = run_node("Conv", x, {{"w", random_tensor({3, 4, 2, 2}, 2), false}},
               {{"kernel_shape", test::ints({3, 3})}});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("kernel_shape does not match the weights [3,4,2,2]") !=
        std::string::npos);
  y = run_node("Conv", x, {{"w", random_tensor({3, 4, 2, 2}, 2), false}},
               {{"strides", test::ints({2})}});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("the attributes do not fit the 2-D weights [3,4,2,2]: strides "
                                  "[2], dilations [1,1] and pads [0,0,0,0] do not match") !=
        std::string::npos);
  y = run_node("Conv", x,
               {{"w", random_tensor({3, 4, 2, 2}, 2), false}, {"b", random_tensor({2}, 3), false}},
               {});
  REQUIRE(!y.ok());
  CHECK(y.status().message().find("the bias ('b') is float32 [2]; expected [3] float32") !=
        std::string::npos);
}
