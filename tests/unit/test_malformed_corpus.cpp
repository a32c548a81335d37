// The malformed-model corpus (tests/malformed/, written by make_malformed.py): real .onnx files
// as a page would receive them, each broken in one way (wrong wire types, data that disagrees
// with its dims, overflowing dims, missing and duplicate names, cycles, external data, unknown
// types, subgraphs that do not fit their node, opsets beyond those claimed, deep nesting, and
// messages cut short). Each is read from its file through the real reader, then Session::create,
// prepare for its declared input shapes and one run; cases.json says at which of those stages it
// must be refused and what the message must say. Beside them, made here: the seed model cut at
// every byte (a download cut short), a model of 10^6 tiny nodes (refused while it is read) and a
// chain of 20,000 (loads and runs).
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/file_source.h"
#include "cli/json.h"
#include "cli/npy.h"
#include "graph_builder.h"
#include "wnn/onnx/onnx_reader.h"

using namespace wnn;
using namespace wnn::test;

namespace {

const std::string kCorpus = WNN_SOURCE_DIR "/tests/malformed/";

// Where loading stopped: "read", "create", "prepare", "run", or "loads" when nothing refused it.
struct Outcome {
  std::string stage;
  std::string message;
};

// Reads the model from `source` and takes it as far as it goes: create, prepare for `shapes`
// (the declared input shapes when null) and one run on zeros.
Outcome load(ByteSource& source, const std::vector<Shape>* shapes = nullptr) {
  Expected<Graph> g = read_onnx_model(source);
  if (!g.ok()) return {"read", g.status().message()};
  Expected<std::unique_ptr<Session>> s = Session::create(g.take());
  if (!s.ok()) return {"create", s.status().message()};
  Session& session = *s.value();
  std::vector<Shape> given;
  if (shapes) {
    given = *shapes;
  } else {
    for (const ValueInfo& in : session.inputs()) {
      for (int64_t d : in.shape)
        if (d == kUnknownDim) return {"no shapes", "input '" + in.name + "' is symbolic"};
      given.push_back(in.shape);
    }
  }
  Status st = session.prepare(given);
  if (!st.ok()) return {"prepare", st.message()};
  for (size_t i = 0; i < given.size(); ++i)
    std::memset(session.input_data(i), 0,
                static_cast<size_t>(shape_elements(given[i])) *
                    dtype_size(session.inputs()[i].dtype));
  st = session.run();
  if (!st.ok()) return {"run", st.message()};
  return {"loads", ""};
}

Outcome load_file(const std::string& path, const std::vector<Shape>* shapes = nullptr) {
  auto source = tools::FileByteSource::open(path);
  REQUIRE_MESSAGE(source.ok(), source.status().message());
  return load(*source.value(), shapes);
}

tools::Json manifest() {
  auto text = tools::read_file(kCorpus + "cases.json");
  REQUIRE_MESSAGE(text.ok(), text.status().message());
  auto json = tools::parse_json(std::string(text.value().begin(), text.value().end()));
  REQUIRE_MESSAGE(json.ok(), json.status().message());
  return json.take();
}

}  // namespace

TEST_CASE("every file of the malformed corpus is refused where and as its manifest says") {
  const tools::Json m = manifest();
  const tools::Json* cases = m.get("cases");
  REQUIRE(cases);
  CHECK(cases->array.size() >= 100);  // the corpus is there, not an empty list
  const bool print = std::getenv("WNN_CORPUS_PRINT") != nullptr;
  for (const tools::Json& c : cases->array) {
    const std::string file = c.get("file")->string;
    const std::string stage = c.get("stage")->string;
    CAPTURE(file);
    std::vector<Shape> shapes;
    const tools::Json* given = c.get("shapes");
    if (given)
      for (const tools::Json& s : given->array) {
        Shape shape;
        for (const tools::Json& d : s.array) shape.push_back(static_cast<int64_t>(d.number));
        shapes.push_back(shape);
      }
    const Outcome out = load_file(kCorpus + file, given ? &shapes : nullptr);
    if (print) std::printf("%s\n  %s: %s\n", file.c_str(), out.stage.c_str(), out.message.c_str());
    INFO(out.message);
    CHECK(out.stage == stage);
    for (const tools::Json& e : c.get("expect")->array) CHECK(has(out.message, e.string));
  }
}

