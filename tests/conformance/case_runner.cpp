#include "case_runner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "cli/npy.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

namespace fs = std::filesystem;

namespace wnn::conformance {
namespace {

constexpr double kRtol = 1e-3, kAtol = 1e-7;  // onnx.backend.test's defaults

struct NamedTensor {
  std::string name;
  Tensor tensor;
};

struct DataSet {
  std::string name;
  std::vector<NamedTensor> inputs, outputs;
};

// Reads input_0.pb, input_1.pb, ... (and output_N.pb) until one is missing.
Status read_tensors(const fs::path& dir, const std::string& stem, std::vector<NamedTensor>& out) {
  for (int i = 0;; ++i) {
    const fs::path file = dir / (stem + "_" + std::to_string(i) + ".pb");
    if (!fs::exists(file)) return ok_status();
    Expected<std::vector<uint8_t>> bytes = tools::read_file(file.string());
    if (!bytes.ok()) return bytes.status();
    NamedTensor t;
    Expected<Tensor> tensor = read_onnx_tensor(bytes.value().data(), bytes.value().size(), &t.name);
    if (!tensor.ok())
      return Status::error(file.filename().string() + ": " + tensor.status().message());
    t.tensor = tensor.take();
    out.push_back(std::move(t));
  }
}

std::string format_value(DType t, const uint8_t* p) {
  char buf[64];
  switch (t) {
    case DType::kFloat32: {
      float v;
      std::memcpy(&v, p, 4);
      std::snprintf(buf, sizeof buf, "%.9g", v);
      break;
    }
    case DType::kInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
      break;
    }
    case DType::kInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      std::snprintf(buf, sizeof buf, "%d", v);
      break;
    }
    case DType::kInt8: std::snprintf(buf, sizeof buf, "%d", static_cast<int8_t>(*p)); break;
    default: std::snprintf(buf, sizeof buf, "%u", static_cast<unsigned>(*p));
  }
  return buf;
}

