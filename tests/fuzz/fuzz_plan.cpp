// libFuzzer entry: the bytes as an .onnx model, up to Stage::kPlan (see fuzz_model.h). tools/fuzz.sh runs it.
#include "fuzz_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wnn::fuzz::fuzz_model(data, size, wnn::fuzz::Stage::kPlan);
  return 0;
}
