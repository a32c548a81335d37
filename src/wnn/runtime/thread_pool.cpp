#include "wnn/runtime/thread_pool.h"

#include <algorithm>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define WNN_THREADS 0
#else
#define WNN_THREADS 1
#include <pthread.h>

#include <atomic>
#include <vector>
#endif

namespace wnn {

#if WNN_THREADS

// How long an idle worker polls for the next step before it sleeps (about a millisecond, as
// pthreadpool's): steps follow each other within microseconds, and a page's runs within a
// millisecond or two, while waking a sleeping worker costs tens of microseconds in a browser.
constexpr int kSpinIterations = 1000000;

// POSIX threads rather than std::thread, std::mutex and std::condition_variable: those report
// failures as std::system_error, whose error categories link printf's formatting into the wasm
// module (7 KB gzip of the threaded download); pthread_create's failure is handled below instead.
struct ThreadPool::Shared {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
  std::vector<pthread_t> workers;
  std::atomic<bool> stop{false};
  std::atomic<uint32_t> generation{0};
  // (generation << 32) | index of the next task: a thread claims a task only for the generation
  // it woke for, so a late worker can never take a task of the next step. Between steps it
  // holds kClosed, on which no claim succeeds, while the caller rewrites the step below.
  static constexpr uint64_t kClosed = ~uint64_t{0};
  std::atomic<uint64_t> next{kClosed};
  std::atomic<size_t> done{0};
  std::atomic<size_t> total{0};

  // The step being run: written while `next` is kClosed, read only by a thread that has
  // claimed one of its tasks, and stable until `done` reaches total.
  Op* op = nullptr;
  const RunArgs* args = nullptr;
  ComputeRange compute;
  char* scratch = nullptr;
  size_t scratch_stride = 0;

  // Claims the next task of generation `gen`; false when there is none.
  bool claim(uint32_t gen, size_t& index) {
    uint64_t v = next.load(std::memory_order_acquire);
    for (;;) {
      if (v == kClosed || static_cast<uint32_t>(v >> 32) != gen) return false;
      const size_t i = static_cast<size_t>(v & 0xffffffffu);
      if (i >= total.load(std::memory_order_acquire)) return false;
      if (next.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) {
        index = i;
        return true;
      }
    }
  }

  // Runs the tasks this thread can claim of generation `gen`.
  void take_tasks(uint32_t gen, size_t thread) {
    size_t i;
    while (claim(gen, i)) {
      op->run(*args, compute.task(i, scratch + thread * scratch_stride));
      done.fetch_add(1, std::memory_order_acq_rel);
    }
  }
};

bool ThreadPool::supported() { return true; }

ThreadPool::ThreadPool(size_t threads) : threads_(std::max<size_t>(1, threads)) {
  shared_ = std::make_unique<Shared>();
  struct WorkerStart {
    ThreadPool* pool;
    size_t thread;
  };
  // A worker thread's entry: work(its index). (A lambda here may call the private work().)
  void* (*worker_main)(void*) = [](void* start) -> void* {
    const WorkerStart w = *static_cast<WorkerStart*>(start);
    delete static_cast<WorkerStart*>(start);
    w.pool->work(w.thread);
    return nullptr;
  };
  for (size_t t = 1; t < threads_; ++t) {
    pthread_t id;
    auto* start = new WorkerStart{this, t};
    if (pthread_create(&id, nullptr, worker_main, start) != 0) {
      // No more threads (a page's worker pool is used up): run with the ones that started.
      delete start;
      threads_ = t;
      break;
    }
    shared_->workers.push_back(id);
  }
}

ThreadPool::~ThreadPool() {
  pthread_mutex_lock(&shared_->mutex);
  shared_->stop = true;
  shared_->generation.fetch_add(1);
  pthread_mutex_unlock(&shared_->mutex);
  pthread_cond_broadcast(&shared_->wake);
  for (pthread_t w : shared_->workers) pthread_join(w, nullptr);
}

void ThreadPool::work(size_t thread) {
  Shared& s = *shared_;
  uint32_t seen = 0;
  for (;;) {
    for (int spin = 0;
         spin < kSpinIterations && s.generation.load(std::memory_order_acquire) == seen; ++spin) {
    }
    if (s.generation.load(std::memory_order_acquire) == seen) {
      pthread_mutex_lock(&s.mutex);
      while (s.generation.load() == seen && !s.stop) pthread_cond_wait(&s.wake, &s.mutex);
      pthread_mutex_unlock(&s.mutex);
    }
    if (s.stop.load()) return;
    seen = s.generation.load(std::memory_order_acquire);
    s.take_tasks(seen, thread);
  }
}

void ThreadPool::run(Op& op, const RunArgs& args, const ComputeRange& c, char* scratch,
                     size_t scratch_stride) {
  Shared& s = *shared_;
  const size_t total = c.tasks();
  if (threads_ == 1 || total <= 1) {
    run_serially(op, args, c, scratch);
    return;
  }
  // Close the previous step to late claims before rewriting it (every task of it has finished:
  // the last run() waited for them), then open this one.
  s.next.store(Shared::kClosed, std::memory_order_seq_cst);
  s.op = &op;
  s.args = &args;
  s.compute = c;
  s.total.store(total, std::memory_order_relaxed);
  s.scratch = scratch;
  s.scratch_stride = scratch_stride;
  s.done.store(0, std::memory_order_relaxed);
  uint32_t gen;
  pthread_mutex_lock(&s.mutex);
  gen = s.generation.load() + 1;
  s.next.store(static_cast<uint64_t>(gen) << 32, std::memory_order_release);
  s.generation.store(gen, std::memory_order_release);
  pthread_mutex_unlock(&s.mutex);
  pthread_cond_broadcast(&s.wake);
  s.take_tasks(gen, 0);
  // The caller waits for the workers' last tasks by spinning: the browser's main thread may
  // not block, and the wait is one task long at most.
  while (s.done.load(std::memory_order_acquire) < total) {
  }
}

#else  // a wasm build without pthreads

struct ThreadPool::Shared {};
bool ThreadPool::supported() { return false; }
ThreadPool::ThreadPool(size_t) : threads_(1) {}
ThreadPool::~ThreadPool() = default;
void ThreadPool::work(size_t) {}
void ThreadPool::run(Op& op, const RunArgs& args, const ComputeRange& c, char* scratch, size_t) {
  run_serially(op, args, c, scratch);
}

#endif

}  // namespace wnn
