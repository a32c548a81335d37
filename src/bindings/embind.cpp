// The JS surface of the runtime, and nothing else: web/wasmnn.js wraps it in the public API.
// Methods return "" on success or the error message, because wasm builds have no exceptions to
// carry it. On the per-run path only numbers cross: dims through an int32 buffer in the heap,
// tensors as heap addresses the wrapper views; metadata and profiles are JS values.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wnn/kernels/kernel_config.h"
#include "wnn/kernels/peak.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

namespace {

using emscripten::val;

// [{name, type, dims}] with symbolic dims as their names (e.g. 'N'), as JS values.
val values_info(const std::vector<wnn::ValueInfo>& values) {
  val out = val::array();
  for (const wnn::ValueInfo& v : values) {
    val dims = val::array();
    for (size_t d = 0; d < v.shape.size(); ++d) {
      if (v.shape[d] != wnn::kUnknownDim)
        dims.call<void>("push", static_cast<double>(v.shape[d]));
      else
        dims.call<void>("push", v.dim_names[d].empty() ? std::string("?") : v.dim_names[d]);
    }
    val info = val::object();
    info.set("name", v.name);
    info.set("type", std::string(wnn::dtype_name(v.dtype)));
    info.set("dims", dims);
    out.call<void>("push", info);
  }
  return out;
}

double address(const void* p) { return static_cast<double>(reinterpret_cast<uintptr_t>(p)); }

// The .onnx bytes stay in the page's ArrayBuffer: `read(offset, length, address)` copies a range
// into the heap and returns "" or why it could not.
class PageBytes final : public wnn::ByteSource {
 public:
  PageBytes(val read, double size) : read_(std::move(read)), size_(static_cast<uint64_t>(size)) {}
  uint64_t size() const override { return size_; }
  wnn::Status read(uint64_t offset, size_t n, uint8_t* dest) override {
    const std::string error = read_(static_cast<double>(offset), static_cast<double>(n),
                                    address(dest)).as<std::string>();
    return error.empty() ? wnn::ok_status() : wnn::Status::error(error);
  }

 private:
  val read_;
  uint64_t size_;
};

class JsSession {
 public:
  // Loading keeps the heap's peak (it never shrinks) near the size of the weights: the reader
  // takes the model from the page one field at a time (never whole), and build() packs the
  // weights, taking or releasing each as its last reader is created.
  std::string parse(val read, double size) {
    PageBytes bytes(std::move(read), size);
    auto g = wnn::read_onnx_model(bytes);
    if (!g.ok()) return g.status().message();
    graph_ = std::make_unique<wnn::Graph>(g.take());
    return "";
  }

  // optimization: 0 none (every value of the file is kept, for taps), 1 fold BatchNormalization
  // into Conv, 2 also fold residual Adds and Relu/Clip into Conv and Gemm (the default).
  // memory_limit: the most bytes one tensor, scratch block or the arena may take (SessionOptions).
  std::string build(bool scalar_kernels, int threads, const std::string& gemm, bool winograd,
                    int optimization, double memory_limit) {
    if (!graph_) return "build() before parse(): give the model bytes first";
    wnn::SessionOptions options;
    options.scalar_kernels = scalar_kernels;
    options.threads = static_cast<size_t>(threads < 1 ? 1 : threads);
    options.gemm = gemm;
    options.winograd = winograd;
    options.fold_batch_norm = optimization >= 1;
    options.fuse_epilogues = optimization >= 2;
    options.keep_folded_values = optimization == 0;
    options.memory_limit_bytes = static_cast<uint64_t>(memory_limit);
    auto s = wnn::Session::create(std::move(*graph_), options);
    graph_.reset();
    if (!s.ok()) return s.status().message();
    session_ = s.take();
    return "";
  }

  // {inputs, outputs, valueNames, opset, kernels, gemm, threads} as JS values, read once after
  // build().
  val describe() const {
    val info = val::object();
    info.set("inputs", values_info(session_->inputs()));
    info.set("outputs", values_info(session_->outputs()));
    val names = val::array();
    for (const std::string& name : session_->value_names()) names.call<void>("push", name);
    info.set("valueNames", names);
    info.set("opset", static_cast<double>(session_->opset()));
    info.set("kernels", std::string(session_->kernels_name()));
    info.set("gemm", std::string(session_->gemm_name()));
    info.set("threads", static_cast<double>(session_->threads()));
    return info;
  }

  // The wrapper writes every input's dims here as int32 (rank, then the dims, per input) and
  // calls prepare(): no strings cross the boundary on the per-run path.
  double dimsBuffer(int count) {
    dims_.assign(static_cast<size_t>(count), 0);
    return address(dims_.data());
  }

