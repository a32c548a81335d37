// wnn-conformance: runs ONNX's backend node test cases (tests/conformance/generate.sh makes them:
// test_*/model.onnx + test_data_set_*/{input,output}_N.pb) through wasmnn's Session, natively
// and, as wnn-conformance.cjs, as wasm under Node.
//
//   wnn-conformance <dir-with-test_*> [--filter substring] [--verbose] [--scalar]
//
// A case is claimed when wasmnn supports every op type in its model; the others are only
// counted. A claimed case PASSes when every output of every data set matches (dtype, shape, and
// values: float32 within numpy's assert_allclose(rtol=1e-3, atol=1e-7) as ONNX's backend tests
// use, NaN equal to NaN; integers and bools exactly), FAILs on a wrong answer, and is SKIPped
// when wasmnn refuses it with an error (that error names the attribute or dtype it lacks).
//
// Test cases feed every operand as a graph input, weights and shapes included, while wasmnn
// prepacks weights at load and plans memory ahead, so it needs them as initializers (as every
// real model has them). When a case is refused that way, it is retried with the test's values
// for all inputs but the first as initializers, then with all of them; the PASS line then says
// which inputs were made initializers.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "case_runner.h"
#include "cli/file_source.h"
#include "cli/npy.h"
#include "wnn/core/memory_limit.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/onnx/onnx_reader.h"
#include "wnn/ops/registry.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#else
#include <unistd.h>

#include <csignal>
#endif
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
// UBSan exits without callbacks unless it aborts; SIGABRT's handler then names the case.
extern "C" const char* __ubsan_default_options() { return "abort_on_error=1"; }
#endif

namespace fs = std::filesystem;
using namespace wnn;
using namespace wnn::conformance;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The op a case tests: its single op type, or the one its name spells (test_basic_conv_...,
// test_reduce_max_...); expanded functions (several ops, none named) count for each of them.
std::vector<std::string> tested_ops(const std::string& case_name,
                                    const std::vector<std::string>& ops) {
  if (ops.size() <= 1) return ops;
  std::string name = case_name.substr(5);  // after "test_"
  const std::string expanded = "_expanded";
  if (name.size() > expanded.size() &&
      name.compare(name.size() - expanded.size(), expanded.size(), expanded) == 0)
    name.resize(name.size() - expanded.size());
  std::vector<std::string> tokens;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i)
    if (i == name.size() || name[i] == '_') {
      tokens.push_back(name.substr(start, i - start));
      start = i + 1;
    }
  std::string best;
  for (const std::string& op : ops) {
    const std::string want = lower(op);
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string joined;
      for (size_t j = i; j < tokens.size() && joined.size() < want.size(); ++j) {
        joined += tokens[j];
        if (joined == want && op.size() > best.size()) best = op;
      }
    }
  }
  if (!best.empty()) return {best};
  return ops;
}

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
};

// A crash (a trap in wasm, a signal natively) names the case it happened in.
const char* g_current_case = "";

#if defined(__EMSCRIPTEN__)
void set_current_case(const char* name) {
  EM_ASM({ Module["wnnCase"] = UTF8ToString($0); }, name);
}
// clang-format off
void install_crash_report() {
  EM_ASM({
    process.on("exit", function(code) {
      if (code !== 0 && Module["wnnCase"]) console.error("CRASH " + Module["wnnCase"]);
    });
  });
}
// clang-format on
#else
void on_crash(int sig) {
  const char* head = "CRASH ";
  ssize_t ignored = write(2, head, std::strlen(head));
  ignored = write(2, g_current_case, std::strlen(g_current_case));
  const char* tail = sig == SIGSEGV  ? ": segmentation fault\n"
                     : sig == SIGFPE ? ": floating-point exception\n"
                     : sig == SIGBUS ? ": bus error\n"
                     : sig == 0      ? ": sanitizer error (above)\n"
                                     : ": aborted\n";
  ignored = write(2, tail, std::strlen(tail));
  (void)ignored;
  _exit(3);
}
void set_current_case(const char* name) { g_current_case = name; }
void install_crash_report() {
  for (int sig : {SIGSEGV, SIGFPE, SIGBUS, SIGABRT}) std::signal(sig, on_crash);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_set_death_callback([] { on_crash(0); });  // ASan/UBSan reports end here
#endif
}
#endif

