#include "wnn/runtime/session.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <new>
#include <set>
#include <stdexcept>

#include "wnn/core/monotonic_clock.h"
#include "wnn/graph/passes/float16_in_float32.h"
#include "wnn/graph/value_producers.h"
#include "wnn/graph/passes/fold_batch_norm.h"
#include "wnn/graph/passes/fuse_activation.h"
#include "wnn/graph/passes/fuse_matmul_bias.h"
#include "wnn/graph/passes/fuse_residual_add.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/ops/registry.h"
#include "wnn/plan/arena_planner.h"
#include "wnn/plan/fold_constants.h"

namespace wnn {
namespace {

std::string supported_list() {
  std::string s;
  for (const std::string& op : supported_op_types()) s += (s.empty() ? "" : ", ") + op;
  return s;
}

// What a model needs that wasmnn lacks is named all at once, so a user sees the whole gap in one
// message: operator types it does not have (each with the first node using it) and every node
// whose create() refused an attribute, dtype or opset form, capped at kMaxRefusalLines lines.
// Nodes inside subgraphs (If branches, Loop bodies) count too, whether or not they would run.
constexpr size_t kMaxRefusalLines = 20;

void find_unsupported(const Graph& g, const Graph& model, std::string& missing,
                      std::set<std::string>& seen) {
  for (const Node& n : g.nodes) {
    for (const auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph) find_unsupported(*a.g, model, missing, seen);
    const bool default_domain = n.domain.empty() || n.domain == "ai.onnx";
    const OpRegistration* reg = default_domain ? find_op(n.op_type) : nullptr;
    if (reg && model.opset >= reg->min_opset && model.opset <= reg->max_opset) continue;
    const std::string key = n.domain + "::" + n.op_type;
    if (!seen.insert(key).second) continue;
    std::string form;
    if (reg && model.opset < reg->min_opset)
      form = " as defined before opset " + std::to_string(reg->min_opset);
    else if (reg)
      form = " as defined from opset " + std::to_string(reg->max_opset + 1);
    missing += std::string(missing.empty() ? "" : "; ") + n.op_type +
               (default_domain ? "" : " (domain '" + n.domain + "')") + form + " (first at node '" +
               n.name + "')";
  }
}

std::string missing_op_types(const Graph& g) {
  std::string missing;
  std::set<std::string> seen;
  find_unsupported(g, g, missing, seen);
  return missing;
}

// Every supported node whose input or output count its op does not take, at every depth: checked
// before any create() runs, so no op reads an input or writes an output its node lacks.
void find_arity_refusals(const Graph& g, int64_t opset, std::vector<std::string>& refusals) {
  for (const Node& n : g.nodes) {
    for (const auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph && a.g) find_arity_refusals(*a.g, opset, refusals);
    const bool default_domain = n.domain.empty() || n.domain == "ai.onnx";
    const OpRegistration* reg = default_domain ? find_op(n.op_type) : nullptr;
    if (!reg || opset < reg->min_opset || opset > reg->max_opset) continue;
    std::string refusal = arity_refusal(*reg, n, opset);
    if (!refusal.empty()) refusals.push_back(std::move(refusal));
  }
}

bool op_supported(const Graph& g, const Node& n) {
  const OpRegistration* reg =
      n.domain.empty() || n.domain == "ai.onnx" ? find_op(n.op_type) : nullptr;
  return reg && g.opset >= reg->min_opset && g.opset <= reg->max_opset;
}

Status load_refusal(const Graph& g, const std::string& missing,
                    const std::vector<std::string>& refusals) {
  if (missing.empty() && refusals.size() == 1) return Status::error(refusals[0]);
  std::string m;
  if (!missing.empty())
    m = "the model uses operators wasmnn does not support yet (opset " + std::to_string(g.opset) +
        "): " + missing + ".";
  if (!refusals.empty()) {
    m += std::string(m.empty() ? "" : "\n") + "wasmnn refuses " + std::to_string(refusals.size()) +
         (refusals.size() == 1 ? " thing" : " things") + " in this model (opset " +
         std::to_string(g.opset) + "):";
    for (size_t i = 0; i < refusals.size() && i < kMaxRefusalLines; ++i) m += "\n  " + refusals[i];
    if (refusals.size() > kMaxRefusalLines)
      m += "\n  ... and " + std::to_string(refusals.size() - kMaxRefusalLines) + " more";
  }
  if (!missing.empty())
    m += (refusals.empty() ? " Supported: " : "\nSupported: ") + supported_list() + ".";
  return Status::error(m);
}

// Weights are not kept twice: an initializer whose every reader packed it into its own form at
// creation (and that is no graph output, nor in `keep`) keeps its type and shape in
// Graph::prepacked, not its bytes. It goes as soon as its last reader is created, so loading
// holds the unpacked weights still to come plus the packed ones made so far: near the model's
// size, not twice it (VGG-16's 58 MiB of weights).
class PrepackedRelease {
 public:
  PrepackedRelease(const Graph& g, std::set<std::string> keep) : keep_(std::move(keep)) {
    for (const ValueInfo& out : g.outputs) keep_.insert(out.name);
    std::vector<std::string> inner;
    for (size_t s = 0; s < g.nodes.size(); ++s) {
      append_subgraph_reads(g.nodes[s], inner);  // If branches read outer weights by name
      for (const std::string& in : g.nodes[s].inputs) last_reader_[in] = s;
    }
    keep_.insert(inner.begin(), inner.end());
  }

