// What the fuzz targets do with one input: the bytes as an .onnx file, taken as far as `stage`
// (reader; reader + session create + planning; and one run on small inputs). Every step may refuse
// the bytes with an error; none may crash, leak, hang or allocate past the limits (the session's
// memory limit is lowered to what a fuzzing process can hold).
#pragma once
#include <cstddef>
#include <cstdint>

namespace wnn::fuzz {

enum class Stage { kRead, kPlan, kRun };

void fuzz_model(const uint8_t* data, size_t size, Stage stage);

}  // namespace wnn::fuzz
