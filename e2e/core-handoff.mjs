// How far apart the host keeps this machine's cores: the time one thread takes to see a value
// another thread wrote (two Node threads handing a counter back and forth on a SharedArrayBuffer).
//
// Why the bench asks: this machine is a virtual one whose two CPUs the host moves between cores
// that share a cache and cores that do not, for seconds to minutes at a time, unseen by top or
// the load average. Measured 2026-12-05: a hand-off takes 25-50 ns near and 170-190 ns far in C,
// 50-60 ns near (up to 99 while a browser works beside the probe) and 175-185 ns far here.
// Single-thread speed does not change, but every runtime's 2-thread speed does: in Node,
// alternating with a C probe, ResNet-20 at 2 threads took wasmnn 1.06 ms near and 1.50 ms far,
// ORT-Web 2.05 ms near and 3.5-4.5 ms far (slower than its 1 thread, 3.16). A 2-thread cell
// measured far says where the host put the CPUs, not how a runtime threads: the bench measures
// it again (bench.mjs, measureOnNearCores).
import { Worker } from 'node:worker_threads';

// Hand-offs at or above this are "far": between the two modes measured here.
export const FAR_HANDOFF_NS = 130;
// A multi-thread measurement with a far probe before or after it is taken again, up to this many
// measurements in all (bench.mjs, measureOnNearCores).
export const MEASURE_ATTEMPTS = 3;
const HANDOFFS = 100_000;  // a round: ~6 ms near, ~18 ms far

// The other thread: waits (no CPU) until asked for a round, then answers each odd count with the
// next even one. ctrl[0]: the round's hand-offs (0: idle, -1: quit); ball[0]: the counter, on
// its own cache line.
const WORKER = `
const { workerData } = require('node:worker_threads');
const ctrl = new Int32Array(workerData, 0, 16), ball = new Int32Array(workerData, 64, 16);
for (;;) {
  Atomics.wait(ctrl, 0, 0);
  const n = Atomics.load(ctrl, 0);
  if (n < 0) break;
  for (let i = 1; i < n; i += 2) {
    while (Atomics.load(ball, 0) !== i);
    Atomics.store(ball, 0, i + 1);
  }
  Atomics.store(ctrl, 0, 0);
}`;

/** Starts the probe's thread: handoffNs(rounds) measures, close() stops the thread. */
export async function startCoreProbe() {
  const shared = new SharedArrayBuffer(128);
  const ctrl = new Int32Array(shared, 0, 16), ball = new Int32Array(shared, 64, 16);
  const worker = new Worker(WORKER, { eval: true, workerData: shared });
  worker.unref();
  const round = async () => {
    Atomics.store(ball, 0, 0);
    Atomics.store(ctrl, 0, HANDOFFS);
    Atomics.notify(ctrl, 0);
    // Wait for the worker to wake (its first answer), then time the rest.
    Atomics.store(ball, 0, 1);
    while (Atomics.load(ball, 0) !== 2);
    const start = process.hrtime.bigint();
    for (let i = 2; i < HANDOFFS; i += 2) {
      while (Atomics.load(ball, 0) !== i);
      Atomics.store(ball, 0, i + 1);
    }
    const ns = Number(process.hrtime.bigint() - start) / (HANDOFFS - 2);
    while (Atomics.load(ctrl, 0) !== 0) await new Promise((r) => setTimeout(r, 1));
    return ns;
  };
  await round();  // the first round compiles the loops
  return {
    // The median ns of a one-way hand-off over `rounds` rounds (call it while nothing else of ours runs).
    async handoffNs(rounds = 3) {
      const ns = [];
      for (let i = 0; i < rounds; ++i) ns.push(await round());
      return ns.sort((a, b) => a - b)[rounds >> 1];
    },
    async close() {
      Atomics.store(ctrl, 0, -1);
      Atomics.notify(ctrl, 0);
      await worker.terminate();
    },
  };
}

export const coresFar = (ns) => typeof ns === 'number' && ns >= FAR_HANDOFF_NS;

/** A bench record (or a baseline's run) at more than one thread that stayed far through its attempts. */
export const measuredFar = (r) => r.threads > 1 && Boolean(r.conditions?.coresFar ?? r.coresFar);

/** "near (31 ns)" / "far (176 ns)" for a hand-off time, "-" without one. */
export const describeHandoff = (ns) => (typeof ns === 'number' ? `${coresFar(ns) ? 'far' : 'near'} (${ns.toFixed(0)} ns)` : '-');
