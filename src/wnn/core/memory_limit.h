// The most memory one session may plan for: any one tensor, and the arena holding them all.
// Checked while planning, before anything sized by the model is allocated, so a model asking
// for more is refused with a message instead of aborting on a failed allocation.
#pragma once
#include <cstdint>

namespace wnn {

// The default, for the wasm build and native alike: a wasm32 heap ends at 2 GiB, and 256 MiB of
// it is left for the weights, the runtime and the JS glue. SessionOptions::memory_limit_bytes
// changes it per session.
constexpr uint64_t kDefaultMemoryLimitBytes = (uint64_t{2} << 30) - (uint64_t{256} << 20);

}  // namespace wnn
