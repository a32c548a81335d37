// LayerNormalization, InstanceNormalization, MeanVarianceNormalization and LRN against their
// definitions computed in double; the row-normalization kernels bitwise equal between SIMD128 and
// scalar (and for every split of rows into tasks); the errors for what they refuse.
#include <doctest/doctest.h>

#include <cmath>

#include "graph_builder.h"
#include "op_runner.h"
#include "test_util.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/runtime/thread_pool.h"

using namespace wnn;
using namespace wnn::test;

namespace {

// Reference layer normalization of rows x n (double), scale/bias per position.
std::vector<double> layer_norm_ref(const std::vector<float>& x, size_t rows, size_t n,
                                   const std::vector<float>& s, const std::vector<float>& b,
                                   double eps, std::vector<double>* mean_out = nullptr,
                                   std::vector<double>* inv_out = nullptr) {
  std::vector<double> y(x.size());
  for (size_t r = 0; r < rows; ++r) {
    double m = 0, v = 0;
    for (size_t i = 0; i < n; ++i) m += x[r * n + i];
    m /= n;
    for (size_t i = 0; i < n; ++i) v += (x[r * n + i] - m) * (x[r * n + i] - m);
    v /= n;
    const double inv = 1 / std::sqrt(v + eps);
    for (size_t i = 0; i < n; ++i)
      y[r * n + i] = (x[r * n + i] - m) * inv * s[i % s.size()] + (b.empty() ? 0 : b[i % b.size()]);
    if (mean_out) mean_out->push_back(m);
    if (inv_out) inv_out->push_back(inv);
  }
  return y;
}

void check_close(const std::vector<float>& got, const std::vector<double>& want, double tol) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i)
    CHECK(std::fabs(got[i] - want[i]) <= tol * (1 + std::fabs(want[i])));
}

OpCall layer_norm_call(Shape x_shape, int64_t axis, bool bias, size_t outputs, uint32_t seed) {
  OpCall c;
  c.op_type = "LayerNormalization";
  c.opset = 17;
  const int64_t rank = static_cast<int64_t>(x_shape.size());
  const int64_t a = axis < 0 ? axis + rank : axis;
  const Shape norm(x_shape.begin() + a, x_shape.end());
  c.inputs.push_back(f32(x_shape, random_floats(shape_elements(x_shape), seed, -3, 3)));
  c.inputs.push_back(f32(norm, random_floats(shape_elements(norm), seed + 1)));
  if (bias) c.inputs.push_back(f32(norm, random_floats(shape_elements(norm), seed + 2)));
  c.attributes["axis"] = int1(axis);
  c.outputs = outputs;
  return c;
}

}  // namespace

TEST_CASE("LayerNormalization: every axis, with and without B, Mean and InvStdDev outputs") {
  const Shape x{2, 3, 5, 7};
  for (int64_t axis = -4; axis < 4; ++axis)
    for (bool bias : {false, true}) {
      CAPTURE(axis);
      CAPTURE(bias);
      OpCall c = layer_norm_call(x, axis, bias, 3, 10 + static_cast<uint32_t>(axis + 4));
      const int64_t a = axis < 0 ? axis + 4 : axis;
      size_t rows = 1;
      for (int64_t d = 0; d < a; ++d) rows *= x[d];
      const size_t n = shape_elements(x) / rows;
      std::vector<double> mean, inv;
      const auto want = layer_norm_ref(
          values<float>(c.inputs[0]), rows, n, values<float>(c.inputs[1]),
          bias ? values<float>(c.inputs[2]) : std::vector<float>{}, 1e-5, &mean, &inv);
      OpResult r = run_op(c);
      REQUIRE(r.ok());
      REQUIRE(r.outputs.size() == 3);
      CHECK(r.outputs[0].shape == x);
      Shape stats = x;
      for (int64_t d = a; d < 4; ++d) stats[d] = 1;
      CHECK(r.outputs[1].shape == stats);
      CHECK(r.outputs[2].shape == stats);
      check_close(values<float>(r.outputs[0]), want, 1e-5);
      check_close(values<float>(r.outputs[1]), mean, 1e-5);
      check_close(values<float>(r.outputs[2]), inv, 1e-5);
    }
}

