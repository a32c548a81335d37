#include "wnn/ops/broadcast.h"

#include <algorithm>

namespace wnn {

Expected<BroadcastLoops> plan_broadcast(const Shape& a, const Shape& b) {
  BroadcastLoops p;
  const size_t rank = std::max(a.size(), b.size());
  // One entry per output dimension that is not 1, with whether each operand broadcasts along it.
  struct Dim {
    int64_t size;
    bool a_bcast, b_bcast;
  };
  std::vector<Dim> dims;
  for (size_t d = 0; d < rank; ++d) {
    const int64_t da = d + a.size() >= rank ? a[d + a.size() - rank] : 1;
    const int64_t db = d + b.size() >= rank ? b[d + b.size() - rank] : 1;
    int64_t out;
    if (da == db || db == 1) {
      out = da;
    } else if (da == 1) {
      out = db;
    } else {
      return Status::error("shapes " + shape_string(a) + " and " + shape_string(b) +
                           " do not broadcast (dimension " + std::to_string(d) + " of the " +
                           std::to_string(rank) + "-d output: " + std::to_string(da) + " vs " +
                           std::to_string(db) + ")");
    }
    p.out.push_back(out);
    if (out == 0) p.empty = true;
    if (out == 1) continue;
    const Dim dim{out, da == 1, db == 1};
    if (!dims.empty() && dims.back().a_bcast == dim.a_bcast && dims.back().b_bcast == dim.b_bcast)
      dims.back().size *= out;
    else
      dims.push_back(dim);
  }
  if (dims.empty()) return p;  // one element: a single vv run of 1
  const Dim inner = dims.back();
  dims.pop_back();
  p.run = inner.size;
  p.kind = inner.a_bcast   ? BroadcastLoops::Run::kSV
           : inner.b_bcast ? BroadcastLoops::Run::kVS
                           : BroadcastLoops::Run::kVV;
  int64_t a_acc = inner.a_bcast ? 1 : inner.size;
  int64_t b_acc = inner.b_bcast ? 1 : inner.size;
  int64_t y_acc = inner.size;
  const size_t k = dims.size();
  p.outer.resize(k);
  p.a_stride.resize(k);
  p.b_stride.resize(k);
  p.y_stride.resize(k);
  for (size_t i = k; i-- > 0;) {
    const Dim& d = dims[i];
    p.outer[i] = d.size;
    p.a_stride[i] = d.a_bcast ? 0 : a_acc;
    p.b_stride[i] = d.b_bcast ? 0 : b_acc;
    p.y_stride[i] = y_acc;
    if (!d.a_bcast) a_acc *= d.size;
    if (!d.b_bcast) b_acc *= d.size;
    y_acc *= d.size;
  }
  return p;
}

}  // namespace wnn
