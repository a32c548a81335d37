#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "wnn/plan/arena_planner.h"

using namespace wnn;

TEST_CASE("a chain reuses memory: three buffers in a row need two slots") {
  // a -> b -> c: a and c are never alive together.
  const std::vector<BufferUse> uses = {{1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}};
  const ArenaLayout layout = plan_arena(uses);
  CHECK(layout.offsets[0] == layout.offsets[2]);
  CHECK(layout.offsets[0] != layout.offsets[1]);
  CHECK(layout.total_bytes == 2 * 1024);
}

TEST_CASE("buffers alive at the same time never overlap, on random lifetimes") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<BufferUse> uses(1 + rng() % 30);
    for (BufferUse& u : uses) {
      u.bytes = 1 + rng() % 5000;
      u.first_step = static_cast<int>(rng() % 20) - 1;
      u.last_step = u.first_step + static_cast<int>(rng() % 6);
    }
    const ArenaLayout layout = plan_arena(uses);
    size_t peak_live = 0;
    for (int step = -1; step < 26; ++step) {
      size_t live = 0;
      for (const BufferUse& u : uses)
        if (u.first_step <= step && step <= u.last_step) live += u.bytes;
      peak_live = std::max(peak_live, live);
    }
    CHECK(layout.total_bytes >= peak_live);
    for (size_t i = 0; i < uses.size(); ++i) {
      CHECK(layout.offsets[i] % kArenaAlignment == 0);
      CHECK(layout.offsets[i] + uses[i].bytes <= layout.total_bytes);
      for (size_t j = i + 1; j < uses.size(); ++j) {
        const bool same_time = uses[i].first_step <= uses[j].last_step &&
                               uses[j].first_step <= uses[i].last_step;
        const bool disjoint = layout.offsets[i] + uses[i].bytes <= layout.offsets[j] ||
                              layout.offsets[j] + uses[j].bytes <= layout.offsets[i];
        if (same_time) CHECK(disjoint);
      }
    }
  }
}

namespace {
// The planner as it was before it indexed placed buffers by time (it scanned every placed buffer
// for each new one: O(n^2)); the indexed planner must give the very same layouts.
ArenaLayout scanning_plan_arena(const std::vector<BufferUse>& buffers) {
  auto align = [](uint64_t v) { return (v + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment; };
  ArenaLayout layout;
  layout.offsets.assign(buffers.size(), 0);
  std::vector<size_t> order(buffers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].bytes != buffers[b].bytes) return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].first_step < buffers[b].first_step;
  });
  std::vector<size_t> placed;
  for (size_t idx : order) {
    const uint64_t size = align(buffers[idx].bytes);
    std::vector<std::pair<uint64_t, uint64_t>> busy;
    for (size_t other : placed)
      if (buffers[idx].first_step <= buffers[other].last_step &&
          buffers[other].first_step <= buffers[idx].last_step)
        busy.emplace_back(layout.offsets[other], layout.offsets[other] + align(buffers[other].bytes));
    std::sort(busy.begin(), busy.end());
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
}  // namespace

TEST_CASE("the indexed planner gives the layouts of the scanning one") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<BufferUse> uses(1 + rng() % 60);
    for (BufferUse& u : uses) {
      u.bytes = rng() % 4 == 0 ? 0 : 1 + rng() % (rng() % 2 ? 100 : 5000);  // ties and empties
      u.first_step = static_cast<int>(rng() % 40) - 1;
      u.last_step = u.first_step + static_cast<int>(rng() % (rng() % 5 == 0 ? 40 : 4));
    }
    const ArenaLayout fast = plan_arena(uses), slow = scanning_plan_arena(uses);
    CAPTURE(trial);
    CHECK(fast.offsets == slow.offsets);
    CHECK(fast.total_bytes == slow.total_bytes);
  }
}

TEST_CASE("a chain of 100,000 nodes plans (it took 35 s when the planner was quadratic)") {
  // Each value lives from its step to the next; each step has a scratch buffer; the graph input
  // lives from before the first step and the output to after the last.
  const int n = 100000;
  std::vector<BufferUse> uses;
  for (int s = 0; s < n; ++s) uses.push_back({4096, s, s + 1});
  for (int s = 0; s < n; ++s) uses.push_back({s % 3 ? 0u : 256u, s, s});
  uses.push_back({4096, -1, 0});
  uses.push_back({4096, n - 1, n});
  const ArenaLayout layout = plan_arena(uses);
  CHECK(layout.total_bytes == 2 * 4096 + 4096 + 256);
}
