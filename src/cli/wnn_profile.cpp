// wnn-profile: where a model's time goes, per op type and per node, natively or as wasm SIMD128
// under Node (build/wasm/wnn-profile.cjs), and the 128-bit float peak of the same machine.
// --threads T > 1 in wasm needs the pthreads build of it, made on demand:
//   cmake --build build/wasm --target wnn-profile-mt && node build/wasm/mt/wnn-profile-mt.cjs ...
//   wnn-profile <model.onnx> [--shape d0,d1,...] [--seconds S] [--threads T] [--gemm TILE]
//               [--scalar] [--json] [--load-only] [--max-load-ratio R]
// Symbolic dimensions default to 1. Inputs are random (float32 in [0, 1), integer ids in
// [0, 100)). Prints the load (time, and in wasm the heap's high-water mark against the file's
// size: the model is read from the file one field at a time, as the browser reads it from the
// page), then ms per run (median), a table by op type and the slowest nodes. --max-load-ratio R
// exits 1 when the heap's high-water mark exceeds R times the file's size (./test's check that
// loading holds each weight once; wasm only, where the heap is measured).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>
#if defined(__EMSCRIPTEN__)
#include <unistd.h>
#endif

#include "cli/file_source.h"
#include "cli/npy.h"
#include "wnn/kernels/peak.h"
#include "wnn/runtime/session.h"

