// The machine's limit for 128-bit float code, measured where it runs (in the page, in Node, or
// natively): 8, 12 or 16 independent f32x4 multiply-then-add chains, whichever is fastest there,
// so neither latency, memory nor register spills bound it. The profile reports each conv/gemm
// layer's GFLOP/s against this number.
#pragma once
#include <cstddef>

namespace wnn::kernels {

// GFLOP/s on this thread, the best of 8, 12 and 16 chains: each gets a third of `seconds`, many
// short calls timed after a warm-up of 40 % of its share (a wasm engine swaps in optimised code
// between calls only).
double f32x4_peak_gflops(double seconds);

}  // namespace wnn::kernels
