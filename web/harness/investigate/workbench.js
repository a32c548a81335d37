// The investigator's workbench, page side (driven by e2e/investigate.mjs through the bench page's
// benchHarness): one runtime, one model, one reference set per call.
//   accuracy({model, runtime, set, samples, maxMs, batch})   top-1 of the runtime and of the PC on
//                                     the same samples of the set, and agreement with the PC
//   layers({model, runtime, layersManifest, rows, timeRuns})  every intermediate value of the given
//                                     rows against the PC's per-layer reference, in graph order,
//                                     with each layer's time in this runtime
//   runModel({runtime, modelUrl, feeds})                     one small model (the minimal repro)
import { argmax } from '../metrics.js';
import { batchFeeds, loadBenchSet } from '../benchset.js';
import { createRuntime } from '../runtimes/index.js';
import { investigateLayers } from './layer-run.js';
import { openLayerSetUrl } from './layer-set.js';

const SETS = { reference: ['reference'], testset: ['testset'], generated: ['generated'] };
const modelUrl = (model) => new URL(`/models/${model}/model.onnx`, location.href).href;

function setsOf(set) {
  const sets = SETS[set];
  if (!sets) throw new Error(`unknown set '${set}'; expected ${Object.keys(SETS).join(', ')}`);
  return sets;
}

export async function accuracy({ model, runtime, set = 'testset', samples = Infinity, maxMs = Infinity, batch = 100 }) {
  const benchSet = await loadBenchSet(model, setsOf(set));
  if (!(samples > 0)) samples = Infinity;
  if (!(maxMs > 0)) maxMs = Infinity;
  const adapter = await createRuntime(runtime, modelUrl(model));
  try {
    const requested = Math.min(samples, benchSet.count);
    const ref = benchSet.references[0];
    let done = 0;
    let right = 0;
    let pcRight = 0;
    let agree = 0;
    const start = performance.now();
    while (done < requested && performance.now() - start < maxMs) {
      const n = Math.min(batch, requested - done);
      const out = (await adapter.run(batchFeeds(benchSet, done, n)))[ref.name];
      if (!out) throw new Error(`${runtime} returned no output '${ref.name}'`);
      for (let s = 0; s < n; s++) {
        const got = argmax(out.data, s * ref.perSample, ref.perSample);
        const want = argmax(ref.data, (done + s) * ref.perSample, ref.perSample);
        if (got === want) agree++;
        if (benchSet.labels) {
          if (got === benchSet.labels[done + s]) right++;
          if (want === benchSet.labels[done + s]) pcRight++;
        }
      }
      done += n;
    }
    return {
      info: adapter.info, set: benchSet.set, producer: benchSet.producer, samples: done, samplesAvailable: benchSet.count,
      cappedByTime: done < requested, seconds: (performance.now() - start) / 1000,
      top1: benchSet.labels ? right / done : null, pcTop1: benchSet.labels ? pcRight / done : null, agreement: agree / done,
    };
  } finally {
    await adapter.release();
  }
}

/**
 * layersManifest: URL of a wasmnn-reference/1 manifest with `layers` (format full); rows: the
 * rows of its per-layer files to compare; row j of those files is sample layers.sampleRows[j] of
 * its inputs, which is fed to the runtime. timeRuns: runs of the per-layer time profile on the
 * first row (0: none). Each layer gets its node's ms (layer-times.js) beside its errors.
 */
export async function layers({ model, runtime, layersManifest, rows = [0], timeRuns = 20 }) {
  return investigateLayers({ runtime, modelUrl: modelUrl(model), layerSet: await openLayerSetUrl(layersManifest), rows, timeRuns });
}

/** One model on explicit feeds ({name: {type, data: number[], dims}}): the minimal repro's check. */
export async function runModel({ runtime, modelUrl: url, feeds }) {
  const adapter = await createRuntime(runtime, new URL(url, location.href).href);
  try {
    const typed = {};
    for (const [name, f] of Object.entries(feeds)) typed[name] = { type: f.type, data: Float32Array.from(f.data), dims: f.dims };
    const out = await adapter.run(typed);
    return { info: adapter.info, outputs: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { dims: v.dims, data: Array.from(v.data, Number) }])) };
  } finally {
    await adapter.release();
  }
}
