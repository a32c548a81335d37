// The JS surface of the runtime, and nothing else: web/wasmnn.js wraps it in the public API.
// Methods return "" on success or the error message, because wasm builds have no exceptions to
// carry it; shapes cross the boundary as "1,1,28,28" strings and tensors as heap addresses, which the
// wrapper turns into Float32Array views.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

namespace {

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

std::string values_json(const std::vector<wnn::ValueInfo>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    const wnn::ValueInfo& v = values[i];
    out += i ? "," : "";
    out += "{\"name\":\"" + json_escape(v.name) + "\",\"type\":\"" + wnn::dtype_name(v.dtype) +
           "\",\"dims\":[";
    for (size_t d = 0; d < v.shape.size(); ++d) {
      out += d ? "," : "";
      if (v.shape[d] != wnn::kUnknownDim) out += std::to_string(v.shape[d]);
      else out += "\"" + json_escape(v.dim_names[d].empty() ? "?" : v.dim_names[d]) + "\"";
    }
    out += "]}";
  }
  return out + "]";
}

std::string dims_string(const wnn::Shape& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out;
}

class JsSession {
 public:
  // Loading keeps the heap's peak (it never shrinks) at model bytes + initializers: the wrapper
  // writes the .onnx bytes once, into modelBuffer() (an std::string argument would hold two
  // copies), parse() frees them once the initializers are read out, and build() packs the
  // weights and releases the initializers it packed.
  double modelBuffer(double size) {
    model_.resize(static_cast<size_t>(size));
    return address(model_.data());
  }

  std::string parse() {
    auto g = wnn::read_onnx_model(model_.data(), model_.size());
    std::vector<uint8_t>().swap(model_);
    if (!g.ok()) return g.status().message();
    graph_ = std::make_unique<wnn::Graph>(g.take());
    return "";
  }

  std::string build(bool scalar_kernels) {
    if (!graph_) return "build() before parse(): give the model bytes first";
    wnn::SessionOptions options;
    options.scalar_kernels = scalar_kernels;
    auto s = wnn::Session::create(std::move(*graph_), options);
    graph_.reset();
    if (!s.ok()) return s.status().message();
    session_ = s.take();
    return "";
  }

  std::string describe() const {
    return "{\"inputs\":" + values_json(session_->inputs()) +
           ",\"outputs\":" + values_json(session_->outputs()) +
           ",\"opset\":" + std::to_string(session_->opset()) + ",\"kernels\":\"" +
           session_->kernels_name() + "\"}";
  }

  // `shapes`: one "d0,d1,..." per input, separated by ';'.
  std::string prepare(const std::string& shapes) {
    std::vector<wnn::Shape> parsed(1);
    std::string number;
    auto flush = [&] {
      if (!number.empty()) parsed.back().push_back(std::stoll(number));
      number.clear();
    };
    for (char c : shapes) {
      if (c == ',') flush();
      else if (c == ';') { flush(); parsed.emplace_back(); }
      else number += c;
    }
    flush();
    if (shapes.empty()) parsed.clear();
    return session_->prepare(parsed).message();
  }

  // Byte address of input i in the wasm heap, valid until the next prepare() with new shapes.
  double inputAddress(int i) { return address(session_->input_data(static_cast<size_t>(i))); }

  std::string run() { return session_->run().message(); }

  double outputAddress(int i) const {
    return address(session_->output_data(static_cast<size_t>(i)));
  }

  std::string outputType(int i) const {
    return wnn::dtype_name(session_->output_dtype(static_cast<size_t>(i)));
  }

  std::string outputDims(int i) const {
    return dims_string(session_->output_shape(static_cast<size_t>(i)));
  }

  double arenaBytes() const { return static_cast<double>(session_->arena_bytes()); }

 private:
  static double address(const void* p) { return static_cast<double>(reinterpret_cast<uintptr_t>(p)); }
  std::vector<uint8_t> model_;         // the .onnx bytes, until parse()
  std::unique_ptr<wnn::Graph> graph_;  // between parse() and build()
  std::unique_ptr<wnn::Session> session_;
};

std::string version() { return WNN_VERSION; }

double heap_bytes() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }

}  // namespace

EMSCRIPTEN_BINDINGS(wasmnn) {
  emscripten::function("version", &version);
  emscripten::function("heapBytes", &heap_bytes);
  emscripten::class_<JsSession>("Session")
      .constructor<>()
      .function("modelBuffer", &JsSession::modelBuffer)
      .function("parse", &JsSession::parse)
      .function("build", &JsSession::build)
      .function("describe", &JsSession::describe)
      .function("prepare", &JsSession::prepare)
      .function("inputAddress", &JsSession::inputAddress)
      .function("run", &JsSession::run)
      .function("outputAddress", &JsSession::outputAddress)
      .function("outputDims", &JsSession::outputDims)
      .function("outputType", &JsSession::outputType)
      .function("arenaBytes", &JsSession::arenaBytes);
}
