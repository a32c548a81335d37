// 128-bit vectors through the compiler's vector extension: wasm SIMD128 in wasm builds, SSE
// natively, so the native/wasm ratio compares the same work. Up to sixteen named accumulators (an
// array could live in memory) keep that many independent chains in registers.
#include "wnn/kernels/peak.h"

#include <algorithm>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "wnn/core/monotonic_clock.h"

namespace wnn::kernels {
namespace {

typedef float f32x4 __attribute__((vector_size(16)));
volatile float sink;

#if defined(__wasm_simd128__)
inline f32x4 mul_add(f32x4 x, f32x4 a, f32x4 b) {
  return (f32x4)wasm_f32x4_add(wasm_f32x4_mul((v128_t)x, (v128_t)a), (v128_t)b);
}
#else
inline f32x4 mul_add(f32x4 x, f32x4 a, f32x4 b) { return x * a + b; }
#endif

}  // namespace

// CHAINS independent multiply-then-add chains of f32x4 for `iterations` rounds. Each chain is a
// named accumulator (an array could live in memory); with the two constant vectors, 16 chains
// need 18 live vectors, more than x86's 16 registers, and an engine may spill them: the peak is
// the best of 8, 12 and 16 chains.
// Returns the flops done; the result feeds a sink so the work cannot be optimised away.
template <int CHAINS>
double chains_flops(size_t iterations) {
  const f32x4 a = f32x4{0.999f, 0.998f, 0.997f, 0.996f};
  const f32x4 b = f32x4{0.001f, 0.002f, 0.003f, 0.004f};
#define WNN_CHAINS(X) \
  X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define WNN_INIT(i) [[maybe_unused]] f32x4 acc##i = b + static_cast<float>(i);
#define WNN_STEP(i) \
  if constexpr (i < CHAINS) acc##i = mul_add(acc##i, a, b);  // no contraction: mul, then add
#define WNN_SUM(i) \
  if constexpr (i < CHAINS) total += acc##i[0] + acc##i[1] + acc##i[2] + acc##i[3];
  WNN_CHAINS(WNN_INIT)
  for (size_t it = 0; it < iterations; ++it) {
    WNN_CHAINS(WNN_STEP)
  }
  float total = 0.0f;
  WNN_CHAINS(WNN_SUM)
#undef WNN_SUM
#undef WNN_STEP
#undef WNN_INIT
#undef WNN_CHAINS
  sink = total;
  return static_cast<double>(iterations) * CHAINS * 4 * 2;
}

double f32x4_peak_gflops(double seconds) {
  auto since = [](double t) { return monotonic_seconds() - t; };
  constexpr size_t kIterations = 1 << 14;
  double best = 0;
  for (double (*run)(size_t) : {&chains_flops<8>, &chains_flops<12>, &chains_flops<16>}) {
    const double share = seconds / 3;  // each variant: a warm-up, then the timed calls
    for (double t = monotonic_seconds(); since(t) < 0.4 * share;) run(kIterations);
    double flops = 0;
    const double t = monotonic_seconds();
    while (since(t) < 0.6 * share) flops += run(kIterations);
    best = std::max(best, flops / since(t) / 1e9);
  }
  return best;
}

}  // namespace wnn::kernels