// Compares one output; returns "" when it matches, else what differs.
std::string compare_output(const std::string& name, DType dtype, const Shape& shape,
                           const void* data, const Tensor& want, std::string* detail) {
  const std::string label = "output '" + name + "'";
  if (dtype != want.dtype)
    return label + " is " + dtype_name(dtype) + ", expected " + dtype_name(want.dtype);
  if (shape != want.shape)
    return label + " has shape " + shape_string(shape) + ", expected " + shape_string(want.shape);
  const size_t n = static_cast<size_t>(want.elements());
  if (detail) *detail = label + " " + shape_string(shape) + " (no values)";
  if (n == 0) return "";
  if (!data) return label + " has no data";
  const uint8_t* got = static_cast<const uint8_t*>(data);
  const size_t elem = dtype_size(dtype);
  size_t bad = 0, worst = 0;
  double worst_err = -1, max_err = 0;
  for (size_t i = 0; i < n; ++i) {
    bool ok;
    double err;
    if (dtype == DType::kFloat32) {
      float a, e;
      std::memcpy(&a, got + i * 4, 4);
      std::memcpy(&e, want.bytes.data() + i * 4, 4);
      if (std::isnan(e) || std::isnan(a)) {
        ok = std::isnan(e) && std::isnan(a);
        err = ok ? 0 : INFINITY;
      } else if (std::isinf(e) || std::isinf(a)) {
        ok = a == e;
        err = ok ? 0 : INFINITY;
      } else {
        err = std::fabs(static_cast<double>(a) - e);
        ok = err <= kAtol + kRtol * std::fabs(static_cast<double>(e));
      }
    } else {
      ok = std::memcmp(got + i * elem, want.bytes.data() + i * elem, elem) == 0;
      err = ok ? 0 : 1;
    }
    max_err = std::max(max_err, err);
    if (!ok) {
      ++bad;
      if (err > worst_err) worst_err = err, worst = i;
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", max_err);
  if (detail) *detail = label + " " + shape_string(shape) + " max abs err " + buf;
  if (bad == 0) return "";
  std::string msg = label + " " + shape_string(shape);
  if (dtype == DType::kFloat32) {
    std::snprintf(buf, sizeof buf, "%.3g", worst_err);
    msg += std::string(" max abs err ") + buf;
  } else {
    msg += " differs";
  }
  return msg + " at index " + std::to_string(worst) + " (got " +
         format_value(dtype, got + worst * elem) + ", expected " +
         format_value(dtype, want.bytes.data() + worst * elem) + "; " + std::to_string(bad) +
         " of " + std::to_string(n) + " values differ)";
}

// The graph input each fed tensor belongs to: by name when the files carry the graph's names,
// else by position (ONNX writes inputs in graph-input order; initializers are not fed).
Expected<std::vector<size_t>> match_inputs(const Graph& g, const DataSet& ds) {
  if (ds.inputs.size() != g.inputs.size())
    return Status::error("the data set feeds " + std::to_string(ds.inputs.size()) +
                         " inputs, but the model has " + std::to_string(g.inputs.size()));
  std::vector<size_t> slot(ds.inputs.size());
  for (size_t i = 0; i < ds.inputs.size(); ++i) {
    slot[i] = i;
    for (size_t j = 0; j < g.inputs.size(); ++j)
      if (!ds.inputs[i].name.empty() && g.inputs[j].name == ds.inputs[i].name) slot[i] = j;
  }
  return slot;
}

// Runs one data set with the inputs in `constant` made initializers. Returns a Status error
// when wasmnn refuses (create or prepare), else fills `result` (PASS or FAIL).
Status run_data_set(const Graph& model, const DataSet& ds, const std::vector<size_t>& slot,
                    const std::set<std::string>& constant, const Options& opt, CaseResult& result) {
  Graph g = model;
  std::vector<const Tensor*> feeds;  // per remaining graph input
  std::vector<ValueInfo> inputs;
  for (size_t j = 0; j < model.inputs.size(); ++j) {
    const Tensor* value = nullptr;
    for (size_t i = 0; i < slot.size(); ++i)
      if (slot[i] == j) value = &ds.inputs[i].tensor;
    if (!value) return Status::error("no data for input '" + model.inputs[j].name + "'");
    if (constant.count(model.inputs[j].name)) {
      g.initializers[model.inputs[j].name] = *value;
    } else {
      inputs.push_back(model.inputs[j]);
      feeds.push_back(value);
    }
  }
  g.inputs = inputs;
  SessionOptions so;
  so.scalar_kernels = opt.scalar;
  Expected<std::unique_ptr<Session>> created = Session::create(std::move(g), so);
  if (!created.ok()) return created.status();
  Session& s = *created.value();
  std::vector<Shape> shapes;
  for (const Tensor* t : feeds) shapes.push_back(t->shape);
  Status prepared = s.prepare(shapes);
  if (!prepared.ok()) return prepared;
  for (size_t i = 0; i < feeds.size(); ++i) {
    if (s.inputs()[i].dtype != feeds[i]->dtype) {
      result.outcome = Outcome::kFail;
      result.message = "input '" + s.inputs()[i].name + "' is declared " +
                       dtype_name(s.inputs()[i].dtype) + " but fed " + dtype_name(feeds[i]->dtype);
      return ok_status();
    }
    if (!feeds[i]->bytes.empty())
      std::memcpy(s.input_data(i), feeds[i]->bytes.data(), feeds[i]->bytes.size());
  }
  Status ran = s.run();
  if (!ran.ok()) {
    result.outcome = Outcome::kFail;
    result.message = "run: " + ran.message();
    return ok_status();
  }
  if (ds.outputs.size() != s.outputs().size()) {
    result.outcome = Outcome::kFail;
    result.message = "the data set expects " + std::to_string(ds.outputs.size()) +
                     " outputs, the session has " + std::to_string(s.outputs().size());
    return ok_status();
  }
  for (size_t o = 0; o < ds.outputs.size(); ++o) {
    size_t j = o;
    for (size_t k = 0; k < s.outputs().size(); ++k)
      if (!ds.outputs[o].name.empty() && s.outputs()[k].name == ds.outputs[o].name) j = k;
    std::string detail;
    std::string diff = compare_output(s.outputs()[j].name, s.output_dtype(j), s.output_shape(j),
                                      s.output_data(j), ds.outputs[o].tensor, &detail);
    if (opt.verbose) result.notes.push_back(ds.name + ": " + detail);
    if (!diff.empty() && result.outcome != Outcome::kFail) {
      result.outcome = Outcome::kFail;
      result.message = diff;
    }
  }
  return ok_status();
}

// A graph input or output wasmnn cannot hold (another element type, or a sequence, map or
// optional): the refusal names it, with the element type the test data has when it is a tensor.
std::string unsupported_value(const fs::path& dir, const Graph& model) {
  const std::vector<std::string> sets = sorted_subdirs(dir, "test_data_set_");
  for (const char* stem : {"input", "output"}) {
    const std::vector<ValueInfo>& values = stem[0] == 'i' ? model.inputs : model.outputs;
    for (size_t k = 0; k < values.size(); ++k) {
      if (dtype_size(values[k].dtype) != 0) continue;
      if (!sets.empty()) {
        const fs::path file = dir / sets[0] / (std::string(stem) + "_" + std::to_string(k) + ".pb");
        Expected<std::vector<uint8_t>> bytes = tools::read_file(file.string());
        if (bytes.ok()) {
          Expected<Tensor> t = read_onnx_tensor(bytes.value().data(), bytes.value().size());
          if (!t.ok() && t.status().message().find("does not support") != std::string::npos)
            return std::string(stem) + " " + t.status().message();
        }
      }
      return std::string(stem) + " '" + values[k].name +
             "' is not a tensor wasmnn can hold "
             "(a sequence, map or optional; wasmnn has tensors of float32, float16, bfloat16, "
             "int64, int32, uint8, int8, bool)";
    }
  }
  return "";
}

}  // namespace

CaseResult run_case(const fs::path& dir, const Graph& model, const Options& opt) {
  CaseResult result;
  const std::string unsupported = unsupported_value(dir, model);
  if (!unsupported.empty()) {
    result.outcome = Outcome::kSkip;
    result.message = unsupported;
    return result;
  }
  for (const std::string& set_name : sorted_subdirs(dir, "test_data_set_")) {
    DataSet ds;
    ds.name = set_name;
    Status read = read_tensors(dir / set_name, "input", ds.inputs);
    if (read.ok()) read = read_tensors(dir / set_name, "output", ds.outputs);
    if (!read.ok()) {
      // A dtype wasmnn does not store is a refusal, anything else a broken reader or file.
      const bool unsupported = read.message().find("does not support") != std::string::npos;
      result.outcome = unsupported ? Outcome::kSkip : Outcome::kFail;
      result.message = set_name + "/" + read.message();
      return result;
    }
    Expected<std::vector<size_t>> slot = match_inputs(model, ds);
    if (!slot.ok()) {
      result.outcome = Outcome::kFail;
      result.message = set_name + ": " + slot.status().message();
      return result;
    }
    // As given; then all inputs but the first as initializers (weights, shapes, indices); then
    // all of them.
    std::vector<std::set<std::string>> attempts = {{}};
    std::set<std::string> all_but_first, all;
    for (size_t j = 0; j < model.inputs.size(); ++j) {
      all.insert(model.inputs[j].name);
      if (j > 0) all_but_first.insert(model.inputs[j].name);
    }
    if (!all_but_first.empty()) attempts.push_back(all_but_first);
    if (!all.empty() && all != all_but_first) attempts.push_back(all);
    Status refused;
    bool ran = false;
    CaseResult r;
    for (const std::set<std::string>& constant : attempts) {
      r = CaseResult{};
      refused = run_data_set(model, ds, slot.value(), constant, opt, r);
      if (refused.ok()) {
        ran = true;
        r.constant = constant;
        break;
      }
      if (opt.verbose)
        result.notes.push_back(set_name + ": refused with " + std::to_string(constant.size()) +
                               " input(s) as initializers: " + refused.message());
    }
    result.notes.insert(result.notes.end(), r.notes.begin(), r.notes.end());
    if (!ran) {
      result.outcome = Outcome::kSkip;
      result.message = refused.message();
      return result;
    }
    result.constant.insert(r.constant.begin(), r.constant.end());
    if (r.outcome == Outcome::kFail) {
      result.outcome = Outcome::kFail;
      result.message = set_name + ": " + r.message;
      return result;
    }
  }
  return result;
}

std::vector<std::string> sorted_subdirs(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() && name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace wnn::conformance
