// Seconds on a monotonic clock, for the per-step profile and the peak microbenchmark.
//
// In the wasm build this is performance.now() (what clock_gettime(CLOCK_MONOTONIC) reads there
// too) called directly: std::chrono::steady_clock::now() may throw std::system_error, which
// links libc++'s error categories and with them snprintf and printf's formatting, 3 KB gzip of
// the download for an error that cannot happen in a browser.
#pragma once

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#else
#include <chrono>
#endif

namespace wnn {

inline double monotonic_seconds() {
#if defined(__EMSCRIPTEN__)
  return emscripten_get_now() / 1000.0;
#else
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
}

}  // namespace wnn
