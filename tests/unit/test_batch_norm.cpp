// BatchNormalization standalone (parameters known at plan time or only at run time; SIMD128 ==
// scalar bit for bit) and folded into the Conv before it at load: the folded model stays within
// 1e-5 relative of the unfolded one, and the fold only happens when it is safe.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "graph_builder.h"
#include "test_util.h"
#include "wnn/graph/passes/fold_batch_norm.h"
#include "wnn/kernels/batch_norm.h"

using namespace wnn;
using namespace wnn::test;

namespace {

struct BnParams {
  std::vector<float> gamma, beta, mean, var;
};

BnParams random_params(size_t c, uint32_t seed) {
  BnParams p;
  p.gamma = random_floats(c, seed, 0.5f, 1.5f);
  p.beta = random_floats(c, seed + 1, -0.5f, 0.5f);
  p.mean = random_floats(c, seed + 2, -1.0f, 1.0f);
  p.var = random_floats(c, seed + 3, 0.2f, 2.0f);
  return p;
}

void add_bn_params(GraphBuilder& b, const BnParams& p) {
  const int64_t c = static_cast<int64_t>(p.gamma.size());
  b.init("gamma", f32({c}, p.gamma)).init("beta", f32({c}, p.beta));
  b.init("mean", f32({c}, p.mean)).init("var", f32({c}, p.var));
}

// Conv 3x3 (pads 1, with or without bias) -> BatchNormalization [-> Relu].
Graph conv_bn_graph(int64_t cin, int64_t cout, bool bias, bool relu, const BnParams& p) {
  GraphBuilder b;
  b.input("x", DType::kFloat32, {-1, cin, 6, 7});
  b.init("w", f32({cout, cin, 3, 3}, random_floats(cout * cin * 9, 21)));
  std::vector<std::string> conv_in = {"x", "w"};
  if (bias) {
    b.init("b", f32({cout}, random_floats(cout, 22)));
    conv_in.push_back("b");
  }
  add_bn_params(b, p);
  b.node("Conv", conv_in, {"c"}, {{"pads", ints({1, 1, 1, 1})}});
  b.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {relu ? "bn" : "y"},
         {{"epsilon", flt(1e-3f)}});
  if (relu) b.node("Relu", {"bn"}, {"y"});
  b.output("y");
  return b.g;
}

// max |a - b| over max |b|: the error relative to the tensor's scale.
double relative_error(const std::vector<float>& a, const std::vector<float>& b) {
  double err = 0, scale = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    err = std::max(err, std::fabs(static_cast<double>(a[i]) - b[i]));
    scale = std::max(scale, std::fabs(static_cast<double>(b[i])));
  }
  return err / scale;
}

}  // namespace

TEST_CASE("BatchNormalization matches the definition, parameters known or not at plan time") {
  const int64_t n = 2, c = 3, h = 4, w = 5;
  const BnParams p = random_params(c, 1);
  const auto x = random_floats(n * c * h * w, 9, -2.0f, 2.0f);
  std::vector<double> want(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t ch = i / (h * w) % c;
    want[i] = (x[i] - p.mean[ch]) / std::sqrt(static_cast<double>(p.var[ch]) + 1e-5) * p.gamma[ch] +
              p.beta[ch];
  }
  for (bool known : {true, false}) {
    GraphBuilder b;
    b.input("x", DType::kFloat32, {n, c, h, w});
    std::vector<Tensor> inputs = {f32({n, c, h, w}, x)};
    if (known) {
      add_bn_params(b, p);
    } else {
      for (const char* name : {"gamma", "beta", "mean", "var"}) b.input(name, DType::kFloat32, {c});
      inputs.push_back(f32({c}, p.gamma));
      inputs.push_back(f32({c}, p.beta));
      inputs.push_back(f32({c}, p.mean));
      inputs.push_back(f32({c}, p.var));
    }
    b.node("BatchNormalization", {"x", "gamma", "beta", "mean", "var"}, {"y"}).output("y");
    auto r = run_graph(b.g, inputs);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    const auto y = values<float>(r.value()[0]);
    for (size_t i = 0; i < y.size(); ++i) CHECK(y[i] == doctest::Approx(want[i]).epsilon(1e-5));
  }
}