  // Whether node s may take input i's initializer (OpContext::take_constant_bytes): it is the
  // last to read it, reads it once, and nothing keeps it.
  bool may_take(const Graph& g, size_t s, size_t i) {
    const std::vector<std::string>& inputs = g.nodes[s].inputs;
    const std::string& in = inputs[i];
    return last_reader_[in] == s && !keep_.count(in) &&
           std::count(inputs.begin(), inputs.end(), in) == 1;
  }

  // After node s's op was created (op: null when it was refused): what it did not pack stays.
  void created(Graph& g, size_t s, const Op* op) {
    const std::vector<std::string>& inputs = g.nodes[s].inputs;
    const std::vector<size_t> packed = op ? op->prepacked_inputs() : std::vector<size_t>{};
    for (size_t i = 0; i < inputs.size(); ++i)
      if (std::find(packed.begin(), packed.end(), i) == packed.end()) keep_.insert(inputs[i]);
    for (const std::string& in : inputs)
      if (last_reader_[in] == s && !keep_.count(in)) drop(g, g.initializers.find(in));
  }

  // After the last node: initializers no node reads (those folding left behind) go too.
  void finish(Graph& g) {
    for (auto it = g.initializers.begin(); it != g.initializers.end();)
      it = last_reader_.count(it->first) || keep_.count(it->first) ? std::next(it) : drop(g, it);
  }

 private:
  std::map<std::string, Tensor>::iterator drop(Graph& g, std::map<std::string, Tensor>::iterator it) {
    if (it == g.initializers.end()) return it;
    g.prepacked.emplace(it->first, Tensor{it->second.dtype, it->second.shape, {}});
    return g.initializers.erase(it);
  }