int usage() {
  std::fprintf(stderr,
               "usage: wnn-conformance <dir-with-test_*> [--filter substring] [--verbose] "
               "[--scalar]\n  e.g. wnn-conformance build/onnx-node-tests/node "
               "(tests/conformance/generate.sh makes them)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--filter" && i + 1 < argc)
      opt.filter = argv[++i];
    else if (a == "--verbose" || a == "-v")
      opt.verbose = true;
    else if (a == "--scalar")
      opt.scalar = true;
    else if (a == "--help" || a == "-h")
      return usage();
    else if (!a.empty() && a[0] != '-' && opt.dir.empty())
      opt.dir = a;
    else
      return usage();
  }
  if (opt.dir.empty()) return usage();
  const std::vector<std::string> cases = sorted_subdirs(opt.dir, "test_");
  if (cases.empty()) {
    std::fprintf(stderr,
                 "wnn-conformance: no test_* folders in '%s' (tests/conformance/generate.sh "
                 "makes them)\n",
                 opt.dir.c_str());
    return 2;
  }
  install_crash_report();
  std::set<std::string> supported;
  for (const std::string& op : supported_op_types()) supported.insert(op);

  std::map<std::string, Tally> per_op;
  std::map<std::string, int> not_claimed;  // op type -> cases it keeps out
  Tally total;
  int unclaimed_cases = 0, run_cases = 0, with_constants = 0;
  for (const std::string& name : cases) {
    if (!opt.filter.empty() && name.find(opt.filter) == std::string::npos) continue;
    set_current_case(name.c_str());
    const fs::path dir = fs::path(opt.dir) / name;
    Expected<std::vector<uint8_t>> bytes = tools::read_file((dir / "model.onnx").string());
    Expected<std::vector<std::string>> node_ops =
        bytes.ok() ? read_onnx_op_types(bytes.value().data(), bytes.value().size())
                   : Expected<std::vector<std::string>>(bytes.status());
    if (!node_ops.ok()) {
      std::printf("FAIL %s: model.onnx: %s\n", name.c_str(), node_ops.status().message().c_str());
      ++total.failed;
      ++per_op["(model.onnx unreadable)"].failed;
      continue;
    }
    std::vector<std::string> ops, missing;
    for (const std::string& op : node_ops.value()) {
      if (std::find(ops.begin(), ops.end(), op) != ops.end()) continue;
      ops.push_back(op);
      if (!supported.count(op)) missing.push_back(op);  // other domains are "domain::Op"
    }
    if (!missing.empty()) {
      ++unclaimed_cases;
      for (const std::string& op : missing) ++not_claimed[op];
      if (opt.verbose) {
        std::string list;
        for (const std::string& op : missing) list += (list.empty() ? "" : ", ") + op;
        std::printf("NOT CLAIMED %s: %s\n", name.c_str(), list.c_str());
      }
      continue;
    }
    // The case holds its graph and each attempt a copy of it: a model too large for two in the
    // heap (a 575 MB VGG-19 in wasm) is a failure of this case, and the run goes on.
    const uint64_t model_bytes = bytes.value().size();
    std::vector<uint8_t>().swap(bytes.value());
    if (2 * model_bytes > kDefaultMemoryLimitBytes) {
      std::printf("FAIL %s: model.onnx is %llu bytes; this runner holds two copies of a model, over "
                  "its memory limit of %llu bytes\n",
                  name.c_str(), static_cast<unsigned long long>(model_bytes),
                  static_cast<unsigned long long>(kDefaultMemoryLimitBytes));
      ++total.failed;
      ++per_op["(model too large for the runner)"].failed;
      continue;
    }
    auto source = tools::FileByteSource::open((dir / "model.onnx").string());
    Expected<Graph> model = source.ok() ? read_onnx_model(*source.value()) : Expected<Graph>(source.status());
    CaseResult r;
    if (model.ok()) {
      r = run_case(dir, model.value(), opt);
    } else {  // e.g. a constant of a type wasmnn does not store: a refusal that names it
      r.outcome = Outcome::kSkip;
      r.message = model.status().message();
    }
    ++run_cases;
    std::string constants;
    for (const std::string& c : r.constant) constants += (constants.empty() ? "" : ", ") + c;
    if (!r.constant.empty()) ++with_constants;
    if (!constants.empty()) constants = " (initializers: " + constants + ")";
    switch (r.outcome) {
      case Outcome::kPass:
        std::printf("PASS %s%s\n", name.c_str(), constants.c_str());
        ++total.passed;
        break;
      case Outcome::kFail:
        std::printf("FAIL %s: %s\n", name.c_str(), r.message.c_str());
        ++total.failed;
        break;
      case Outcome::kSkip:
        std::printf("SKIP %s: %s\n", name.c_str(), r.message.c_str());
        ++total.skipped;
        break;
    }
    for (const std::string& note : r.notes) std::printf("    %s\n", note.c_str());
    for (const std::string& op : tested_ops(name, ops)) {
      Tally& t = per_op[op];
      (r.outcome == Outcome::kPass   ? t.passed
       : r.outcome == Outcome::kFail ? t.failed
                                     : t.skipped)++;
    }
    std::fflush(stdout);
  }
  set_current_case("");

  std::printf("\nclaimed ops (%s kernels; a case counts for the op it tests):\n\n",
              (opt.scalar ? kernels::scalar_kernels() : kernels::default_kernels()).name);
  std::printf("| op | passed | failed | skipped |\n|---|---:|---:|---:|\n");
  for (const auto& [op, t] : per_op)
    std::printf("| %s | %d | %d | %d |\n", op.c_str(), t.passed, t.failed, t.skipped);
  std::printf("| **all claimed cases** | %d | %d | %d |\n", total.passed, total.failed,
              total.skipped);
  if (with_constants)
    std::printf(
        "\n%d of %d run cases fed weights/shapes as initializers (test inputs made "
        "constants)\n",
        with_constants, run_cases);
  std::vector<std::pair<std::string, int>> gaps(not_claimed.begin(), not_claimed.end());
  std::stable_sort(gaps.begin(), gaps.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::printf("\nnot claimed: %d cases use op types wasmnn does not support (%zu types):\n",
              unclaimed_cases, gaps.size());
  std::string line;
  for (const auto& [op, count] : gaps) {
    const std::string item = op + " " + std::to_string(count);
    if (line.size() + item.size() > 96) {
      std::printf("  %s\n", line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : ", ") + item;
  }
  if (!line.empty()) std::printf("  %s\n", line.c_str());
  std::printf("conformance: %d passed, %d failed, %d skipped\n", total.passed, total.failed,
              total.skipped);
  return total.failed == 0 ? 0 : 1;
}
