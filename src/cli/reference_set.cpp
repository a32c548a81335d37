#include "cli/reference_set.h"

#include <cmath>
#include <cstring>

#include "cli/json.h"
#include "cli/npy.h"

namespace wnn::tools {

namespace {

std::string parent_dir(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// f32(f32(u8) / scale) + offset, each element repeated repeat[a] times along sample axis a.
RefArray decode_uint8(const RefArray& u8, double scale, double offset,
                      const std::vector<int64_t>& repeat) {
  RefArray out;
  out.dtype = DType::kFloat32;
  Shape inner(u8.shape.begin() + 1, u8.shape.end());
  Shape out_inner = inner;
  for (size_t a = 0; a < inner.size() && a < repeat.size(); ++a)
    out_inner[a] = inner[a] * repeat[a];
  out.shape = {u8.shape[0]};
  out.shape.insert(out.shape.end(), out_inner.begin(), out_inner.end());
  const int64_t in_per = shape_elements(inner), out_per = shape_elements(out_inner);
  out.bytes.resize(static_cast<size_t>(u8.shape[0] * out_per) * 4);
  float* dst = reinterpret_cast<float*>(out.bytes.data());
  std::vector<int64_t> coord(inner.size(), 0);
  for (int64_t o = 0; o < out_per; ++o) {
    int64_t src = 0;
    for (size_t a = 0; a < inner.size(); ++a)
      src = src * inner[a] + coord[a] / (a < repeat.size() ? repeat[a] : 1);
    for (int64_t s = 0; s < u8.shape[0]; ++s) {
      const float v = static_cast<float>(u8.bytes[static_cast<size_t>(s * in_per + src)]);
      dst[s * out_per + o] =
          static_cast<float>(v / static_cast<float>(scale)) + static_cast<float>(offset);
    }
    for (size_t a = inner.size(); a-- > 0;) {
      if (++coord[a] < out_inner[a]) break;
      coord[a] = 0;
    }
  }
  return out;
}

}  // namespace

Expected<ReferenceSet> read_reference_set(const std::string& manifest_path) {
  Expected<std::vector<uint8_t>> text = read_file(manifest_path);
  if (!text.ok()) return text.status();
  Expected<Json> parsed = parse_json(std::string(text.value().begin(), text.value().end()));
  if (!parsed.ok()) return Status::error("'" + manifest_path + "': " + parsed.status().message());
  const Json& m = parsed.value();
  const Json* format = m.get("format");
  if (!format || format->string != "wasmnn-reference/1")
    return Status::error("'" + manifest_path +
                         "' is not a wasmnn-reference/1 manifest (models/README.md)");
  ReferenceSet set;
  set.dir = parent_dir(manifest_path);
  const Json* inputs = m.get("inputs");
  if (!inputs || inputs->array.empty())
    return Status::error("'" + manifest_path + "' lists no inputs");
  for (const Json& e : inputs->array) {
    const Json* name = e.get("name");
    const Json* file = e.get("file");
    if (!name || !file)
      return Status::error("'" + manifest_path +
                           "': an input without name or file (inputs built from a dataset, e.g. a "
                           "test set, are not read here: use the reference set)");
    Expected<RefArray> a = read_npy(set.dir + "/" + file->string);
    if (!a.ok()) return a.status();
    RefInput in{name->string, a.take()};
    if (const Json* dec = e.get("decode")) {
      std::vector<int64_t> repeat;
      if (const Json* r = dec->get("repeat"))
        for (const Json& x : r->array) repeat.push_back(static_cast<int64_t>(x.number));
      in.array = decode_uint8(in.array, dec->get("scale") ? dec->get("scale")->number : 1,
                              dec->get("offset") ? dec->get("offset")->number : 0, repeat);
    }
    set.inputs.push_back(std::move(in));
  }
  const Json* layers = m.get("layers");
  if (!layers)
    return Status::error("'" + manifest_path +
                         "' has no per-layer values (write them with models/reference MODEL.onnx "
                         "INPUTS --layers 0,1)");
  if (const Json* f = layers->get("format"); f && f->string != "full")
    return Status::error(
        "'" + manifest_path + "': per-layer values in the '" + f->string +
        "' format; wnn-compare needs 'full' (models/reference --layer-format full)");
  if (const Json* p = layers->get("producer")) set.producer = p->string;
  if (const Json* rows = layers->get("sampleRows"))
    for (const Json& r : rows->array) set.layer_rows.push_back(static_cast<int64_t>(r.number));
  if (const Json* values = layers->get("values")) {
    for (const Json& v : values->array) {
      RefLayer l;
      l.name = v.get("name") ? v.get("name")->string : "";
      l.node = v.get("node") ? v.get("node")->string : "";
      l.op = v.get("op") ? v.get("op")->string : "";
      l.file = v.get("file") ? v.get("file")->string : "";
      const std::string dt = v.get("dtype") ? v.get("dtype")->string : "";
      l.dtype = dt == "float32" ? DType::kFloat32
                : dt == "int64" ? DType::kInt64
                : dt == "int32" ? DType::kInt32
                : dt == "bool"  ? DType::kBool
                                : DType::kUndefined;
      set.layers.push_back(l);
    }
  }
  return set;
}

Expected<RefArray> read_layer(const ReferenceSet& set, const RefLayer& layer) {
  return read_npy(set.dir + "/" + layer.file);
}

}  // namespace wnn::tools
