// System memory of a browser: proportional set size (PSS) summed over its
// whole process tree, read from /proc/<pid>/smaps_rollup. PSS splits shared
// pages between the processes that map them, so the sum over a tree counts
// each page once.
import fs from 'node:fs/promises';
import { descendants } from './proc.mjs';

async function pssBytes(pid) {
  try {
    const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return kib ? Number(kib[1]) * 1024 : 0;
  } catch {
    return 0; // the process exited between listing and reading
  }
}

/** PSS in bytes of rootPid plus all its descendants. */
export async function processTreePss(rootPid) {
  const pids = [rootPid, ...descendants(rootPid)];
  const sizes = await Promise.all(pids.map(pssBytes));
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Samples processTreePss every intervalMs, in the background, until stop(); pause() holds it
 * (once a sample being read has finished) while something timed runs, resume() takes one sample
 * and goes on. A sample
 * reads every process's smaps_rollup: measured 2026-12-05, 15-22 ms of CPU for a Firefox or
 * Chromium tree (7-9 ms WebKit), which on two cores lands on a runtime's own threads: sampled
 * during a 2-thread measurement, it left about one run in ten at the 1-thread time (BlazeFace back
 * in Firefox, p90 17.5 ms against a 10.0 ms median).
 * stop() -> {peakPssBytes, samples}.
 */
export function startPssSampler(rootPid, intervalMs = 250) {
  let peakPssBytes = 0;
  let samples = 0;
  let paused = false;
  let stopped = false;
  let wake = () => {};
  let current = Promise.resolve();  // the sample being read, if any
  const sample = () => (current = (async () => {
    peakPssBytes = Math.max(peakPssBytes, await processTreePss(rootPid));
    samples += 1;
  })());
  const loop = (async () => {
    while (!stopped) {
      if (!paused) await sample();
      await new Promise((r) => {
        wake = r;
        if (stopped) r();
        else if (!paused) setTimeout(r, intervalMs);
      });
    }
  })();
  return {
    get samples() {
      return samples;
    },
    async pause() {
      paused = true;
      await current;
    },
    async resume() {
      await sample();
      paused = false;
      wake();
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
      await sample();
      return { peakPssBytes, samples };
    },
  };
}

/**
 * Sample processTreePss every intervalMs until `promise` settles.
 * Returns {result, peakPssBytes, samples}; rethrows if the promise rejects.
 */
export async function sampleWhile(promise, rootPid, intervalMs = 250) {
  const sampler = startPssSampler(rootPid, intervalMs);
  const [outcome] = await Promise.allSettled([promise]);
  const stats = await sampler.stop();
  if (outcome.status === 'rejected') throw outcome.reason;
  return { result: outcome.value, ...stats };
}
