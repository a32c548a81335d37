// numpy matmul's shape rules, shared by MatMul and the integer MatMuls (MatMulInteger,
// QLinearMatMul): a 1-D A is a row [1, K] and a 1-D B a column [K, 1], whose added dimension the
// output then drops; the batch dimensions (all but the last two) broadcast.
#pragma once
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

// `batches` products of [M, K] x [K, N]; output matrix i reads A matrix a_matrix[i] and B matrix
// b_matrix[i]. When B has no batch (or only 1s), A's batch folds into the rows: one product of
// [batch * M, K] x [K, N].
struct MatMulBatches {
  size_t batches = 0, M = 0, K = 0, N = 0;
  std::vector<size_t> a_matrix, b_matrix;
  Shape y;  // the output's shape
};

// Errors name the op ("the inner dimensions of a matrix product must agree", batches that do not
// broadcast). Shapes must have rank 1 or more.
Expected<MatMulBatches> plan_matmul_batches(const OpLabel& label, const Shape& a, const Shape& b);

}  // namespace wnn