namespace {

// A protobuf varint, and a field: tag = number << 3 | wire type (0 varint, 2 length-delimited).
void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<uint8_t>(v | 0x80));
  out.push_back(static_cast<uint8_t>(v));
}
void put_bytes(std::vector<uint8_t>& out, uint32_t number, const std::vector<uint8_t>& payload) {
  put_varint(out, number << 3 | 2);
  put_varint(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}
void put_string(std::vector<uint8_t>& out, uint32_t number, const std::string& s) {
  put_bytes(out, number, std::vector<uint8_t>(s.begin(), s.end()));
}
void put_int(std::vector<uint8_t>& out, uint32_t number, uint64_t v) {
  put_varint(out, number << 3);
  put_varint(out, v);
}

// A top-level field of a ModelProto: its number and where it lies.
struct TopField {
  uint32_t number;
  size_t begin, end;
};

uint64_t get_varint(const std::vector<uint8_t>& b, size_t& at) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t byte = b.at(at++);
    v |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) return v;
  }
}

std::vector<TopField> top_fields(const std::vector<uint8_t>& b) {
  std::vector<TopField> fields;
  for (size_t at = 0; at < b.size();) {
    const size_t begin = at;
    const uint64_t key = get_varint(b, at);
    switch (key & 7) {
      case 0: get_varint(b, at); break;
      case 1: at += 8; break;
      case 5: at += 4; break;
      default: at += static_cast<size_t>(get_varint(b, at));
    }
    fields.push_back({static_cast<uint32_t>(key >> 3), begin, at});
  }
  REQUIRE(!fields.empty());
  REQUIRE(fields.back().end == b.size());
  return fields;
}

}  // namespace

// A download cut short: seed.onnx (x -> Mul(x, w) -> Softmax, an initializer, typed inputs and
// outputs, an attribute; 176 bytes) cut after every byte, so at every field boundary of every
// message and inside every field. A cut between two top-level fields leaves a well-formed
// protobuf that lacks the fields after it; any other cut ends inside a field, and the message
// must say the file is truncated, where it ends, inside which field and how many bytes it needs.
TEST_CASE("the seed model cut at every byte: truncated, or named by the field it lacks") {
  auto read = tools::read_file(kCorpus + "seed.onnx");
  REQUIRE(read.ok());
  const std::vector<uint8_t> seed = read.take();
  const std::vector<TopField> fields = top_fields(seed);
  auto end_of = [&](uint32_t number) {
    for (const TopField& f : fields)
      if (f.number == number) return f.end;
    FAIL("seed.onnx has no field " << number);
    return size_t{0};
  };
  const size_t graph_end = end_of(7), opset_end = end_of(8);
  REQUIRE(graph_end < opset_end);  // onnx writes fields in number order
  const char* names[] = {"",  "ir_version", "producer_name", "",           "",
                         "",  "",           "graph",         "opset_import"};
  int truncated = 0, lacking = 0;
  for (size_t cut = 0; cut < seed.size(); ++cut) {
    CAPTURE(cut);
    MemoryByteSource source(seed.data(), cut);
    const Outcome out = load(source);
    if (std::getenv("WNN_CORPUS_PRINT")) std::printf("cut %zu: %s\n", cut, out.message.c_str());
    INFO(out.message);
    CHECK(out.stage == "read");
    const TopField* inside = nullptr;
    for (const TopField& f : fields)
      if (f.begin < cut && cut < f.end) inside = &f;
    if (cut == 0) {
      CHECK(has(out.message, "the model is empty (0 bytes)"));
    } else if (inside) {
      ++truncated;
      CHECK(has(out.message, "the file is truncated: it ends after " + std::to_string(cut) +
                                 (cut == 1 ? " byte" : " bytes") + ", inside ModelProto." +
                                 names[inside->number] +
                                 " (which starts at byte " + std::to_string(inside->begin)));
      CHECK(has(out.message, "fetch or copy the model again"));
    } else {
      ++lacking;
      CHECK(has(out.message, cut < graph_end
                                 ? "the model has no graph"
                                 : "the model declares no opset for the default ONNX domain"));
    }
  }
  CHECK(truncated > 150);
  CHECK(lacking == static_cast<int>(fields.size()) - 1);
  // Uncut, it loads.
  MemoryByteSource whole(seed.data(), seed.size());
  CHECK(load(whole).stage == "loads");
}

