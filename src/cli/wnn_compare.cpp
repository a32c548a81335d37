// wnn-compare: every layer of an ONNX model, run natively by wasmnn (scalar kernels by default),
// against a PC per-layer reference set, without a browser.
//   wnn-compare <model.onnx> <manifest.json> [--rows 0,1] [--simd]
// manifest.json: a wasmnn-reference/1 set with per-layer values in the full format (committed in
// models/<m>/reference/ort/, or written by `models/reference MODEL.onnx INPUTS --layers 0,1`).
// Any number and dtype of inputs (float32 images, int64 token ids, uint8 decoded to float32).
// Every node output is added to the graph's outputs before the Session is created.
// Prints one line per value in graph order (max abs / rel error, cosine) and the first divergence
// by the workbench's rule (web/harness/investigate/layer-compare.js): rel error > 1e-3 and > 10x
// the largest rel error of the layers before it (floor 1e-6). Exit 0: no divergence; 1: a
// divergence; 2: usage or input errors.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "cli/npy.h"
#include "cli/reference_set.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/runtime/session.h"

namespace {

constexpr double kTolerance = 1e-3, kJump = 10, kNoiseFloor = 1e-6;

int usage_error(const std::string& message) {
  std::fprintf(stderr, "wnn-compare: %s\n", message.c_str());
  return 2;
}

struct LayerResult {
  std::string name, node, op, status;  // status: empty when compared
  double max_abs = 0, max_rel = 0, cosine = 1;
  bool compared = false;
};

LayerResult compare_floats(const float* ref, const float* got, size_t n) {
  LayerResult r;
  double range = 0, dot = 0, nr = 0, ng = 0;
  bool non_finite = false;
  for (size_t i = 0; i < n; ++i) {
    const double a = ref[i], b = got[i];
    if (!std::isfinite(b)) non_finite = true;
    const double d = std::fabs(b - a);
    r.max_abs = std::isnan(d) ? INFINITY : std::fmax(r.max_abs, d);
    range = std::fmax(range, std::fabs(a));
    dot += a * b;
    nr += a * a;
    ng += b * b;
  }
  r.max_rel = non_finite ? INFINITY : range > 0 ? r.max_abs / range : r.max_abs;
  r.cosine = nr == 0 && ng == 0 ? 1 : nr == 0 || ng == 0 ? 0 : dot / std::sqrt(nr * ng);
  r.compared = true;
  return r;
}

std::vector<int64_t> parse_rows(const std::string& s) {
  std::vector<int64_t> rows;
  std::string n;
  for (char c : s + ",") {
    if (c >= '0' && c <= '9')
      n += c;
    else if (c == ',' && !n.empty()) {
      rows.push_back(std::stoll(n));
      n.clear();
    } else if (c != ',')
      return {};
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[1], "--help") == 0)
    return usage_error(
        "usage: wnn-compare <model.onnx> <manifest.json> [--rows 0,1] [--simd]\n"
        "  manifest.json: a wasmnn-reference/1 set with per-layer values (models/README.md),\n"
        "  e.g. models/resnet20/reference/ort/manifest.json");
  std::vector<int64_t> rows;
  wnn::SessionOptions options;
  options.scalar_kernels = true;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--simd") == 0)
      options.scalar_kernels = false;
    else if (std::strcmp(argv[i], "--rows") == 0 && i + 1 < argc) {
      rows = parse_rows(argv[++i]);
      if (rows.empty())
        return usage_error(std::string("--rows takes row numbers like 0,1, got '") + argv[i] + "'");
    } else
      return usage_error(std::string("unknown option '") + argv[i] + "'");
  }

  auto set = wnn::tools::read_reference_set(argv[2]);
  if (!set.ok()) return usage_error(set.status().message());
  const wnn::tools::ReferenceSet& ref = set.value();
  if (rows.empty())
    for (size_t j = 0; j < ref.layer_rows.size(); ++j) rows.push_back(static_cast<int64_t>(j));
  for (int64_t j : rows)
    if (j < 0 || j >= static_cast<int64_t>(ref.layer_rows.size()))
      return usage_error("row " + std::to_string(j) + " is not in the per-layer set (it has " +
                         std::to_string(ref.layer_rows.size()) + " rows)");

  auto bytes = wnn::tools::read_file(argv[1]);
  if (!bytes.ok()) return usage_error(bytes.status().message());
  auto graph = wnn::read_onnx_model(bytes.value().data(), bytes.value().size());
  if (!graph.ok()) return usage_error(std::string(argv[1]) + ": " + graph.status().message());
  wnn::Graph g = graph.take();
  // Every node output becomes a graph output (the same values the reference set holds).
  std::set<std::string> outputs;
  for (const wnn::ValueInfo& v : g.outputs) outputs.insert(v.name);
  for (const wnn::Node& n : g.nodes)
    for (const std::string& o : n.outputs)
      if (!o.empty() && outputs.insert(o).second)
        g.outputs.push_back(wnn::ValueInfo{o, wnn::DType::kUndefined, {}, {}});
  auto created = wnn::Session::create(std::move(g), options);
  if (!created.ok()) return usage_error(std::string(argv[1]) + ": " + created.status().message());
  wnn::Session& s = *created.value();

  // Feeds: each session input from the set's input of the same name, one sample per run.
  std::vector<const wnn::tools::RefArray*> feeds;
  for (const wnn::ValueInfo& in : s.inputs()) {
    const wnn::tools::RefArray* found = nullptr;
    for (const auto& r : ref.inputs)
      if (r.name == in.name) found = &r.array;
    if (!found) return usage_error("the reference set has no input '" + in.name + "'");
    if (found->dtype != in.dtype)
      return usage_error("input '" + in.name + "': the model wants " + wnn::dtype_name(in.dtype) +
                         ", the set holds " + wnn::dtype_name(found->dtype));
    feeds.push_back(found);
  }
  std::vector<size_t> out_index(ref.layers.size(), SIZE_MAX);
  for (size_t l = 0; l < ref.layers.size(); ++l)
    for (size_t o = 0; o < s.outputs().size(); ++o)
      if (s.outputs()[o].name == ref.layers[l].name) out_index[l] = o;

  // Computed values per layer, rows concatenated.
  std::vector<std::vector<uint8_t>> got(ref.layers.size());
  for (int64_t j : rows) {
    const int64_t sample = ref.layer_rows[static_cast<size_t>(j)];
    std::vector<wnn::Shape> shapes;
    for (const auto* f : feeds) {
      wnn::Shape one = f->shape;
      one[0] = 1;
      shapes.push_back(one);
    }
    wnn::Status st = s.prepare(shapes);
    if (!st.ok()) return usage_error(st.message());
    for (size_t i = 0; i < feeds.size(); ++i) {
      if (sample >= feeds[i]->shape[0])
        return usage_error("sample " + std::to_string(sample) + " is not in the set's input '" +
                           s.inputs()[i].name + "'");
      std::memcpy(s.input_data(i),
                  feeds[i]->bytes.data() + static_cast<size_t>(sample) * feeds[i]->row_bytes(),
                  feeds[i]->row_bytes());
    }
    st = s.run();
    if (!st.ok()) return usage_error(st.message());
    for (size_t l = 0; l < ref.layers.size(); ++l) {
      if (out_index[l] == SIZE_MAX) continue;
      const size_t o = out_index[l];
      const size_t n = static_cast<size_t>(wnn::shape_elements(s.output_shape(o))) *
                       wnn::dtype_size(s.output_dtype(o));
      const uint8_t* p = static_cast<const uint8_t*>(s.output_data(o));
      got[l].insert(got[l].end(), p, p + n);
    }
  }

  std::printf("wnn-compare: %s vs %s (%s), rows %zu, kernels %s\n", argv[1], argv[2],
              ref.producer.c_str(), rows.size(), s.kernels_name());
  std::printf("%4s  %-18s %-10s %-10s %-10s  %s\n", "#", "op", "max abs", "max rel", "cosine",
              "value");
  double noise = kNoiseFloor;
  int first = -1, index = 0;
  for (size_t l = 0; l < ref.layers.size(); ++l, ++index) {
    const auto& layer = ref.layers[l];
    LayerResult r;
    if (layer.dtype != wnn::DType::kFloat32)
      r.status = "not compared: not float32";
    else if (out_index[l] == SIZE_MAX)
      r.status = "not computed by wasmnn";
    else {
      auto want = wnn::tools::read_layer(ref, layer);
      if (!want.ok()) return usage_error(want.status().message());
      const size_t per = want.value().row_bytes();
      std::vector<float> want_rows;
      for (int64_t j : rows) {
        const float* p = reinterpret_cast<const float*>(want.value().bytes.data() +
                                                        static_cast<size_t>(j) * per);
        want_rows.insert(want_rows.end(), p, p + per / 4);
      }
      if (got[l].size() != want_rows.size() * 4)
        r.status = "not compared: wasmnn computed " + std::to_string(got[l].size() / 4) +
                   " values, the PC " + std::to_string(want_rows.size());
      else
        r = compare_floats(want_rows.data(), reinterpret_cast<const float*>(got[l].data()),
                           want_rows.size());
    }
    if (!r.compared) {
      std::printf("%4d  %-18s %s  %s\n", index, layer.op.c_str(), r.status.c_str(),
                  layer.name.c_str());
      continue;
    }
    const bool diverges = first < 0 && r.max_rel > kTolerance && r.max_rel > kJump * noise;
    if (diverges) first = index;
    if (first < 0) noise = std::fmax(noise, r.max_rel);
    std::printf("%4d  %-18s %-10.3g %-10.3g %-10.6f  %s%s\n", index, layer.op.c_str(), r.max_abs,
                r.max_rel, r.cosine, layer.name.c_str(), diverges ? "   <- first divergence" : "");
  }
  if (first < 0) {
    std::printf("first divergence: none\n");
    return 0;
  }
  const auto& f = ref.layers[static_cast<size_t>(first)];
  std::printf("first divergence: #%d %s (%s, node %s)\n", first, f.name.c_str(), f.op.c_str(),
              f.node.c_str());
  return 1;
}
