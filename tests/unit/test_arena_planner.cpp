#include <doctest/doctest.h>

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
