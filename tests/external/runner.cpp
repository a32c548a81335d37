// wnn-external: the real-architecture models of models/external/ against onnxruntime-node's
// references (models/external/build-references.mjs writes them), natively and, as
// wnn-external.cjs, as wasm SIMD128 under Node.
//
//   wnn-external [models/external] [--filter substring]
//
// Per model (a folder with reference/manifest.json): PASS, FAIL (with the worst value), or
// REFUSED (wasmnn declined to load or plan it: its message; counted apart, neither passed nor
// failed). The rule is the one the manifest's `agreement` stores (web/harness/agreement.js,
// mirrored here): every value within relTolerance x the sample's reference range (max |ref|) of the
// reference, or, for an output where onnxruntime-node disagreed with itself (`widened`), of ORT's
// envelope (low/high files: the smallest and largest value ORT produced over its configurations),
// with at most `allowedBeyond` values outside it (as many as ORT flipped near-ties itself).
// Non-float outputs must match exactly. Last line: external: P passed, F failed, R refused.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/file_source.h"
#include "cli/json.h"
#include "cli/npy.h"
#include "cli/reference_set.h"
#include "wnn/runtime/session.h"

namespace fs = std::filesystem;
using namespace wnn;
using wnn::tools::Json;
using wnn::tools::RefArray;