  // Plans for the dims in dimsBuffer() (Session::prepare does nothing when they are the planned
  // ones); "" or the error. plan() counts the plans made, so the wrapper re-binds its views only
  // when it moves.
  std::string prepare() {
    std::vector<wnn::Shape> shapes(session_->inputs().size());
    size_t at = 0;
    for (wnn::Shape& shape : shapes) {
      if (at >= dims_.size()) return "internal error: dims buffer too short";
      const size_t rank = static_cast<size_t>(dims_[at++]);
      if (at + rank > dims_.size()) return "internal error: dims buffer too short";
      shape.assign(dims_.begin() + static_cast<long>(at),
                   dims_.begin() + static_cast<long>(at + rank));
      at += rank;
    }
    return session_->prepare(shapes).message();
  }
  double plan() const { return static_cast<double>(session_->plans_made()); }

  // Byte address of input i in the wasm heap, valid until the next plan.
  double inputAddress(int i) { return address(session_->input_data(static_cast<size_t>(i))); }

  std::string run() { return session_->run().message(); }

  double outputAddress(int i) const {
    return address(session_->output_data(static_cast<size_t>(i)));
  }
  std::string outputType(int i) const {
    return wnn::dtype_name(session_->output_dtype(static_cast<size_t>(i)));
  }
  val outputDims(int i) const {
    val dims = val::array();
    for (int64_t d : session_->output_shape(static_cast<size_t>(i)))
      dims.call<void>("push", static_cast<double>(d));
    return dims;
  }

  // The values to return beside the outputs (a JS array of names): "" or the error. Called only
  // when the set changes; the next prepare() plans for it.
  std::string setTaps(const val& names) {
    return session_->set_taps(emscripten::vecFromJSArray<std::string>(names)).message();
  }
  // The taps of the current plan: [{name, type, dims, address}], read once per plan.
  val taps() const {
    val out = val::array();
    for (size_t i = 0; i < session_->taps().size(); ++i) {
      val dims = val::array();
      for (int64_t d : session_->tap_shape(i)) dims.call<void>("push", static_cast<double>(d));
      val tap = val::object();
      tap.set("name", session_->taps()[i]);
      tap.set("type", std::string(wnn::dtype_name(session_->tap_dtype(i))));
      tap.set("dims", dims);
      tap.set("address", address(session_->tap_data(i)));
      out.call<void>("push", tap);
    }
    return out;
  }

  double arenaBytes() const { return static_cast<double>(session_->arena_bytes()); }

  // Per-step timing of the runs since setProfiling(true): [{node, op, ms, flops, runs, fused}],
  // fused: the nodes of the model merged into the step's node at load (its time covers them).
  void setProfiling(bool on) { session_->set_profiling(on); }
  val profile() const {
    val out = val::array();
    for (const auto& step : session_->profile()) {
      val s = val::object();
      s.set("node", step.node->name);
      s.set("op", step.node->op_type);
      s.set("ms", step.runs ? step.seconds * 1e3 / static_cast<double>(step.runs) : 0.0);
      s.set("flops", step.flops);
      s.set("runs", static_cast<double>(step.runs));
      val fused = val::array();
      for (const std::string& name : session_->merged_nodes(*step.node))
        fused.call<void>("push", name);
      s.set("fused", fused);
      out.call<void>("push", s);
    }
    return out;
  }

 private:
  std::unique_ptr<wnn::Graph> graph_;  // between parse() and build()
  std::unique_ptr<wnn::Session> session_;
  std::vector<int32_t> dims_;
};

std::string version() { return WNN_VERSION; }

double heap_bytes() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }

// The GEMM kernels this build has, the default first (SessionOptions.gemm takes these names).
val gemm_kernels() {
  val names = val::array();
  for (const auto& g : wnn::kernels::gemm_configs()) names.call<void>("push", std::string(g.name));
  return names;
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmnn) {
  emscripten::function("version", &version);
  emscripten::function("heapBytes", &heap_bytes);
  emscripten::function("peakGflops", &wnn::kernels::f32x4_peak_gflops);
  emscripten::function("gemmKernels", &gemm_kernels);
  emscripten::class_<JsSession>("Session")
      .constructor<>()
      .function("parse", &JsSession::parse)
      .function("build", &JsSession::build)
      .function("describe", &JsSession::describe)
      .function("dimsBuffer", &JsSession::dimsBuffer)
      .function("prepare", &JsSession::prepare)
      .function("plan", &JsSession::plan)
      .function("inputAddress", &JsSession::inputAddress)
      .function("run", &JsSession::run)
      .function("outputAddress", &JsSession::outputAddress)
      .function("outputDims", &JsSession::outputDims)
      .function("outputType", &JsSession::outputType)
      .function("setTaps", &JsSession::setTaps)
      .function("taps", &JsSession::taps)
      .function("arenaBytes", &JsSession::arenaBytes)
      .function("setProfiling", &JsSession::setProfiling)
      .function("profile", &JsSession::profile);
}
