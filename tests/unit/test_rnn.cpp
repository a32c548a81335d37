// RNN (the plain Elman cell): each activation per direction against a direct evaluation of
//   H(t) = f(clip(X(t) W^T + H(t-1) R^T + Wb + Rb)),
// sequence lengths, and the refusal of an activation wasmnn lacks.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "graph_builder.h"

using namespace wnn;
using test::f32;

namespace {

Attribute strings(std::vector<std::string> v) {
  Attribute a;
  a.kind = Attribute::Kind::kStrings;
  a.strings = std::move(v);
  return a;
}

float apply(const std::string& f, float v) {
  if (f == "Relu") return std::max(v, 0.0f);
  if (f == "Sigmoid") return 1.0f / (1.0f + std::exp(-v));
  return std::tanh(v);
}

}  // namespace

TEST_CASE("RNN: bidirectional Relu/Sigmoid, clip, sequence lengths and initial state") {
  const int64_t T = 3, B = 2, I = 3, H = 4, D = 2;
  const std::vector<std::string> acts = {"Relu", "Sigmoid"};
  const float clip = 1.5f;
  const std::vector<float> x = test::random_floats(T * B * I, 1),
                           w = test::random_floats(D * H * I, 2),
                           r = test::random_floats(D * H * H, 3),
                           b = test::random_floats(D * 2 * H, 4),
                           h0 = test::random_floats(D * B * H, 5);
  const std::vector<int32_t> lens = {3, 2};
  test::GraphBuilder gb(14);
  gb.input("X", DType::kFloat32, {T, B, I}).input("h0", DType::kFloat32, {D, B, H});
  gb.init("W", f32({D, H, I}, w)).init("R", f32({D, H, H}, r)).init("B", f32({D, 2 * H}, b));
  gb.init("L", test::tensor_of(DType::kInt32, {B}, lens));
  gb.node("RNN", {"X", "W", "R", "B", "L", "h0"}, {"Y", "Yh"},
          {{"hidden_size", test::int1(H)},
           {"direction", test::str("bidirectional")},
           {"activations", strings(acts)},
           {"clip", test::flt(clip)}});
  gb.output("Y").output("Yh");
  Expected<std::vector<Tensor>> out =
      test::run_graph(gb.g, {f32({T, B, I}, x), f32({D, B, H}, h0)});
  REQUIRE(out.ok());
  const std::vector<float> y = test::values<float>(out.value()[0]);
  const std::vector<float> yh = test::values<float>(out.value()[1]);
  REQUIRE(y.size() == static_cast<size_t>(T * D * B * H));
  for (int64_t d = 0; d < D; ++d) {
    for (int64_t bi = 0; bi < B; ++bi) {
      std::vector<float> h(h0.begin() + (d * B + bi) * H, h0.begin() + (d * B + bi + 1) * H);
      for (int64_t s = 0; s < lens[bi]; ++s) {
        const int64_t t = d == 0 ? s : lens[bi] - 1 - s;
        std::vector<float> next(H);
        for (int64_t j = 0; j < H; ++j) {
          double v = b[d * 2 * H + j] + b[d * 2 * H + H + j];
          for (int64_t k = 0; k < I; ++k) v += x[(t * B + bi) * I + k] * w[(d * H + j) * I + k];
          for (int64_t k = 0; k < H; ++k) v += h[k] * r[(d * H + j) * H + k];
          next[j] = apply(acts[d], std::min(std::max(static_cast<float>(v), -clip), clip));
        }
        h = next;
        for (int64_t j = 0; j < H; ++j)
          CHECK(y[((t * D + d) * B + bi) * H + j] == doctest::Approx(h[j]).epsilon(1e-5));
      }
      for (int64_t t = lens[bi]; t < T; ++t)  // past a row's length: zeros
        for (int64_t j = 0; j < H; ++j) CHECK(y[((t * D + d) * B + bi) * H + j] == 0.0f);
      for (int64_t j = 0; j < H; ++j)
        CHECK(yh[(d * B + bi) * H + j] == doctest::Approx(h[j]).epsilon(1e-5));
    }
  }
}

TEST_CASE("RNN: an activation wasmnn lacks is refused by name") {
  test::GraphBuilder gb(14);
  gb.input("X", DType::kFloat32, {1, 1, 2});
  gb.init("W", f32({1, 2, 2}, {1, 0, 0, 1})).init("R", f32({1, 2, 2}, {0, 0, 0, 0}));
  gb.node("RNN", {"X", "W", "R"}, {"Y"},
          {{"hidden_size", test::int1(2)}, {"activations", strings({"Softsign"})}});
  gb.output("Y");
  Expected<std::vector<Tensor>> out = test::run_graph(gb.g, {f32({1, 1, 2}, {1, 2})});
  REQUIRE(!out.ok());
  CHECK(out.status().message().find("activation 'Softsign' is not supported") != std::string::npos);
}