  std::set<std::string> keep_;
  std::map<std::string, size_t> last_reader_;
};

// Planning checks every size against the memory limit before allocating; where the build has
// exceptions (native), an allocation that fails anyway becomes an error here, not an abort.
Status fold_constants_guarded(Graph& g, const kernels::KernelConfig& kernels, uint64_t limit) {
#if defined(__cpp_exceptions)
  try {
    return fold_constants(g, kernels, limit);
  } catch (const std::bad_alloc&) {
    return Status::error("out of memory while folding the model's constants at load");
  } catch (const std::length_error&) {
    return Status::error("out of memory while folding the model's constants at load");
  }
#else
  return fold_constants(g, kernels, limit);
#endif
}

Expected<ExecutionPlan> plan_guarded(const Graph& g, const std::vector<std::unique_ptr<Op>>& ops,
                                     ValueTable& values, const std::vector<Shape>& shapes,
                                     size_t threads, const std::vector<int>& kept,
                                     uint64_t limit) {
#if defined(__cpp_exceptions)
  try {
    return build_execution_plan(g, ops, values, shapes, threads, kept, limit);
  } catch (const std::bad_alloc&) {
    return Status::error("out of memory while planning for input shapes");
  } catch (const std::length_error&) {
    return Status::error("out of memory while planning for input shapes");
  }
#else
  return build_execution_plan(g, ops, values, shapes, threads, kept, limit);
#endif
}

}  // namespace

Session::~Session() { std::free(arena_); }

Expected<std::unique_ptr<Session>> Session::create(const uint8_t* onnx, size_t size,
                                                   const SessionOptions& options) {
  Expected<Graph> graph = read_onnx_model(onnx, size);
  if (!graph.ok()) return graph.status();
  return create(graph.take(), options);
}

Expected<std::unique_ptr<Session>> Session::create(ByteSource& onnx,
                                                   const SessionOptions& options) {
  Expected<Graph> graph = read_onnx_model(onnx);
  if (!graph.ok()) return graph.status();
  return create(graph.take(), options);
}

Expected<std::unique_ptr<Session>> Session::create(Graph graph, const SessionOptions& options) {
  std::unique_ptr<Session> s(new Session());
  s->graph_ = std::move(graph);
  Graph& g = s->graph_;
  s->catalog_ = ValueCatalog(g);
  std::set<std::string> folded;  // node outputs of the file, kept when folded
  if (options.keep_folded_values)
    for (const Node& n : g.nodes) folded.insert(n.outputs.begin(), n.outputs.end());
  if (g.opset < 1 || g.opset > kNewestOpset)
    return Status::error("the model uses opset " + std::to_string(g.opset) +
                         " of the default ONNX domain; wasmnn supports opsets 1 to " +
                         std::to_string(kNewestOpset) +
                         ", each operator from the opset its semantics follow (re-export the "
                         "model, e.g. torch.onnx.export(..., opset_version=17))");
  WNN_RETURN_IF_ERROR(check_value_producers(g));
  const std::string missing = missing_op_types(g);
  std::vector<std::string> refusals;  // every graph input and create() refusal, not the first
  find_arity_refusals(g, g.opset, refusals);
  // Folding constants creates ops: a node of the wrong arity must not reach it.
  if (!refusals.empty()) return load_refusal(g, missing, refusals);
  if (g.outputs.empty())
    return Status::error("the model is malformed: its graph lists no outputs, so there is "
                         "nothing to compute — re-export the model");
  for (const ValueInfo& in : g.inputs) {
    const std::string supported =
        "supported input types: float32, float16, bfloat16, int64, int32, uint8, int8, bool";
    const std::string& type = in.declared_type;  // "float64 (ONNX data type 11)", "a map"...
    const bool tensor_type = type.find("(ONNX data type") != std::string::npos;
    if (dtype_size(in.dtype) == 0 && type.empty())
      refusals.push_back("graph input '" + in.name + "' declares no type (its ValueInfoProto has "
                         "no tensor element type), so wasmnn cannot tell what to feed it; " +
                         supported);
    else if (dtype_size(in.dtype) == 0 && tensor_type)
      refusals.push_back("graph input '" + in.name + "' has type " + type +
                         ", which wasmnn does not support; " + supported);
    else if (dtype_size(in.dtype) == 0)
      refusals.push_back("graph input '" + in.name + "' is " + type +
                         ", not a tensor; wasmnn takes tensor inputs only (" + supported + ")");
    for (size_t d = 0; d < in.shape.size(); ++d)
      if (in.shape[d] < kUnknownDim)  // -1 is read as a free dimension, as some writers mean it
        refusals.push_back("graph input '" + in.name + "' declares dimension " +
                           std::to_string(in.shape[d]) + " at axis " + std::to_string(d) +
                           "; a dimension is a size of at least 0, or a name (dim_param) when it "
                           "is free — fix the input's shape in the model");
  }
  if (options.threads > 1 && !ThreadPool::supported())
    return Status::error("threads = " + std::to_string(options.threads) +
                         " needs the simd-threads build of wasmnn (a page served "
                         "cross-origin isolated); this build runs 1 thread");
  if (options.threads > 1) s->pool_ = std::make_unique<ThreadPool>(options.threads);
  const kernels::KernelConfig* reference = kernels::reference_kernels();
  if (options.scalar_kernels && !reference)
    return Status::error("the scalar reference kernels are not in this build (wasmnn-core): load "
                         "the model in wasmnn's extended build, as web/wasmnn.js does for "
                         "kernels: 'scalar'");
  s->kernels_ = options.scalar_kernels ? *reference : kernels::default_kernels();
  if (!options.winograd) s->kernels_.winograd = {};
  if (!options.gemm.empty()) {
    // 'TILE' runs every GEMM; 'TILE+WIDE' is the form session.gemm reports: WIDE for the
    // GEMMs short_sum_gemm() gives it (convolutions and RNN projections with short sums over
    // well-filled panels), TILE elsewhere.
    const size_t plus = options.gemm.find('+');
    const bool pair = plus != std::string::npos;
    const std::string main_name = options.gemm.substr(0, plus);
    const std::string wide_name = pair ? options.gemm.substr(plus + 1) : "";
    const kernels::GemmConfig* gemm = kernels::find_gemm_config(main_name);
    const kernels::GemmConfig* wide = pair ? kernels::find_gemm_config(wide_name) : nullptr;
    if (!gemm || (pair && !wide)) {
      std::string names;
      for (const auto& g : kernels::gemm_configs())
        names += std::string(names.empty() ? "" : ", ") + g.name;
      return Status::error("unknown GEMM kernel '" + (gemm ? wide_name : main_name) +
                           "' in gemm '" + options.gemm + "'; this build has: " + names +
                           " (one name, or two as 'TILE+WIDE')");
    }
    s->kernels_.gemm = *gemm;
    s->kernels_.gemm_wide = wide;  // none: one named tile runs every GEMM
  }
  compute_float16_in_float32(g);  // before folding: it widens the float16 weights
  s->memory_limit_ = options.memory_limit_bytes;
  const Status fold_status = fold_constants_guarded(g, s->kernels_, s->memory_limit_);
  if (!fold_status.ok()) {
    if (missing.empty() && refusals.empty()) return fold_status;
    refusals.push_back(fold_status.message());
    return load_refusal(g, missing, refusals);
  }
  if (options.fold_batch_norm) fold_batch_norm(g);
  if (options.fuse_epilogues) {
    fuse_residual_add(g);  // first: the Relu after the Add then folds too
    fuse_matmul_bias(g);   // the same for MatMul -> Add of a bias
    fuse_activation(g);
  }
  link_subgraph_scopes(g);  // g is at its final address now
  PrepackedRelease release(g, std::move(folded));
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (!op_supported(g, n)) {
      release.created(g, i, nullptr);
      continue;
    }
    OpContext ctx{n, g, s->kernels_};
    ctx.own_graph = &g;
    ctx.may_take = [&release, &g, i](size_t input) { return release.may_take(g, i, input); };
    Expected<std::unique_ptr<Op>> op = find_op(n.op_type)->create(ctx);
    if (!op.ok()) {
      refusals.push_back(op.status().message());
      release.created(g, i, nullptr);
      continue;
    }
    s->ops_.push_back(op.take());
    release.created(g, i, s->ops_.back().get());
  }
  if (!missing.empty() || !refusals.empty()) return load_refusal(g, missing, refusals);
  release.finish(g);
  s->catalog_.settle(g);
  for (const ValueInfo& in : g.inputs) s->input_ids_.push_back(s->values_.id_of(in.name));
  for (const ValueInfo& out : g.outputs) s->output_ids_.push_back(s->values_.id_of(out.name));
  return s;
}