TEST_CASE("LayerNormalization: epsilon, constant rows, a single Scale value, empty rows") {
  // A constant row has variance 0: y = B exactly, and InvStdDev = 1 / sqrt(epsilon).
  OpCall c;
  c.op_type = "LayerNormalization";
  c.opset = 17;
  c.inputs = {f32({2, 3}, {4, 4, 4, 1, 2, 3}), f32({1}, {2.0f}), f32({3}, {0.5f, -1, 0})};
  c.attributes["epsilon"] = flt(0.25f);
  c.outputs = 3;
  OpResult r = run_op(c);
  REQUIRE(r.ok());
  const auto y = values<float>(r.outputs[0]);
  CHECK(y[0] == 0.5f);
  CHECK(y[1] == -1.0f);
  CHECK(y[2] == 0.0f);
  CHECK(values<float>(r.outputs[2])[0] == 2.0f);  // 1 / sqrt(0 + 0.25)
  const double inv = 1 / std::sqrt(2.0 / 3 + 0.25);
  CHECK(y[3] == doctest::Approx(-1 * inv * 2 + 0.5).epsilon(1e-6));
  CHECK(y[5] == doctest::Approx(1 * inv * 2).epsilon(1e-6));
  CHECK(values<float>(r.outputs[1])[1] == 2.0f);

  // Zero rows: nothing to compute; the shapes still come out.
  OpCall e = layer_norm_call({0, 4}, -1, true, 1, 3);
  r = run_op(e);
  REQUIRE(r.ok());
  CHECK(r.outputs[0].shape == Shape{0, 4});
}

TEST_CASE("LayerNormalization refuses what it cannot compute") {
  OpCall c = layer_norm_call({2, 3}, -1, false, 1, 5);
  c.attributes["stash_type"] = int1(0);
  OpResult r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("stash_type=0 is not supported") != std::string::npos);

  c = layer_norm_call({2, 3}, 2, false, 1, 5);
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axis 2 is out of range for rank 2") != std::string::npos);

  c = layer_norm_call({2, 3}, -1, false, 1, 5);
  c.inputs[1] = f32({2}, {1, 1});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "LayerNormalization node 'node0' (opset 17): Scale ('in1') is float32 [2]; wasmnn takes "
        "float32 of the normalized shape [3] or a single value");

  c.inputs[1] = i64({3}, {1, 1, 1});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("Scale ('in1') is int64 [3]") != std::string::npos);

  c = layer_norm_call({2, 3}, -1, false, 1, 5);
  c.inputs[0] = i64({2, 3}, {1, 2, 3, 4, 5, 6});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("int64") != std::string::npos);

  c = layer_norm_call({2, 3}, -1, false, 1, 5);
  c.opset = 16;
  r = run_op(c);  // run_op does not check opsets; the Session does
  CHECK(r.ok());
}

TEST_CASE("InstanceNormalization: each (n, c) plane, scale and B per channel") {
  const Shape x{2, 3, 4, 5};
  OpCall c;
  c.op_type = "InstanceNormalization";
  c.inputs = {f32(x, random_floats(120, 7, -2, 2)), f32({3}, {0.5f, 1.5f, -1}),
              f32({3}, {0.25f, 0, -0.5f})};
  c.attributes["epsilon"] = flt(1e-3f);
  OpResult r = run_op(c);
  REQUIRE(r.ok());
  const auto xv = values<float>(c.inputs[0]);
  std::vector<double> want;
  for (size_t plane = 0; plane < 6; ++plane) {
    const std::vector<float> row(xv.begin() + plane * 20, xv.begin() + plane * 20 + 20);
    const float s = values<float>(c.inputs[1])[plane % 3],
                b = values<float>(c.inputs[2])[plane % 3];
    const auto y = layer_norm_ref(row, 1, 20, {s}, {b}, 1e-3);
    want.insert(want.end(), y.begin(), y.end());
  }
  check_close(values<float>(r.outputs[0]), want, 1e-5);

  c.inputs[1] = f32({2}, {1, 1});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "InstanceNormalization node 'node0' (opset 13): scale ('in1') must be float32 [3] for "
        "input [2,3,4,5]; it is float32 [2]");
  c.inputs = {f32({3}, {1, 2, 3}), f32({1}, {1}), f32({1}, {0})};
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("expected N x C x D1 x ... (rank 2 or more)") != std::string::npos);
}