namespace {

using Clock = std::chrono::steady_clock;

int fail(const std::string& message) {
  std::fprintf(stderr, "wnn-profile: %s\n", message.c_str());
  return 2;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

// The top of the heap: in wasm it only grows (emmalloc never gives memory back), so it is the
// high-water mark of everything allocated so far. 0 natively (not measured there).
uint64_t heap_top() {
#if defined(__EMSCRIPTEN__)
  return reinterpret_cast<uintptr_t>(sbrk(0));
#else
  return 0;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t heap_at_start = heap_top();
  if (argc < 2)
    return fail(
        "usage: wnn-profile <model.onnx> [--shape d0,d1,...] [--seconds S] "
        "[--threads T] [--gemm TILE] [--scalar] [--no-winograd] [--json] [--load-only] "
        "[--max-load-ratio R]");
  wnn::SessionOptions options;
  std::string shape_arg;
  double seconds = 3.0;
  bool json = false, load_only = false;
  double max_load_ratio = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--scalar")
      options.scalar_kernels = true;
    else if (a == "--no-winograd")
      options.winograd = false;
    else if (a == "--json")
      json = true;
    else if (a == "--load-only")
      load_only = true;
    else if (a == "--max-load-ratio" && has_value)
      max_load_ratio = std::atof(argv[++i]);
    else if (a == "--shape" && has_value)
      shape_arg = argv[++i];
    else if (a == "--seconds" && has_value)
      seconds = std::atof(argv[++i]);
    else if (a == "--threads" && has_value)
      options.threads = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--gemm" && has_value)
      options.gemm = argv[++i];
    else
      return fail("unknown option '" + a + "' (see the usage line: run with no arguments)");
  }
  auto file = wnn::tools::FileByteSource::open(argv[1]);
  if (!file.ok()) return fail(file.status().message());
  const auto load_start = Clock::now();
  auto created = wnn::Session::create(*file.value(), options);
  if (!created.ok()) return fail(created.status().message());
  const double load_ms = seconds_since(load_start) * 1e3;
  wnn::Session& s = *created.value();
  const double file_mib = static_cast<double>(file.value()->size()) / (1 << 20);
  const double heap_mib = static_cast<double>(heap_top() - heap_at_start) / (1 << 20);
  if (heap_top())
    std::fprintf(json ? stderr : stdout,
                 "load: %.0f ms; heap high-water %.1f MiB for a %.1f MiB file (%.2fx), of which "
                 "%.1f MiB kept as unpacked weights\n",
                 load_ms, heap_mib, file_mib, heap_mib / file_mib,
                 static_cast<double>(s.initializer_bytes()) / (1 << 20));
  else
    std::fprintf(json ? stderr : stdout, "load: %.0f ms for a %.1f MiB file\n", load_ms, file_mib);
  if (max_load_ratio > 0) {
    if (!heap_top()) return fail("--max-load-ratio needs the wasm build, where the heap is measured");
    if (heap_mib > max_load_ratio * file_mib) {
      std::fprintf(stderr,
                   "wnn-profile: loading peaked at %.2fx the file's size, over --max-load-ratio "
                   "%.2f\n", heap_mib / file_mib, max_load_ratio);
      return 1;
    }
  }
  if (load_only) return 0;
  std::vector<wnn::Shape> shapes;
  for (const wnn::ValueInfo& in : s.inputs()) {
    wnn::Shape shape = in.shape;
    for (int64_t& d : shape) d = d == wnn::kUnknownDim ? 1 : d;
    shapes.push_back(shape);
  }
  if (!shape_arg.empty()) {
    wnn::Shape shape;
    for (const char* p = shape_arg.c_str(); *p;) {
      char* end;
      shape.push_back(std::strtoll(p, &end, 10));
      p = *end == ',' ? end + 1 : end;
      if (end == p && *p) return fail("--shape takes numbers separated by commas");
    }
    shapes[0] = shape;
  }
  wnn::Status st = s.prepare(shapes);
  if (!st.ok()) return fail(st.message());
  std::mt19937 rng(1);
  for (size_t i = 0; i < shapes.size(); ++i) {
    const size_t n = static_cast<size_t>(wnn::shape_elements(shapes[i]));
    void* p = s.input_data(i);
    switch (s.inputs()[i].dtype) {
      case wnn::DType::kFloat32:
        for (size_t k = 0; k < n; ++k) static_cast<float*>(p)[k] = (rng() % 1000) / 1000.0f;
        break;
      case wnn::DType::kInt64:
        for (size_t k = 0; k < n; ++k) static_cast<int64_t*>(p)[k] = rng() % 100;
        break;
      case wnn::DType::kInt32:
        for (size_t k = 0; k < n; ++k) static_cast<int32_t*>(p)[k] = rng() % 100;
        break;
      default: std::memset(p, 0, n * wnn::dtype_size(s.inputs()[i].dtype));
    }
  }
  // Warm up for a second (caches, and the JIT tiers under Node), then profile.
  for (auto t = Clock::now(); seconds_since(t) < 1.0;)
    if (!s.run().ok()) return fail("run failed");
  std::vector<double> per_run;
  s.set_profiling(true);
  for (auto t = Clock::now(); seconds_since(t) < seconds || per_run.size() < 5;) {
    const auto r = Clock::now();
    if (!s.run().ok()) return fail("run failed");
    per_run.push_back(seconds_since(r) * 1e3);
  }
  std::sort(per_run.begin(), per_run.end());
  const double median_ms = per_run[per_run.size() / 2];
  const double peak = wnn::kernels::f32x4_peak_gflops(0.8);

  struct Row {
    double ms = 0, flops = 0;
    int count = 0;
  };
  std::map<std::string, Row> by_type;
  double total_ms = 0;
  for (const auto& step : s.profile()) {
    const double ms = step.seconds * 1e3 / static_cast<double>(std::max<size_t>(1, step.runs));
    Row& r = by_type[step.node->op_type];
    r.ms += ms;
    r.flops += step.flops;
    ++r.count;
    total_ms += ms;
  }
  std::vector<const wnn::Session::StepTime*> steps;
  for (const auto& step : s.profile()) steps.push_back(&step);
  std::sort(steps.begin(), steps.end(), [](auto a, auto b) {
    return a->seconds / std::max<size_t>(1, a->runs) > b->seconds / std::max<size_t>(1, b->runs);
  });
  const std::string build = std::string(s.kernels_name()) + " (" + s.gemm_name() + ")";
  if (json) {
    std::printf(
        "{\"kernels\":\"%s\",\"threads\":%zu,\"runs\":%zu,\"medianMs\":%.4f,"
        "\"peakGflops\":%.2f,\"steps\":[",
        build.c_str(), s.threads(), per_run.size(), median_ms, peak);
    for (size_t i = 0; i < s.profile().size(); ++i) {
      const auto& step = s.profile()[i];
      const double ms = step.seconds * 1e3 / static_cast<double>(std::max<size_t>(1, step.runs));
      std::printf("%s{\"node\":%s,\"op\":%s,\"ms\":%.5f,\"flops\":%.0f}", i ? "," : "",
                  json_string(step.node->name).c_str(), json_string(step.node->op_type).c_str(), ms,
                  step.flops);
    }
    std::printf("]}\n");
    return 0;
  }
  if (heap_top())
    std::printf("heap high-water after the runs: %.1f MiB (weights, packed or transformed, and "
                "the arena)\n",
                static_cast<double>(heap_top()) / (1 << 20));
  std::printf(
      "%s, %zu thread(s), input %s: %.3f ms per run (median of %zu runs); steps sum to "
      "%.3f ms\n128-bit float peak of this machine: %.1f GFLOP/s (one thread)\n\n",
      build.c_str(), s.threads(), wnn::shape_string(shapes[0]).c_str(), median_ms, per_run.size(),
      total_ms, peak);
  std::printf("%-20s %6s %9s %6s %9s %7s\n", "op type", "nodes", "ms", "%", "GFLOP/s", "% peak");
  std::vector<std::pair<std::string, Row>> rows(by_type.begin(), by_type.end());
  std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second.ms > b.second.ms; });
  for (const auto& [type, r] : rows) {
    const double gflops = r.flops > 0 ? r.flops / (r.ms * 1e-3) / 1e9 : 0;
    std::printf("%-20s %6d %9.4f %6.1f", type.c_str(), r.count, r.ms, 100 * r.ms / total_ms);
    if (gflops > 0) std::printf(" %9.2f %7.1f", gflops, 100 * gflops / peak);
    std::printf("\n");
  }
  std::printf("\nslowest nodes:\n");
  for (size_t i = 0; i < steps.size() && i < 12; ++i) {
    const auto& st = *steps[i];
    const double ms = st.seconds * 1e3 / static_cast<double>(std::max<size_t>(1, st.runs));
    std::printf("  %-12s %9.4f ms", st.node->op_type.c_str(), ms);
    if (st.flops > 0)
      std::printf("  %7.2f GFLOP/s (%4.1f%% of peak)", st.flops / (ms * 1e-3) / 1e9,
                  100 * st.flops / (ms * 1e-3) / 1e9 / peak);
    std::printf("  %s\n", st.node->name.c_str());
  }
  return 0;
}