namespace {

// ModelProto{ir_version 8, graph{nodes, input x: float [1], output v<n>}, opset 13}: a chain of
// n Neg nodes v0 = x -> v1 -> ... -> v<n>, unnamed (the reader names them), as bytes. Each node
// is appended in one piece (the test code is built -O0: byte by byte, 10^6 nodes took 8 s under
// ASan).
std::vector<uint8_t> neg_chain(size_t n) {
  std::vector<uint8_t> graph;
  graph.reserve(n * 30 + 64);
  for (size_t i = 0; i < n; ++i) {
    char in[24], out[24];
    const int li = i == 0 ? std::snprintf(in, sizeof in, "x")
                          : std::snprintf(in, sizeof in, "v%zu", i);
    const int lo = std::snprintf(out, sizeof out, "v%zu", i + 1);
    // NodeProto{input: in, output: out, op_type: "Neg"}, every length below 128 (one byte).
    uint8_t node[64];
    size_t k = 0;
    node[k++] = 0x0a;  // field 1 (GraphProto.node), length-delimited
    node[k++] = static_cast<uint8_t>(2 + li + 2 + lo + 5);
    node[k++] = 0x0a;  // NodeProto.input
    node[k++] = static_cast<uint8_t>(li);
    std::memcpy(node + k, in, static_cast<size_t>(li));
    k += static_cast<size_t>(li);
    node[k++] = 0x12;  // NodeProto.output
    node[k++] = static_cast<uint8_t>(lo);
    std::memcpy(node + k, out, static_cast<size_t>(lo));
    k += static_cast<size_t>(lo);
    const uint8_t op_type[] = {0x22, 3, 'N', 'e', 'g'};  // NodeProto.op_type
    std::memcpy(node + k, op_type, sizeof op_type);
    k += sizeof op_type;
    graph.insert(graph.end(), node, node + k);
  }
  auto value = [&](const std::string& name, bool typed) {
    std::vector<uint8_t> v, type, tensor, shape, dim;
    put_string(v, 1, name);
    if (typed) {
      put_int(dim, 1, 1);
      put_bytes(shape, 1, dim);
      put_int(tensor, 1, 1);  // float32
      put_bytes(tensor, 2, shape);
      put_bytes(type, 1, tensor);
      put_bytes(v, 2, type);
    }
    return v;
  };
  put_bytes(graph, 11, value("x", true));
  put_bytes(graph, 12, value("v" + std::to_string(n), false));
  std::vector<uint8_t> model, opset;
  model.reserve(graph.size() + 32);
  put_int(model, 1, 8);
  put_bytes(model, 7, graph);
  put_int(opset, 2, 13);
  put_bytes(model, 8, opset);
  return model;
}

}  // namespace

// A source that counts the bytes the reader asked for.
class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Status read(uint64_t offset, size_t n, uint8_t* dest) override {
    std::memcpy(dest, bytes_.data() + offset, n);
    total += n;
    return ok_status();
  }
  uint64_t total = 0;

 private:
  const std::vector<uint8_t>& bytes_;
};

// 10^6 tiny nodes (a 27 MB file of nothing but Neg nodes). Loading costs ~2 KB and ~25 us per
// node natively: all of it would take ~2 GB (past a wasm heap) and half a minute. The reader
// refuses a model past 200,000 nodes as it reads them, so most of the file is never decoded.
TEST_CASE("a model of 10^6 tiny nodes is refused while it is read") {
  const std::vector<uint8_t> bytes = neg_chain(1000000);
  CountingSource source(bytes);
  auto s = Session::create(source);
  REQUIRE(!s.ok());
  CHECK(has(s.status().message(),
            "invalid ONNX model: the model has more than 200000 nodes (counting those in "
            "subgraphs), the most wasmnn loads"));
  CHECK(source.total < bytes.size() / 4);
}

// A long chain within the limit loads, plans and runs: nothing in loading, the passes or the
// planner recurses per node or is quadratic in nodes.
TEST_CASE("a chain of 20,000 tiny nodes loads, plans and runs") {
  const size_t n = 20000;
  const std::vector<uint8_t> bytes = neg_chain(n);
  MemoryByteSource source(bytes.data(), bytes.size());
  auto s = Session::create(source);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  Session& session = *s.value();
  const Status planned = session.prepare({{1}});
  REQUIRE_MESSAGE(planned.ok(), planned.message());
  *static_cast<float*>(session.input_data(0)) = 1.5f;
  REQUIRE(session.run().ok());
  CHECK(*static_cast<const float*>(session.output_data(0)) == 1.5f);  // an even number of Negs
}
