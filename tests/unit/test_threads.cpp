// Threads split each step's work over outputs, never inside a reduction: every thread count
// must give the same bits, on real models and on batches that split unevenly.
#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <string>

#include "cli/npy.h"
#include "graph_builder.h"
#include "test_util.h"
#include "wnn/runtime/session.h"

using namespace wnn;

namespace {

std::vector<uint8_t> run_model(const std::string& path, size_t threads, const Shape& shape,
                               DType dtype) {
  auto bytes = tools::read_file(path);
  REQUIRE(bytes.ok());
  SessionOptions options;
  options.threads = threads;
  auto s = Session::create(bytes.value().data(), bytes.value().size(), options);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  Session& session = *s.value();
  CHECK(session.threads() == threads);
  REQUIRE(session.prepare({shape}).ok());
  const size_t n = static_cast<size_t>(shape_elements(shape));
  std::vector<uint8_t> out;
  for (int repeat = 0; repeat < 3; ++repeat) {  // the pool is reused across runs
    // Inputs are written before every run: the arena reuses their space once they are read.
    std::mt19937 rng(123);
    if (dtype == DType::kInt64) {
      int64_t* ids = static_cast<int64_t*>(session.input_data(0));
      for (size_t i = 0; i < n; ++i) ids[i] = static_cast<int64_t>(rng() % 1000);
    } else {
      auto x = test::random_floats(n, 7, 0.0f, 1.0f);
      std::memcpy(session.input_data(0), x.data(), n * sizeof(float));
    }
    REQUIRE(session.run().ok());
    const size_t bytes_out = static_cast<size_t>(shape_elements(session.output_shape(0))) * 4;
    const uint8_t* y = static_cast<const uint8_t*>(session.output_data(0));
    if (repeat == 0)
      out.assign(y, y + bytes_out);
    else
      CHECK(std::memcmp(out.data(), y, bytes_out) == 0);
  }
  return out;
}

}  // namespace

TEST_CASE("the same bits at 1, 2 and 3 threads on the zoo's conv and text models") {
  if (!ThreadPool::supported()) {
    auto bytes = tools::read_file(WNN_SOURCE_DIR "/models/lenet5/model.onnx");
    REQUIRE(bytes.ok());
    SessionOptions options;
    options.threads = 2;
    auto s = Session::create(bytes.value().data(), bytes.value().size(), options);
    REQUIRE(!s.ok());
    CHECK(s.status().message().find("simd-threads") != std::string::npos);
    return;
  }
  struct Case {
    const char* model;
    Shape shape;
    DType dtype;
  };
  const Case cases[] = {
      {"resnet20", {3, 1, 28, 28}, DType::kFloat32},
      {"lenet5", {5, 1, 28, 28}, DType::kFloat32},
      {"textcnn", {2, 64}, DType::kInt64},
      {"gru", {2, 64}, DType::kInt64},
  };
  for (const Case& c : cases) {
    CAPTURE(c.model);
    const std::string path = std::string(WNN_SOURCE_DIR "/models/") + c.model + "/model.onnx";
    const std::vector<uint8_t> one = run_model(path, 1, c.shape, c.dtype);
    CHECK(run_model(path, 2, c.shape, c.dtype) == one);
    CHECK(run_model(path, 3, c.shape, c.dtype) == one);
  }
}

TEST_CASE(
    "thread pool under preemption: 300 runs of ResNet-20 at 3 threads, every one the same bits") {
  // More threads than this machine's cores, so workers are descheduled mid-step: a worker that
  // wakes late must never take (or count) a task of the next step.
  if (!ThreadPool::supported()) return;
  const std::string path = WNN_SOURCE_DIR "/models/resnet20/model.onnx";
  const std::vector<uint8_t> one = run_model(path, 1, {1, 1, 28, 28}, DType::kFloat32);
  auto bytes = tools::read_file(path);
  REQUIRE(bytes.ok());
  SessionOptions options;
  options.threads = 3;
  auto s = Session::create(bytes.value().data(), bytes.value().size(), options);
  REQUIRE(s.ok());
  Session& session = *s.value();
  REQUIRE(session.prepare({{1, 1, 28, 28}}).ok());
  int differing = 0;
  for (int run = 0; run < 300; ++run) {
    auto x = test::random_floats(784, 7, 0.0f, 1.0f);
    std::memcpy(session.input_data(0), x.data(), x.size() * sizeof(float));
    REQUIRE(session.run().ok());
    differing += std::memcmp(session.output_data(0), one.data(), one.size()) != 0;
  }
  CHECK(differing == 0);
}

