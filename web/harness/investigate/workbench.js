// The investigator's workbench, page side (driven by e2e/investigate.mjs through the bench page's
// benchHarness): one runtime, one model, one reference set per call.
//   accuracy({model, runtime, set, samples, maxMs, batch})   top-1 of the runtime and of the PC on
//                                     the same samples of the set, and agreement with the PC
//   layers({model, runtime, set, layersManifest, rows})      every intermediate value of the given
//                                     rows against the PC's per-layer reference, in graph order
//   runModel({runtime, modelUrl, feeds})                     one small model (the minimal repro)
import { argmax } from '../metrics.js';
import { batchFeeds, loadBenchSet } from '../benchset.js';
import { fetchNpy } from '../npy.js';
import { createRuntime } from '../runtimes/index.js';
import { compareValues, summarizeLayers } from './layer-compare.js';

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
 * the set, which is fed to the runtime.
 */
export async function layers({ model, runtime, set = 'reference', layersManifest, rows = [0] }) {
  const url = new URL(layersManifest, location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const manifest = await response.json();
  const L = manifest.layers;
  if (!L || L.format !== 'full') throw new Error(`${layersManifest} has no per-layer values in the full format (models/reference --layers)`);
  const benchSet = await loadBenchSet(model, setsOf(set));
  const floats = L.values.filter((v) => v.dtype === 'float32');
  const adapter = await createRuntime(runtime, modelUrl(model), { taps: floats.map((v) => v.name) });
  const unobservable = adapter.info.unobservable ?? {};
  const got = new Map(floats.map((v) => [v.name, []]));
  try {
    for (const j of rows) {
      const out = await adapter.run(batchFeeds(benchSet, L.sampleRows[j], 1));
      for (const v of floats) if (!unobservable[v.name]) got.get(v.name).push(out[v.name]);
    }
  } finally {
    await adapter.release();
  }
  const compared = [];
  for (const v of L.values) {
    const entry = { name: v.name, node: v.node, op: v.op, shape: v.shape.slice(1) };
    if (v.dtype !== 'float32') { compared.push({ ...entry, status: `not compared: ${v.dtype}` }); continue; }
    if (unobservable[v.name]) { compared.push({ ...entry, status: `not observable: ${unobservable[v.name]}` }); continue; }
    const parts = got.get(v.name);
    if (parts.some((p) => !p)) { compared.push({ ...entry, status: `not returned by ${runtime}` }); continue; }
    const ref = await fetchNpy(new URL(v.file, url).href);
    const per = ref.data.length / ref.shape[0];
    const refRows = new Float32Array(rows.length * per);
    rows.forEach((j, k) => refRows.set(ref.data.subarray(j * per, (j + 1) * per), k * per));
    const mine = new Float32Array(rows.length * per);
    let offset = 0;
    let sizeError = null;
    for (const p of parts) {
      if (p.data.length !== per) sizeError = `${runtime} computed ${p.data.length} values (dims ${p.dims}), the PC ${per}`;
      else mine.set(p.data, offset);
      offset += per;
    }
    if (sizeError) { compared.push({ ...entry, status: `not compared: ${sizeError}` }); continue; }
    compared.push({ ...entry, ...compareValues(refRows, mine) });
  }
  return { info: adapter.info, rows, sampleIndices: rows.map((j) => L.sampleRows[j]), producer: L.producer, ...summarizeLayers(compared) };
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
