// The workbench's core, shared by the bench page (./bench --investigate) and the workbench page:
// one runtime computes every value of a per-layer reference set's rows, compared in graph order
// with the PC's (layer-compare.js), and the runtime's time per node on the same input
// (layer-times.js).
import { batchFeeds } from '../benchset.js';
import { createRuntime } from '../runtimes/index.js';
import { compareValues, summarizeLayers } from './layer-compare.js';
import { attachLayerTimes, timeSummary } from './layer-times.js';

/**
 * Both steps: every layer compared on `rows`, then each layer's time on the first of them
 * (timeRuns 0: none). {...compareLayers(), layers (with ms), time: timeSummary()}.
 */
export async function investigateLayers({ runtime, modelUrl, layerSet, rows = [0], timeRuns = 20 }) {
  const compared = await compareLayers({ runtime, modelUrl, layerSet, rows });
  const profile = timeRuns > 0
    ? await timeLayers({ runtime, modelUrl, feeds: batchFeeds(layerSet.samples, layerSet.layers.sampleRows[rows[0]], 1), runs: timeRuns })
    : { available: false, note: 'not asked for' };
  return { ...compared, layers: attachLayerTimes(compared.layers, profile), time: timeSummary(profile) };
}

/**
 * layerSet: openLayerSetUrl/openLayerSetFiles(); rows: rows of its per-layer files (row j is
 * sample layers.sampleRows[j] of its inputs). Returns {info, rows, sampleIndices, producer,
 * ...summarizeLayers()}.
 */
export async function compareLayers({ runtime, modelUrl, layerSet, rows = [0] }) {
  const L = layerSet.layers;
  const bad = rows.filter((j) => !Number.isInteger(j) || j < 0 || j >= L.sampleRows.length);
  if (bad.length) throw new Error(`rows ${bad.join(', ')} are not in ${layerSet.where}: it has per-layer values for rows 0..${L.sampleRows.length - 1}`);
  const floats = L.values.filter((v) => v.dtype === 'float32');
  const adapter = await createRuntime(runtime, modelUrl, { taps: floats.map((v) => v.name) });
  const unobservable = adapter.info.unobservable ?? {};
  const got = new Map(floats.map((v) => [v.name, []]));
  try {
    for (const j of rows) {
      const out = await adapter.run(batchFeeds(layerSet.samples, L.sampleRows[j], 1));
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
    const ref = await layerSet.readNpy(v.file);
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

/**
 * The runtime's time per node (ms per run), on a session as an application would make it (no
 * taps), after a warm-up of `warmupMs` (JIT tiers), over `runs` runs of `feeds`: {available,
 * source, runs, steps: [{node, op, ms, fused?}], untimedNote?} or {available: false, note} when
 * the runtime cannot say.
 */
export async function timeLayers({ runtime, modelUrl, feeds, runs = 20, warmupMs = 1000 }) {
  const adapter = await createRuntime(runtime, modelUrl, { profiling: true });
  try {
    if (!adapter.profile) return { available: false, note: `${runtime} has no per-layer profile` };
    const until = performance.now() + warmupMs;
    do await adapter.run(feeds); while (performance.now() < until);
    const p = await adapter.profile(feeds, runs);
    return { available: true, ...p };
  } catch (e) {
    const unavailable = /^unavailable: (.*)/s.exec(e.message);
    if (unavailable) return { available: false, note: unavailable[1] };
    throw e;
  } finally {
    await adapter.release();
  }
}
