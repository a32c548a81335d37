#include "wnn/plan/arena_planner.h"

#include <algorithm>
#include <numeric>

namespace wnn {
namespace {

uint64_t align_up(uint64_t v) {
  return (v + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

bool lifetimes_overlap(const BufferUse& a, const BufferUse& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

}  // namespace

ArenaLayout plan_arena(const std::vector<BufferUse>& buffers) {
  ArenaLayout layout;
  layout.offsets.assign(buffers.size(), 0);
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties by first use then index, so the layout is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].bytes != buffers[b].bytes) return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].first_step < buffers[b].first_step;
  });
  std::vector<size_t> placed;
  for (size_t idx : order) {
    const uint64_t size = align_up(buffers[idx].bytes);
    // Intervals taken by placed buffers whose lifetime overlaps, by offset.
    std::vector<std::pair<uint64_t, uint64_t>> busy;
    for (size_t other : placed)
      if (lifetimes_overlap(buffers[idx], buffers[other]))
        busy.emplace_back(layout.offsets[other], layout.offsets[other] + align_up(buffers[other].bytes));
    std::sort(busy.begin(), busy.end());
    // The lowest gap that fits.
    uint64_t offset = 0;
    for (const auto& [begin, end] : busy) {
      if (begin >= offset + size) break;
      offset = std::max(offset, end);
    }
    layout.offsets[idx] = offset;
    layout.total_bytes = std::max(layout.total_bytes, offset + size);
    placed.push_back(idx);
  }
  return layout;
}

}  // namespace wnn
