// Numpy multidirectional broadcasting of two operands (ONNX Add, Mul, Equal, ...), planned once
// per shape as a loop nest over runs: dimensions of size 1 in the output are dropped, adjacent
// dimensions that broadcast the same way are merged, and the innermost merged dimension becomes a
// kernel run of one of three kinds (kernels/binary.h):
//   vv  both operands advance          [N,C,H,W] + [N,C,H,W], [3,4,5] + [5]
//   vs  b is one value over the run    x + scalar, [N,C,H,W] + bias [C,1,1] (a run per plane)
//   sv  a is one value over the run    scalar - x
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "wnn/core/shape.h"
#include "wnn/core/status.h"

namespace wnn {

struct BroadcastLoops {
  enum class Run { kVV, kVS, kSV };
  Shape out;                   // the broadcast output shape
  std::vector<int64_t> outer;  // sizes of the loops around the run, outermost first
  std::vector<int64_t> a_stride, b_stride, y_stride;  // per outer loop, in elements
  int64_t run = 1;                                    // elements per kernel call
  Run kind = Run::kVV;
  bool empty = false;  // the output has no elements: nothing to compute
};

// The error, when the shapes do not broadcast, reads
// "shapes [2,3] and [4] do not broadcast (dimension 1: 3 vs 4)".
Expected<BroadcastLoops> plan_broadcast(const Shape& a, const Shape& b);

// Calls f(a_offset, b_offset, y_offset) for every run, in output order. No allocation.
template <class F>
void for_each_run(const BroadcastLoops& p, F&& f, size_t d = 0, int64_t a = 0, int64_t b = 0,
                  int64_t y = 0) {
  if (d == p.outer.size()) {
    f(a, b, y);
    return;
  }
  for (int64_t i = 0; i < p.outer[d]; ++i)
    for_each_run(p, f, d + 1, a + i * p.a_stride[d], b + i * p.b_stride[d], y + i * p.y_stride[d]);
}

// Runs a kernel table ({vv, vs, sv} run functions) over the loop nest.
template <class Kernels, typename A, typename Y>
void run_broadcast(const BroadcastLoops& p, const Kernels& k, const A* a, const A* b, Y* y) {
  if (p.empty) return;
  const size_t n = static_cast<size_t>(p.run);
  for_each_run(p, [&](int64_t ao, int64_t bo, int64_t yo) {
    switch (p.kind) {
      case BroadcastLoops::Run::kVV: k.vv(n, a + ao, b + bo, y + yo); break;
      case BroadcastLoops::Run::kVS: k.vs(n, a + ao, b + bo, y + yo); break;
      case BroadcastLoops::Run::kSV: k.sv(n, a + ao, b + bo, y + yo); break;
    }
  });
}

// Elements [i0, i1) of a plan with no outer loop (one run: same shapes, or a scalar operand),
// for a step split into element ranges.
template <class Kernels, typename A, typename Y>
void run_broadcast_range(const BroadcastLoops& p, const Kernels& k, const A* a, const A* b, Y* y,
                         size_t i0, size_t i1) {
  const size_t n = i1 - i0;
  switch (p.kind) {
    case BroadcastLoops::Run::kVV: k.vv(n, a + i0, b + i0, y + i0); break;
    case BroadcastLoops::Run::kVS: k.vs(n, a + i0, b, y + i0); break;
    case BroadcastLoops::Run::kSV: k.sv(n, a, b + i0, y + i0); break;
  }
}

}  // namespace wnn