namespace {

struct OutputRef {
  std::string name;
  RefArray want, low, high;  // low/high empty unless the rule is widened
  bool widened = false;
  size_t allowed_beyond = 0;  // values outside the envelope ORT's own flips allow
};

struct Comparison {
  double max_rel = 0, env_rel = 0;
  size_t beyond = 0, worst_sample = 0, worst_index = 0;
  double worst_got = 0, worst_low = 0, worst_high = 0;
};

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// The envelope rule of web/harness/agreement.js, for one output of every sample.
Comparison compare(const float* got, const OutputRef& ref, size_t samples, double tol) {
  Comparison c;
  const size_t total = ref.want.bytes.size() / 4;
  const size_t n = total / samples;
  const float* want = reinterpret_cast<const float*>(ref.want.bytes.data());
  const float* low =
      ref.low.bytes.empty() ? want : reinterpret_cast<const float*>(ref.low.bytes.data());
  const float* high =
      ref.high.bytes.empty() ? want : reinterpret_cast<const float*>(ref.high.bytes.data());
  for (size_t s = 0; s < samples; ++s) {
    double range = 0;
    for (size_t j = 0; j < n; ++j) range = std::max(range, std::fabs(double(want[s * n + j])));
    const double scale = range > 0 ? range : 1;
    for (size_t j = 0; j < n; ++j) {
      const size_t i = s * n + j;
      const double g = got[i];
      const double d = std::fabs(g - want[i]);
      c.max_rel = std::max(c.max_rel, std::isnan(d) ? INFINITY : d / scale);
      const double outside = std::isnan(g) ? INFINITY
                             : g < low[i]  ? low[i] - g
                             : g > high[i] ? g - high[i]
                                           : 0;
      const double rel = outside / scale;
      if (rel > tol) ++c.beyond;
      if (rel > c.env_rel) {
        c.env_rel = rel;
        c.worst_sample = s, c.worst_index = j, c.worst_got = g, c.worst_low = low[i],
        c.worst_high = high[i];
      }
    }
  }
  return c;
}

enum class Verdict { kPass, kFail, kRefused };

struct Result {
  Verdict verdict = Verdict::kPass;
  std::string message;
};

Expected<RefArray> read_entry(const std::string& dir, const Json* entry, const char* key) {
  const Json* file = entry ? entry->get(key) : nullptr;
  if (!file || !file->is_string())
    return Status::error(std::string("an entry without '") + key + "'");
  return tools::read_npy(dir + "/" + file->string);
}

Result run_model(const fs::path& model_dir) {
  Result r;
  const std::string dir = (model_dir / "reference").string();
  Expected<std::vector<uint8_t>> text = tools::read_file(dir + "/manifest.json");
  if (!text.ok()) return {Verdict::kFail, text.status().message()};
  Expected<Json> parsed = tools::parse_json(std::string(text.value().begin(), text.value().end()));
  if (!parsed.ok()) return {Verdict::kFail, "manifest.json: " + parsed.status().message()};
  const Json& m = parsed.value();
  const Json* agreement = m.get("agreement");
  const double tol =
      agreement && agreement->get("relTolerance") ? agreement->get("relTolerance")->number : 1e-3;
  const bool widened = agreement && agreement->get("widened") && agreement->get("widened")->boolean;
  const size_t samples = m.get("samples") ? static_cast<size_t>(m.get("samples")->number) : 0;
  if (samples == 0) return {Verdict::kFail, "manifest.json has no samples"};

  std::vector<std::pair<std::string, RefArray>> inputs;
  for (const Json& e : m.get("inputs")->array) {
    Expected<RefArray> a = read_entry(dir, &e, "file");
    if (!a.ok()) return {Verdict::kFail, "input: " + a.status().message()};
    inputs.emplace_back(e.get("name")->string, a.take());
  }
  std::vector<OutputRef> outputs;
  for (const Json& e : m.get("outputs")->array) {
    OutputRef o;
    o.name = e.get("name")->string;
    Expected<RefArray> a = read_entry(dir, &e, "file");
    if (!a.ok()) return {Verdict::kFail, "output: " + a.status().message()};
    o.want = a.take();
    if (const Json* rule = e.get("agreement")) {
      o.widened = rule->get("widened") && rule->get("widened")->boolean;
      if (const Json* n = rule->get("allowedBeyond"))
        o.allowed_beyond = static_cast<size_t>(n->number);
    }
    if (const Json* env = e.get("envelope")) {
      Expected<RefArray> lo = read_entry(dir, env, "low"), hi = read_entry(dir, env, "high");
      if (!lo.ok() || !hi.ok())
        return {Verdict::kFail, "envelope: " + (lo.ok() ? hi : lo).status().message()};
      o.low = lo.take();
      o.high = hi.take();
    }
    outputs.push_back(std::move(o));
  }

  // Read one field at a time, as the page reads it: the model is never in the heap whole.
  auto onnx = tools::FileByteSource::open((model_dir / "model.onnx").string());
  if (!onnx.ok()) return {Verdict::kFail, onnx.status().message()};
  Expected<std::unique_ptr<Session>> created = Session::create(*onnx.value());
  if (!created.ok()) return {Verdict::kRefused, created.status().message()};
  Session& s = *created.value();

  // Inputs by name; each sample as a batch of 1.
  std::vector<size_t> feed_of(s.inputs().size(), SIZE_MAX);
  for (size_t i = 0; i < s.inputs().size(); ++i)
    for (size_t k = 0; k < inputs.size(); ++k)
      if (inputs[k].first == s.inputs()[i].name) feed_of[i] = k;
  for (size_t i = 0; i < feed_of.size(); ++i)
    if (feed_of[i] == SIZE_MAX)
      return {Verdict::kFail, "the reference has no data for input '" + s.inputs()[i].name + "'"};
  std::vector<Shape> shapes;
  for (size_t i = 0; i < feed_of.size(); ++i) {
    Shape shape = inputs[feed_of[i]].second.shape;
    shape[0] = 1;
    shapes.push_back(shape);
  }
  Status prepared = s.prepare(shapes);
  if (!prepared.ok()) return {Verdict::kRefused, prepared.message()};

  std::vector<size_t> out_of(outputs.size(), SIZE_MAX);
  for (size_t o = 0; o < outputs.size(); ++o)
    for (size_t j = 0; j < s.outputs().size(); ++j)
      if (s.outputs()[j].name == outputs[o].name) out_of[o] = j;
  std::vector<std::vector<uint8_t>> got(outputs.size());
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (out_of[o] == SIZE_MAX)
      return {Verdict::kFail, "wasmnn's session has no output '" + outputs[o].name + "'"};
    got[o].reserve(outputs[o].want.bytes.size());
  }
  for (size_t k = 0; k < samples; ++k) {
    for (size_t i = 0; i < feed_of.size(); ++i) {
      const RefArray& a = inputs[feed_of[i]].second;
      if (s.inputs()[i].dtype != a.dtype)
        return {Verdict::kFail, "input '" + s.inputs()[i].name + "' is declared " +
                                    dtype_name(s.inputs()[i].dtype) + " but the reference holds " +
                                    dtype_name(a.dtype)};
      std::memcpy(s.input_data(i), a.bytes.data() + k * a.row_bytes(), a.row_bytes());
    }
    Status ran = s.run();
    if (!ran.ok())
      return {Verdict::kFail, "run (sample " + std::to_string(k) + "): " + ran.message()};
    for (size_t o = 0; o < outputs.size(); ++o) {
      const size_t j = out_of[o];
      int64_t elements = 1;
      for (int64_t d : s.output_shape(j)) elements *= d;
      const size_t bytes = dtype_size(s.output_dtype(j)) * static_cast<size_t>(elements);
      const uint8_t* p = static_cast<const uint8_t*>(s.output_data(j));
      got[o].insert(got[o].end(), p, p + bytes);
    }
  }

