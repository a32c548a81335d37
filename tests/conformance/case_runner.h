// One ONNX backend test case through a wasmnn Session: reads its data sets, feeds the inputs
// (retrying with weights/shapes as initializers when wasmnn refuses them as feeds), and compares
// every output with ONNX's tolerance. The command line around it is runner.cpp.
#pragma once
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"

namespace wnn::conformance {

struct Options {
  std::string dir, filter;
  bool verbose = false;
  bool scalar = false;  // the scalar reference kernels instead of the build's default
};

enum class Outcome { kPass, kFail, kSkip };

struct CaseResult {
  Outcome outcome = Outcome::kPass;
  std::string message;             // why it failed or was skipped
  std::set<std::string> constant;  // inputs given as initializers to make it run
  std::vector<std::string> notes;  // --verbose details
};

// Subfolders of `dir` whose names start with `prefix`, sorted.
std::vector<std::string> sorted_subdirs(const std::filesystem::path& dir,
                                        const std::string& prefix);

// Runs every test_data_set_* of the case in `dir`, whose model is `model`.
CaseResult run_case(const std::filesystem::path& dir, const Graph& model, const Options& opt);

}  // namespace wnn::conformance
