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
 * Sample processTreePss every intervalMs until `promise` settles.
 * Returns {result, peakPssBytes, samples}; rethrows if the promise rejects.
 */
export async function sampleWhile(promise, rootPid, intervalMs = 250) {
  let settled = false;
  const done = Promise.resolve(promise).then(() => {}, () => {}).finally(() => { settled = true; });
  let peakPssBytes = 0;
  let samples = 0;
  while (!settled) {
    peakPssBytes = Math.max(peakPssBytes, await processTreePss(rootPid));
    samples += 1;
    let timer;
    await Promise.race([done, new Promise((r) => { timer = setTimeout(r, intervalMs); })]);
    clearTimeout(timer);
  }
  return { result: await promise, peakPssBytes, samples };
}