TEST_CASE("elementwise ops and pools split into ranges give the bits of one thread") {
  if (!ThreadPool::supported()) return;
  // [2,16,64,64]: 131072 elements, 32 planes: every op below splits into several tasks.
  test::GraphBuilder b(13);
  b.input("x", DType::kFloat32, {2, 16, 64, 64});
  b.input("r", DType::kFloat32, {2, 16, 64, 64});
  b.init("s", test::f32({}, {0.75f}));
  b.init("lo", test::f32({}, {-0.5f}));
  b.init("hi", test::f32({}, {0.5f}));
  b.node("Add", {"x", "r"}, {"a"});  // same shapes
  b.node("Mul", {"a", "s"}, {"m"});  // a scalar operand
  b.node("Sub", {"s", "m"}, {"d"});  // the scalar first
  b.node("Sigmoid", {"d"}, {"g"});
  b.node("Tanh", {"g"}, {"t"});
  b.node("LeakyRelu", {"t"}, {"l"});
  b.node("Relu", {"l"}, {"u"});
  b.node("Clip", {"d", "lo", "hi"}, {"c"});
  b.node("Add", {"u", "c"}, {"e"});
  b.node("MaxPool", {"e"}, {"p"},
         {{"kernel_shape", test::ints({3, 3})},
          {"pads", test::ints({1, 1, 1, 1})},
          {"strides", test::ints({2, 2})}});
  b.node("AveragePool", {"e"}, {"q"},
         {{"kernel_shape", test::ints({2, 2})}, {"strides", test::ints({2, 2})}});
  b.node("Add", {"p", "q"}, {"y"});
  b.output("y");
  b.output("d");
  const Tensor x = test::f32({2, 16, 64, 64}, test::random_floats(131072, 3, -2.0f, 2.0f));
  const Tensor r = test::f32({2, 16, 64, 64}, test::random_floats(131072, 4, -2.0f, 2.0f));
  auto one = test::run_graph(b.g, {x, r});
  REQUIRE(one.ok());
  for (size_t threads : {size_t{2}, size_t{3}}) {
    CAPTURE(threads);
    SessionOptions options;
    options.threads = threads;
    auto many = test::run_graph(b.g, {x, r}, options);
    REQUIRE(many.ok());
    for (size_t o = 0; o < 2; ++o) CHECK(many.value()[o].bytes == one.value()[o].bytes);
  }
}

TEST_CASE("LSTM, GRU and RNN split by batch rows give the bits of one thread") {
  // Every layout, both directions, initial states, and sequence lengths that differ per row
  // (those rows run alone), on a batch of 7 that splits unevenly.
  if (!ThreadPool::supported()) return;
  const int64_t T = 5, B = 7, I = 6, H = 8, D = 2;
  for (const char* op : {"LSTM", "GRU", "RNN"}) {
    const int64_t G = std::string(op) == "LSTM" ? 4 : std::string(op) == "GRU" ? 3 : 1;
    for (int64_t layout : {0, 1}) {
      for (bool ragged : {false, true}) {
        CAPTURE(op);
        CAPTURE(layout);
        CAPTURE(ragged);
        const Shape x_shape = layout ? Shape{B, T, I} : Shape{T, B, I};
        const Shape state = layout ? Shape{B, D, H} : Shape{D, B, H};
        std::vector<int32_t> lens(B, static_cast<int32_t>(T));
        if (ragged) lens = {5, 1, 3, 5, 0, 2, 4};
        test::GraphBuilder gb(14);
        gb.input("X", DType::kFloat32, x_shape).input("h0", DType::kFloat32, state);
        gb.init("W", test::f32({D, G * H, I}, test::random_floats(D * G * H * I, 2)));
        gb.init("R", test::f32({D, G * H, H}, test::random_floats(D * G * H * H, 3)));
        gb.init("B", test::f32({D, 2 * G * H}, test::random_floats(D * 2 * G * H, 4)));
        gb.init("L", test::tensor_of(DType::kInt32, {B}, lens));
        gb.node(op, {"X", "W", "R", "B", "L", "h0"}, {"Y", "Yh"},
                {{"hidden_size", test::int1(H)},
                 {"direction", test::str("bidirectional")},
                 {"layout", test::int1(layout)}});
        gb.output("Y").output("Yh");
        const std::vector<Tensor> inputs = {
            test::f32(x_shape, test::random_floats(T * B * I, 1, -2.0f, 2.0f)),
            test::f32(state, test::random_floats(D * B * H, 5))};
        std::vector<std::vector<uint8_t>> first;
        for (size_t threads : {1, 2, 3}) {
          SessionOptions options;
          options.threads = threads;
          Expected<std::vector<Tensor>> out = test::run_graph(gb.g, inputs, options);
          REQUIRE_MESSAGE(out.ok(), out.status().message());
          for (size_t o = 0; o < out.value().size(); ++o) {
            if (threads == 1)
              first.push_back(out.value()[o].bytes);
            else
              CHECK(out.value()[o].bytes == first[o]);
          }
        }
      }
    }
  }
}
