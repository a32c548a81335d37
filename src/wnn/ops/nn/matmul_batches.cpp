#include "wnn/ops/nn/matmul_batches.h"

#include <algorithm>

namespace wnn {

Expected<MatMulBatches> plan_matmul_batches(const OpLabel& label, const Shape& a, const Shape& b) {
  Shape a2 = a.size() == 1 ? Shape{1, a[0]} : a;
  Shape b2 = b.size() == 1 ? Shape{b[0], 1} : b;
  const int64_t M = a2[a2.size() - 2], K = a2.back();
  const int64_t Kb = b2[b2.size() - 2], N = b2.back();
  if (K != Kb)
    return label.error("A " + shape_string(a) + " has " + std::to_string(K) + " columns but B " +
                       shape_string(b) + " has " + std::to_string(Kb) +
                       " rows; the inner dimensions of a matrix product must agree");
  // Batch dimensions, right-aligned, broadcast numpy-style.
  const Shape ab(a2.begin(), a2.end() - 2), bb(b2.begin(), b2.end() - 2);
  const size_t rank = std::max(ab.size(), bb.size());
  Shape batch(rank);
  for (size_t d = 0; d < rank; ++d) {
    const int64_t x = d + ab.size() >= rank ? ab[d + ab.size() - rank] : 1;
    const int64_t y = d + bb.size() >= rank ? bb[d + bb.size() - rank] : 1;
    if (x != y && x != 1 && y != 1)
      return label.error("the batch dimensions of A " + shape_string(a) + " and B " +
                         shape_string(b) + " do not broadcast (" + std::to_string(x) + " vs " +
                         std::to_string(y) + ")");
    batch[d] = x == 1 ? y : x;
  }
  MatMulBatches p;
  p.y = batch;
  if (a.size() > 1) p.y.push_back(M);
  if (b.size() > 1) p.y.push_back(N);
  p.M = static_cast<size_t>(M);
  p.K = static_cast<size_t>(K);
  p.N = static_cast<size_t>(N);
  if (shape_elements(bb) == 1) {  // one B for all: A's batch folds into the rows
    p.batches = 1;
    p.M *= static_cast<size_t>(shape_elements(ab));
    p.a_matrix = {0};
    p.b_matrix = {0};
    return p;
  }
  // The A and B matrix of each output matrix, in output order.
  p.batches = static_cast<size_t>(shape_elements(batch));
  std::vector<int64_t> a_stride(rank, 0), b_stride(rank, 0);
  for (int64_t d = static_cast<int64_t>(rank) - 1, sa = 1, sb = 1; d >= 0; --d) {
    const int64_t x = d + ab.size() >= rank ? ab[d + ab.size() - rank] : 1;
    const int64_t y = d + bb.size() >= rank ? bb[d + bb.size() - rank] : 1;
    a_stride[d] = x == 1 ? 0 : sa;
    b_stride[d] = y == 1 ? 0 : sb;
    sa *= x;
    sb *= y;
  }
  for (size_t i = 0; i < p.batches; ++i) {
    int64_t rest = static_cast<int64_t>(i), ai = 0, bi = 0;
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      const int64_t idx = rest % batch[d];
      rest /= batch[d];
      ai += idx * a_stride[d];
      bi += idx * b_stride[d];
    }
    p.a_matrix.push_back(static_cast<size_t>(ai));
    p.b_matrix.push_back(static_cast<size_t>(bi));
  }
  return p;
}

}  // namespace wnn
