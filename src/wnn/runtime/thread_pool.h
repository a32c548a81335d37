// Threads that run the tasks of one step at a time (XNNPACK's pthreadpool, reduced to what a
// step needs). Created once per session; the calling thread works too. Tasks are taken in any
// order by any thread, which is safe because a task writes only its own outputs and reduces
// nothing with another task: the bits never depend on the thread count.
//
// In a wasm build without pthreads (and whenever threads == 1) every task runs on the caller.
#pragma once
#include <cstddef>
#include <memory>

#include "wnn/ops/op.h"

namespace wnn {

class ThreadPool {
 public:
  // `threads` includes the caller; the pool starts threads - 1 workers (none if unsupported;
  // fewer if the system runs out of threads: threads() says how many there are).
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t threads() const { return threads_; }
  static bool supported();  // built with threads (native, or wasm with pthreads)

  // Runs every task of `compute` (op.run(args, task)), thread t using scratch + t * scratch_stride.
  void run(Op& op, const RunArgs& args, const ComputeRange& compute, char* scratch,
           size_t scratch_stride);

 private:
  struct Shared;
  void work(size_t thread);

  size_t threads_ = 1;
  std::unique_ptr<Shared> shared_;
};

}  // namespace wnn