TEST_CASE("BatchNormalization rejects training mode and spatial=0") {
  for (auto [opset, attr] :
       {std::pair<int64_t, const char*>{15, "training_mode"}, {7, "spatial"}}) {
    GraphBuilder b(opset);
    b.input("x", DType::kFloat32, {1, 2, 2, 2});
    add_bn_params(b, random_params(2, 3));
    b.node("BatchNormalization", {"x", "gamma", "beta", "mean", "var"}, {"y"},
           {{attr, int1(std::string(attr) == "spatial" ? 0 : 1)}});
    b.output("y");
    auto r = run_graph(b.g, {f32({1, 2, 2, 2}, std::vector<float>(8, 1.0f))});
    REQUIRE(!r.ok());
    CHECK(r.status().message().find(std::string(attr) + (opset == 15 ? "=1" : "=0")) !=
          std::string::npos);
  }
}

TEST_CASE("Conv -> BatchNormalization folds at load, within 1e-5 relative of the unfolded model") {
  const BnParams p = random_params(4, 5);
  for (bool bias : {true, false}) {
    for (bool relu : {false, true}) {
      CAPTURE(bias);
      CAPTURE(relu);
      Graph g = conv_bn_graph(3, 4, bias, relu, p);
      Graph folded_graph = g;
      CHECK(fold_batch_norm(folded_graph) == 1);
      for (const Node& n : folded_graph.nodes) CHECK(n.op_type != "BatchNormalization");
      CHECK(!folded_graph.initializer("w"));  // the unfolded weights are dropped
      const Tensor x = f32({2, 3, 6, 7}, random_floats(2 * 3 * 6 * 7, 23, -1.0f, 1.0f));
      SessionOptions unfolded;
      unfolded.fold_batch_norm = false;
      auto a = run_graph(g, {x});
      auto b = run_graph(g, {x}, unfolded);
      REQUIRE_MESSAGE(a.ok(), a.status().message());
      REQUIRE_MESSAGE(b.ok(), b.status().message());
      const double err = relative_error(values<float>(a.value()[0]), values<float>(b.value()[0]));
      MESSAGE("folded vs unfolded, relative error " << err);
      CHECK(err <= 1e-5);
    }
  }
}

TEST_CASE("no fold when the Conv output has another consumer or the parameters are inputs") {
  const BnParams p = random_params(4, 7);
  Graph g = conv_bn_graph(3, 4, true, false, p);
  ValueInfo extra;
  extra.name = "c";  // the Conv output is also a graph output
  g.outputs.push_back(extra);
  CHECK(fold_batch_norm(g) == 0);

  Graph h = conv_bn_graph(3, 4, true, false, p);
  h.initializers.erase("var");
  ValueInfo var;
  var.name = "var";
  var.dtype = DType::kFloat32;
  var.shape = {4};
  var.dim_names = {""};
  h.inputs.push_back(var);
  CHECK(fold_batch_norm(h) == 0);

  // A weight shared by two Convs keeps its name for the other one.
  Graph s = conv_bn_graph(3, 4, true, false, p);
  Node other;
  other.op_type = "Conv";
  other.name = "other";
  other.inputs = {"x", "w"};
  other.outputs = {"z"};
  other.attributes["pads"] = ints({1, 1, 1, 1});
  s.nodes.push_back(other);
  ValueInfo z;
  z.name = "z";
  s.outputs.push_back(z);
  CHECK(fold_batch_norm(s) == 1);
  CHECK(s.initializer("w"));
}

#if defined(__wasm_simd128__)
TEST_CASE("SIMD128 batch normalization is bitwise equal to scalar") {
  for (size_t plane : {1u, 3u, 4u, 17u, 49u}) {
    const size_t n = 2, c = 5;
    const auto x = random_floats(n * c * plane, static_cast<uint32_t>(plane), -3.0f, 3.0f);
    const auto mean = random_floats(c, 1), scale = random_floats(c, 2), bias = random_floats(c, 3);
    const kernels::ChannelNorm p{mean.data(), scale.data(), bias.data()};
    std::vector<float> a(x.size()), b(x.size());
    kernels::f32_batch_norm__scalar(x.data(), n, c, plane, p, a.data());
    kernels::f32_batch_norm__wasmsimd(x.data(), n, c, plane, p, b.data());
    CHECK(std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
  }
}
#endif