  std::string details;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const OutputRef& ref = outputs[o];
    const size_t j = out_of[o];
    if (s.output_dtype(j) != ref.want.dtype)
      return {Verdict::kFail, "output '" + ref.name + "' is " + dtype_name(s.output_dtype(j)) +
                                  ", the reference " + dtype_name(ref.want.dtype)};
    if (got[o].size() != ref.want.bytes.size())
      return {Verdict::kFail, "output '" + ref.name + "' has " + std::to_string(got[o].size()) +
                                  " bytes over the samples, the reference " +
                                  std::to_string(ref.want.bytes.size())};
    if (ref.want.dtype != DType::kFloat32) {
      if (got[o] != ref.want.bytes) {
        r.verdict = Verdict::kFail;
        details += "; " + ref.name + " differs (exact match needed for " +
                   dtype_name(ref.want.dtype) + ")";
      }
      continue;
    }
    const Comparison c = compare(reinterpret_cast<const float*>(got[o].data()), ref, samples, tol);
    details += "; " + ref.name + " max rel " + fmt("%.2e", c.max_rel);
    if (ref.widened) details += " (outside ORT's envelope " + fmt("%.2e", c.env_rel) + ")";
    if (c.beyond) {
      if (c.beyond > ref.allowed_beyond) r.verdict = Verdict::kFail;
      details +=
          ": " + std::to_string(c.beyond) + " values beyond " + fmt("%g", tol) + " of the range" +
          (ref.widened ? " outside ORT's envelope (allowed: " + std::to_string(ref.allowed_beyond) +
                             ", as many as ORT flipped itself)"
                       : "") +
          " (worst: sample " + std::to_string(c.worst_sample) + " index " +
          std::to_string(c.worst_index) + " got " + fmt("%.9g", c.worst_got) + ", ORT " +
          (c.worst_low == c.worst_high
               ? fmt("%.9g", c.worst_low)
               : fmt("%.9g", c.worst_low) + ".." + fmt("%.9g", c.worst_high)) +
          ")";
    }
  }
  const Json* rule_name = agreement ? agreement->get("rule") : nullptr;
  const std::string rule =
      widened ? "ORT's envelope (ORT disagrees with itself)"
      : rule_name && rule_name->string == "float16"
          ? "float16 model, " + fmt("%.2e", tol) + " of the range (twice ORT's own float16 error)"
          : "the bench's";
  r.message = std::to_string(samples) + " samples, rule: " + rule + details;
  return r;
}

int usage() {
  std::fprintf(stderr,
               "usage: wnn-external [DIR] [--filter substring]\n"
               "  DIR: models/external (default), whose <model>/reference/ node "
               "models/external/build-references.mjs writes\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "models/external", filter;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--filter" && i + 1 < argc)
      filter = argv[++i];
    else if (a == "--help" || a == "-h")
      return usage();
    else if (!a.empty() && a[0] != '-')
      dir = a;
    else
      return usage();
  }
  std::vector<fs::path> models;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::exists(e.path() / "info.json")) models.push_back(e.path());
  std::sort(models.begin(), models.end());
  if (models.empty()) {
    std::fprintf(stderr, "wnn-external: no models in '%s' (a folder per model with info.json)\n",
                 dir.c_str());
    return 2;
  }
  int passed = 0, failed = 0, refused = 0;
  for (const fs::path& model : models) {
    const std::string name = model.filename().string();
    if (!filter.empty() && name.find(filter) == std::string::npos) continue;
    if (!fs::exists(model / "reference" / "manifest.json")) {
      std::printf(
          "FAIL %s: no reference/manifest.json (node models/external/build-references.mjs writes "
          "it)\n",
          name.c_str());
      ++failed;
      continue;
    }
    const Result r = run_model(model);
    switch (r.verdict) {
      case Verdict::kPass:
        std::printf("PASS %s: %s\n", name.c_str(), r.message.c_str());
        ++passed;
        break;
      case Verdict::kFail:
        std::printf("FAIL %s: %s\n", name.c_str(), r.message.c_str());
        ++failed;
        break;
      case Verdict::kRefused:
        std::printf("REFUSED %s: refused: %s\n", name.c_str(), r.message.c_str());
        ++refused;
        break;
    }
    std::fflush(stdout);
  }
  std::printf("external: %d passed, %d failed, %d refused\n", passed, failed, refused);
  return failed == 0 ? 0 : 1;
}
