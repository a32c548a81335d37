// LogSoftmax and Hardmax: both axis forms (opset 1-12 coerce to 2-D at axis, 13+ one axis), the
// first maximum winning Hardmax's ties, and the LogSoftmax SIMD128 kernels against their scalar
// twins bit for bit.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "op_runner.h"
#include "test_util.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/kernels/softmax.h"

using namespace wnn;
using namespace wnn::kernels;
using test::values;

namespace {

test::OpResult call(const std::string& op, const Tensor& x, int64_t opset,
                    std::map<std::string, Attribute> attrs = {}, bool scalar = false) {
  test::OpCall c;
  c.op_type = op;
  c.opset = opset;
  c.inputs = {x};
  c.attributes = std::move(attrs);
  c.scalar_kernels = scalar;
  return test::run_op(c);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

}  // namespace

TEST_CASE("LogSoftmax: x - max - log(sum(exp(x - max))) along the axis, both opset forms") {
  const Tensor x = test::f32({2, 3}, {1.0f, 2.0f, 3.0f, -1.0f, 0.0f, 1000.0f});
  for (bool scalar : {false, true}) {
    CAPTURE(scalar);
    auto r = call("LogSoftmax", x, 13, {}, scalar);
    REQUIRE_MESSAGE(r.ok(), r.status.message());
    const auto y = values<float>(r.outputs[0]);
    const double l0 = std::log(std::exp(-2.0) + std::exp(-1.0) + 1.0);
    CHECK(y[0] == doctest::Approx(-2.0 - l0).epsilon(1e-6));
    CHECK(y[2] == doctest::Approx(-l0).epsilon(1e-6));
    CHECK(y[5] == 0.0f);  // no overflow: the max is subtracted first
    CHECK(y[3] == -1001.0f);
  }
  // Opset 11, axis 0: the whole [2, 3] is one row of 6.
  auto r = call("LogSoftmax", test::f32({2, 3}, {0, 0, 0, 0, 0, 0}), 11, {{"axis", test::int1(0)}});
  REQUIRE(r.ok());
  for (float v : values<float>(r.outputs[0])) CHECK(v == doctest::Approx(-std::log(6.0)));
  // Opset 13, axis 0: columns of 2.
  r = call("LogSoftmax", test::f32({2, 3}, {0, 0, 0, 0, 0, 0}), 13, {{"axis", test::int1(0)}});
  REQUIRE(r.ok());
  for (float v : values<float>(r.outputs[0])) CHECK(v == doctest::Approx(-std::log(2.0)));
  r = call("LogSoftmax", x, 13, {{"axis", test::int1(2)}});
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("axis 2 is out of range") != std::string::npos);
}

TEST_CASE("Hardmax: 1 at the first maximum along the axis, both opset forms") {
  const Tensor x = test::f32({2, 3}, {3, 1, 3, 0, 5, 5});
  auto r = call("Hardmax", x, 13);
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{1, 0, 0, 0, 1, 0});
  r = call("Hardmax", x, 13, {{"axis", test::int1(0)}});
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{1, 0, 0, 0, 1, 1});
  r = call("Hardmax", x, 11, {{"axis", test::int1(0)}});  // one row of 6
  REQUIRE(r.ok());
  CHECK(values<float>(r.outputs[0]) == std::vector<float>{0, 0, 0, 0, 1, 0});
  r = call("Hardmax", test::i64({2}, {1, 2}), 13);
  REQUIRE(!r.ok());
  CHECK(r.status.message().find("int64") != std::string::npos);
}

TEST_CASE("log-softmax kernels: the default kernels equal the scalar reference bit for bit") {
  std::mt19937 rng(29);
  const SoftmaxRowsFn rows = default_kernels().softmax.log_rows;
  const SoftmaxStridedFn strided = default_kernels().softmax.log_strided;
  for (int trial = 0; trial < 120; ++trial) {
    const size_t outer = 1 + rng() % 3, n = 1 + rng() % 40, inner = 2 + rng() % 11;
    const auto x = test::random_floats(outer * n * inner, rng(), -30.0f, 30.0f);
    std::vector<float> y0(x.size()), y1(x.size());
    f32_log_softmax_rows__scalar(outer * inner, n, x.data(), y0.data());
    rows(outer * inner, n, x.data(), y1.data());
    CHECK(same_bits(y0, y1));
    f32_log_softmax_strided__scalar(outer, n, inner, x.data(), y0.data());
    strided(outer, n, inner, x.data(), y1.data());
    CHECK(same_bits(y0, y1));
  }
}
