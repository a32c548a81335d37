// The machine's limit for 128-bit float code, measured where it runs (in the page, in Node, or
// natively): 16 independent f32x4 multiply-then-add chains, so neither latency nor memory
// bounds it. The profile reports each conv/gemm layer's GFLOP/s against this number.
#pragma once
#include <cstddef>

namespace wnn::kernels {

// Runs `iterations` rounds (16 x 4 lanes x 2 flops each) and returns the flops done; time it
// from outside. The result feeds a sink so the work cannot be optimised away.
double f32x4_peak_flops(size_t iterations);

// GFLOP/s of f32x4_peak_flops on this thread: many short calls for 0.6 x `seconds` after a
// warm-up of 0.4 x `seconds` (a wasm engine swaps in optimised code between calls only).
double f32x4_peak_gflops(double seconds);

}  // namespace wnn::kernels