TEST_CASE("MeanVarianceNormalization: default axes [0, 2, 3], chosen axes, refusals") {
  const Shape x{2, 3, 2, 2};
  const auto xv = random_floats(24, 11, -2, 2);
  OpCall c;
  c.op_type = "MeanVarianceNormalization";
  c.inputs = {f32(x, xv)};
  OpResult r = run_op(c);
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  // Channel ch gathers n in {0, 1} x 4 pixels: offsets n * 12 + ch * 4 + p.
  std::vector<double> want(24);
  for (size_t ch = 0; ch < 3; ++ch) {
    double m = 0, v = 0;
    for (size_t n = 0; n < 2; ++n)
      for (size_t p = 0; p < 4; ++p) m += xv[n * 12 + ch * 4 + p];
    m /= 8;
    for (size_t n = 0; n < 2; ++n)
      for (size_t p = 0; p < 4; ++p) v += std::pow(xv[n * 12 + ch * 4 + p] - m, 2);
    const double sd = std::sqrt(v / 8) + 1e-9;
    for (size_t n = 0; n < 2; ++n)
      for (size_t p = 0; p < 4; ++p) want[n * 12 + ch * 4 + p] = (xv[n * 12 + ch * 4 + p] - m) / sd;
  }
  check_close(values<float>(r.outputs[0]), want, 1e-6);
  // axes [-1]: rows of 2, like a LayerNormalization without epsilon inside the root.
  c.attributes["axes"] = ints({-1});
  r = run_op(c);
  REQUIRE(r.ok());
  const auto y = values<float>(r.outputs[0]);
  for (size_t i = 0; i < 24; i += 2) {
    CHECK(y[i] == doctest::Approx(xv[i] > xv[i + 1] ? 1.0 : -1.0).epsilon(1e-6));
    CHECK(y[i] == -y[i + 1]);
  }
  c.attributes["axes"] = ints({4});
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axes") != std::string::npos);
}

TEST_CASE("LRN: the channel window, odd and even sizes, clipped at the edges") {
  const Shape x{1, 5, 2, 1};
  const auto xv = random_floats(10, 3, -2, 2);
  for (int64_t size : {1, 2, 3, 4, 5, 7}) {
    CAPTURE(size);
    OpCall c;
    c.op_type = "LRN";
    c.inputs = {f32(x, xv)};
    c.attributes = {
        {"size", int1(size)}, {"alpha", flt(0.5f)}, {"beta", flt(0.75f)}, {"bias", flt(2.0f)}};
    OpResult r = run_op(c);
    REQUIRE(r.ok());
    std::vector<double> want;
    for (int64_t ch = 0; ch < 5; ++ch)
      for (int64_t p = 0; p < 2; ++p) {
        double sum = 0;
        for (int64_t k = ch - (size - 1) / 2; k <= ch + size / 2; ++k)
          if (k >= 0 && k < 5) sum += double(xv[k * 2 + p]) * xv[k * 2 + p];
        want.push_back(xv[ch * 2 + p] / std::pow(2.0 + 0.5 / size * sum, 0.75));
      }
    check_close(values<float>(r.outputs[0]), want, 1e-5);
  }
  OpCall c;
  c.op_type = "LRN";
  c.inputs = {f32(x, xv)};
  OpResult r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message() ==
        "LRN node 'node0' (opset 13): the size attribute (channels summed over) is missing");
  c.attributes["size"] = int1(0);
  r = run_op(c);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("size must be 1 or more; it is 0") != std::string::npos);
}

