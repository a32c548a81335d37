#include "wnn/plan/arena_planner.h"

#include <algorithm>
#include <climits>
#include <numeric>

namespace wnn {
namespace {

uint64_t align_up(uint64_t v) {
  return (v + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

// The buffers placed so far, by first step, to find the ones alive together with a new buffer
// without scanning them all (scanning made a 100k-node chain take 35 s to plan): a segment tree
// over first steps that keeps, per subtree, the latest last step in it. A query visits only the
// subtrees holding a buffer that overlaps, so a graph whose buffers each overlap a few others
// plans in O(n log n).
class PlacedByTime {
 public:
  PlacedByTime(const std::vector<BufferUse>& buffers, int first_min, int first_max)
      : buffers_(buffers), base_(first_min) {
    while (leaves_ < static_cast<size_t>(first_max - first_min) + 1) leaves_ *= 2;
    latest_.assign(2 * leaves_, INT_MIN);
    ids_.resize(leaves_);
  }

  void insert(size_t id) {
    const BufferUse& b = buffers_[id];
    const size_t leaf = static_cast<size_t>(b.first_step - base_);
    ids_[leaf].push_back(id);
    for (size_t node = leaves_ + leaf; node >= 1 && latest_[node] < b.last_step; node /= 2)
      latest_[node] = b.last_step;
  }

  // Appends every placed buffer whose lifetime overlaps `u`'s (first <= u.last, last >= u.first).
  void overlapping(const BufferUse& u, std::vector<size_t>& out) const {
    if (u.last_step < base_) return;
    const size_t hi = std::min(static_cast<size_t>(u.last_step - base_), leaves_ - 1);
    visit(1, 0, leaves_ - 1, hi, u.first_step, out);
  }

 private:
  void visit(size_t node, size_t begin, size_t end, size_t hi, int lo,
             std::vector<size_t>& out) const {
    if (begin > hi || latest_[node] < lo) return;
    if (begin == end) {
      for (size_t id : ids_[begin])
        if (buffers_[id].last_step >= lo) out.push_back(id);
      return;
    }
    const size_t mid = begin + (end - begin) / 2;
    visit(2 * node, begin, mid, hi, lo, out);
    visit(2 * node + 1, mid + 1, end, hi, lo, out);
  }

  const std::vector<BufferUse>& buffers_;
  int base_;
  size_t leaves_ = 1;
  std::vector<int> latest_;               // per tree node: latest last step below it
  std::vector<std::vector<size_t>> ids_;  // per leaf (first step - base_): buffers placed
};

}  // namespace

ArenaLayout plan_arena(const std::vector<BufferUse>& buffers) {
  ArenaLayout layout;
  layout.offsets.assign(buffers.size(), 0);
  if (buffers.empty()) return layout;
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties by first use then index, so the layout is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].bytes != buffers[b].bytes) return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].first_step < buffers[b].first_step;
  });
  int first_min = INT_MAX, first_max = INT_MIN;
  for (const BufferUse& b : buffers) {
    first_min = std::min(first_min, b.first_step);
    first_max = std::max(first_max, b.first_step);
  }
  PlacedByTime placed(buffers, first_min, first_max);
  std::vector<size_t> overlapping;
  std::vector<std::pair<uint64_t, uint64_t>> busy;
  for (size_t idx : order) {
    const uint64_t size = align_up(buffers[idx].bytes);
    // An empty buffer goes at offset 0 and takes no room (every busy interval starts at 0 or
    // later, so the search below would stop at once), and is never in another's way.
    if (size == 0) continue;
    // Intervals taken by placed buffers whose lifetime overlaps, by offset.
    overlapping.clear();
    placed.overlapping(buffers[idx], overlapping);
    busy.clear();
    for (size_t other : overlapping)
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
    placed.insert(idx);
  }
  return layout;
}

}  // namespace wnn
