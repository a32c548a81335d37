// Which GEMM tile is fastest in this browser: every tile of the build on one model, timed in
// interleaved rounds (so drift of a shared machine hits all tiles alike). Used by e2e/tiles.mjs.
import { InferenceSession, gemmKernels } from '../../dist/wasmnn.js';
import { fetchNpy } from './npy.js';
import { sampleTensor } from './harness.js';

// The build's SIMD GEMM tiles (gemmKernels() without the scalar reference), the default first.
export async function simdGemmTiles() {
  return (await gemmKernels()).filter((name) => !name.endsWith('__scalar'));
}

// tiles: `gemm` session options to time ('TILE' or 'TILE+WIDE'); by default the build's default
// choice ('', reported under the name the session gives it) and then every SIMD tile alone.
export async function timeGemmTiles({ model, tiles, rounds = 8, runsPerRound = 10, warmupMs = 1000, numThreads = 1 }) {
  const manifestUrl = new URL(`/models/${model}/reference/manifest.json`, location.href);
  const manifest = await (await fetch(manifestUrl)).json();
  const at = (file) => new URL(file, manifestUrl).href;
  const inputs = await Promise.all(manifest.inputs.map((v) => fetchNpy(at(v.file))));
  const feeds = {};
  manifest.inputs.forEach((v, i) => { feeds[v.name] = sampleTensor(inputs[i], 0, v.decode); });
  tiles ??= ['', ...(await simdGemmTiles())];
  const sessions = [];
  for (const gemm of tiles) sessions.push(await InferenceSession.create(at(manifest.onnx), { gemm: gemm || undefined, numThreads }));
  const names = sessions.map((s, i) => (tiles[i] === '' ? `${s.gemm} (default)` : s.gemm));
  try {
    for (const s of sessions) {
      for (const t0 = performance.now(); performance.now() - t0 < warmupMs;) await s.run(feeds);
    }
    const times = tiles.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < sessions.length; i++) {
        for (let k = 0; k < runsPerRound; k++) {
          const t = performance.now();
          await sessions[i].run(feeds);
          times[i].push(performance.now() - t);
        }
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { model, numThreads, tiles: names.map((name, i) => ({ name, medianMs: median(times[i]), runs: times[i].length })) };
  } finally {
    for (const s of sessions) s.release();
  }
}