TEST_CASE("Row normalization kernels: SIMD128 == scalar bit for bit, any split of rows") {
  const kernels::KernelConfig& simd = kernels::default_kernels();
  const kernels::KernelConfig& scalar = kernels::scalar_kernels();
  for (size_t n : {1, 2, 3, 4, 5, 7, 8, 13, 64, 67, 1000}) {
    CAPTURE(n);
    const size_t rows = 5;
    const auto x = random_floats(rows * n, static_cast<uint32_t>(n), -4, 4);
    const auto s = random_floats(n, 100 + static_cast<uint32_t>(n));
    const auto b = random_floats(n, 200 + static_cast<uint32_t>(n));
    std::vector<float> y1(rows * n), y2(rows * n), m1(rows), m2(rows), i1(rows), i2(rows);
    scalar.row_norm.layer(0, rows, n,
                          {x.data(), s.data(), b.data(), 1e-5f, y1.data(), m1.data(), i1.data()});
    // SIMD kernel, rows in three tasks.
    for (auto [begin, end] : {std::pair<size_t, size_t>{0, 2}, {2, 3}, {3, 5}})
      simd.row_norm.layer(begin, end, n,
                          {x.data(), s.data(), b.data(), 1e-5f, y2.data(), m2.data(), i2.data()});
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * 4) == 0);
    CHECK(std::memcmp(m1.data(), m2.data(), rows * 4) == 0);
    CHECK(std::memcmp(i1.data(), i2.data(), rows * 4) == 0);
    scalar.row_norm.layer(0, rows, n,
                          {x.data(), s.data(), nullptr, 1e-5f, y1.data(), nullptr, nullptr});
    simd.row_norm.layer(0, rows, n,
                        {x.data(), s.data(), nullptr, 1e-5f, y2.data(), nullptr, nullptr});
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * 4) == 0);

    scalar.row_norm.instance(0, rows, n, {x.data(), s.data(), b.data(), 1, 1e-3f, y1.data()});
    simd.row_norm.instance(0, 1, n, {x.data(), s.data(), b.data(), 1, 1e-3f, y2.data()});
    simd.row_norm.instance(1, rows, n, {x.data(), s.data(), b.data(), 1, 1e-3f, y2.data()});
    CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * 4) == 0);
  }
}

TEST_CASE("LayerNormalization, InstanceNormalization and TopK give the same bits at 1-3 threads") {
  if (!ThreadPool::supported()) return;  // the single-threaded wasm build
  auto build = [] {
    GraphBuilder b(17);
    b.input("x", DType::kFloat32, {4, 64, 256});
    b.init("s", f32({256}, random_floats(256, 1))).init("b", f32({256}, random_floats(256, 2)));
    b.init("cs", f32({64}, random_floats(64, 3))).init("cb", f32({64}, random_floats(64, 4)));
    b.init("k", i64({1}, {5}));
    b.node("LayerNormalization", {"x", "s", "b"}, {"ln"});
    b.node("InstanceNormalization", {"ln", "cs", "cb"}, {"in"});
    b.node("TopK", {"in", "k"}, {"y", "i"});
    b.output("y").output("i");
    return b.g;
  };
  const Tensor x = f32({4, 64, 256}, random_floats(4 * 64 * 256, 9, -5, 5));
  std::vector<Tensor> first;
  for (size_t threads : {1, 2, 3}) {
    CAPTURE(threads);
    SessionOptions options;
    options.threads = threads;
    auto r = run_graph(build(), {x}, options);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    if (threads == 1) {
      first = r.value();
      continue;
    }
    for (size_t o = 0; o < 2; ++o) CHECK(r.value()[o].bytes == first[o].bytes);
  }
}
