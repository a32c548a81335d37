// Static memory planning: every intermediate buffer gets a fixed offset in one arena, chosen from
// its lifetime (first and last step that touch it) so that buffers alive at the same time never
// overlap. Greedy by size, largest first (the TFLite "greedy by size" strategy).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wnn {

struct BufferUse {
  size_t bytes = 0;
  int first_step = 0;  // inclusive
  int last_step = 0;   // inclusive
};

// 64-bit even in wasm32: a model may ask for more than 4 GiB, which must be refused (the caller
// compares total_bytes with its memory limit), not wrapped.
struct ArenaLayout {
  std::vector<uint64_t> offsets;  // one per BufferUse, each a multiple of kArenaAlignment
  uint64_t total_bytes = 0;
};

constexpr size_t kArenaAlignment = 64;

ArenaLayout plan_arena(const std::vector<BufferUse>& buffers);

}  // namespace wnn