Status Session::validate_input_shape(size_t i, const Shape& given) const {
  const ValueInfo& v = graph_.inputs[i];
  bool fits = v.shape.empty() || v.shape.size() == given.size();
  for (size_t d = 0; fits && d < v.shape.size(); ++d)
    fits = v.shape[d] == kUnknownDim || v.shape[d] == given[d];
  std::string expected = "[";
  for (size_t d = 0; d < v.shape.size(); ++d) {
    expected += d ? "," : "";
    expected += v.shape[d] != kUnknownDim ? std::to_string(v.shape[d])
                : v.dim_names[d].empty()  ? std::string("?")
                                          : v.dim_names[d];
  }
  expected += "]";
  if (!fits)
    return Status::error("input '" + v.name + "' expects shape " + expected + ", got " +
                         shape_string(given));
  for (int64_t d : given)
    if (d < 1)
      return Status::error("input '" + v.name + "' got shape " + shape_string(given) +
                           "; every dimension must be at least 1");
  const std::string problem =
      tensor_size_problem("input '" + v.name + "'", given, v.dtype, memory_limit_);
  if (!problem.empty()) return Status::error(problem);
  return ok_status();
}

Status Session::prepare(const std::vector<Shape>& input_shapes) {
  if (input_shapes.size() != graph_.inputs.size())
    return Status::error("the model has " + std::to_string(graph_.inputs.size()) + " inputs, but " +
                         std::to_string(input_shapes.size()) + " were given");
  if (planned_ && input_shapes == planned_shapes_) return ok_status();
  for (size_t i = 0; i < input_shapes.size(); ++i)
    WNN_RETURN_IF_ERROR(validate_input_shape(i, input_shapes[i]));
  Expected<ExecutionPlan> plan = plan_guarded(graph_, ops_, values_, input_shapes, threads(),
                                               tap_ids_, memory_limit_);
  if (!plan.ok()) {
    planned_ = false;
    return plan.status();
  }
  plan_ = plan.take();
  if (plan_.arena_bytes > arena_capacity_) {
    std::free(arena_);
    const size_t bytes =
        (plan_.arena_bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
    arena_ = static_cast<float*>(std::aligned_alloc(kArenaAlignment, bytes));
    if (!arena_) {
      arena_capacity_ = 0;
      planned_ = false;
      return Status::error("out of memory: the plan for input shapes needs an arena of " +
                           std::to_string(plan_.arena_bytes) + " bytes");
    }
    arena_capacity_ = bytes;
  }
  bind_step_args();
  reset_profile();
  planned_shapes_ = input_shapes;
  planned_ = true;
  ++plans_made_;
  return ok_status();
}

Status Session::set_taps(const std::vector<std::string>& names) {
  std::vector<std::string> unique;
  std::string problems;
  size_t bad = 0;
  for (const std::string& name : names) {
    if (std::find(unique.begin(), unique.end(), name) != unique.end()) continue;
    unique.push_back(name);
    const std::string why = catalog_.why_not(name);
    if (why.empty()) continue;
    problems += (problems.empty() ? "" : "; ") + why;
    ++bad;
  }
  if (bad)
    return Status::error("cannot tap " + std::to_string(bad) +
                         (bad == 1 ? " value: " : " values: ") + problems + " (" +
                         std::to_string(value_names().size()) + " values can be tapped)");
  if (unique == tap_names_) return ok_status();
  tap_names_ = std::move(unique);
  tap_ids_.clear();
  for (const std::string& name : tap_names_) tap_ids_.push_back(values_.id_of(name));
  planned_ = false;  // the next prepare() plans for the new taps
  return ok_status();
}

const void* Session::tap_data(size_t i) const {
  return planned_ ? value_data(tap_ids_[i]) : nullptr;
}

void Session::set_profiling(bool on) {
  profiling_ = on;
  reset_profile();
}

void Session::reset_profile() {
  profile_.assign(plan_.steps.size(), StepTime{});
  for (size_t s = 0; s < plan_.steps.size(); ++s) {
    profile_[s].node = plan_.steps[s].node;
    profile_[s].flops = plan_.steps[s].flops;
  }
}

size_t Session::initializer_bytes() const {
  size_t bytes = 0;
  for (const auto& [name, t] : graph_.initializers) bytes += t.bytes.size();
  return bytes;
}

void* Session::value_data(int id) const {
  if (plan_.held_by_op[id]) return nullptr;
  if (const void* known = plan_.values[id].data) return const_cast<void*>(known);
  return reinterpret_cast<char*>(arena_) + plan_.value_offsets[id];
}

void* Session::input_data(size_t i) { return planned_ ? value_data(input_ids_[i]) : nullptr; }

const void* Session::output_data(size_t i) const {
  return planned_ ? value_data(output_ids_[i]) : nullptr;
}

const Shape& Session::output_shape(size_t i) const { return plan_.values[output_ids_[i]].shape; }

DType Session::output_dtype(size_t i) const { return plan_.values[output_ids_[i]].dtype; }

Status Session::run() {
  if (!planned_)
    return Status::error(
        "run() before prepare(): give the input shapes first (again after set_taps())");
  char* arena = reinterpret_cast<char*>(arena_);
  for (size_t s = 0; s < plan_.steps.size();) {
    const Step& step = plan_.steps[s];
    if (step.flow != Step::Flow::kNext) {  // an If whose condition is known only now
      const bool go_on = step.flow == Step::Flow::kBranch &&
                         *static_cast<const uint8_t*>(step_args_[s].inputs[0]) != 0;
      s = go_on ? s + 1 : step.target;
      continue;
    }
    char* scratch = arena + step.scratch_offset;
    const double start = profiling_ ? monotonic_seconds() : 0.0;
    if (pool_)
      pool_->run(*step.op, step_args_[s], step.compute, scratch, step.scratch_bytes);
    else
      run_serially(*step.op, step_args_[s], step.compute, scratch);
    if (profiling_) {
      profile_[s].seconds += monotonic_seconds() - start;
      ++profile_[s].runs;
    }
    ++s;
  }
  return ok_status();
}

// Resolves every step's buffers to pointers once per plan, so run() only calls the kernels.
void Session::bind_step_args() {
  step_args_.assign(plan_.steps.size(), RunArgs{});
  for (size_t s = 0; s < plan_.steps.size(); ++s) {
    const Step& step = plan_.steps[s];
    RunArgs& args = step_args_[s];
    for (int id : step.inputs) args.inputs.push_back(id >= 0 ? value_data(id) : nullptr);
    // Ops compute every output they describe; the ones the graph does not use get nullptr.
    for (size_t o = 0; o < step.output_descs.size(); ++o) {
      const int id = o < step.outputs.size() ? step.outputs[o] : kOmittedValue;
      args.outputs.push_back(id >= 0 ? value_data(id) : nullptr);
    }
    args.input_descs = &step.input_descs;
    args.output_descs = &step.output_descs;
  }
}

}  // namespace wnn
