// Every input the fuzzer ever crashed on (tests/fuzz/finds/, named after what it was), run the
// way the fuzz targets run it: read, create, plan at the fuzzer's memory limit, one run on small
// inputs (tests/fuzz/fuzz_model.cpp). Each was fixed; under ASan/UBSan (./test's native-asan
// unit tests) a regression aborts this test again. The files also seed every fuzzing run.
#include <doctest/doctest.h>

#include <dirent.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../fuzz/fuzz_model.h"
#include "cli/npy.h"

namespace {

const std::string kFinds = WNN_SOURCE_DIR "/tests/fuzz/finds/";

std::vector<std::string> find_files() {
  std::vector<std::string> names;
  if (DIR* dir = opendir(kFinds.c_str())) {
    while (dirent* e = readdir(dir)) {
      const std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".onnx") == 0) names.push_back(name);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("every past fuzzer find reads, plans and runs (or is refused) without a crash") {
  const std::vector<std::string> names = find_files();
  REQUIRE(names.size() >= 2);
  for (const std::string& name : names) {
    CAPTURE(name);
    auto bytes = wnn::tools::read_file(kFinds + name);
    REQUIRE(bytes.ok());
    for (auto stage : {wnn::fuzz::Stage::kRead, wnn::fuzz::Stage::kPlan, wnn::fuzz::Stage::kRun})
      wnn::fuzz::fuzz_model(bytes.value().data(), bytes.value().size(), stage);
  }
}
