// The timing and accuracy loop of the bench, the same code for every runtime (runtimes/index.js
// is the adapter interface); one runtime x one model per page. Used by bench.js (the bench page,
// driven by e2e/bench.mjs) and by harness.js's runBench (the test page). Steps:
//   load({model, runtime, threads})   data set (untimed), then timed: import the runtime, fetch
//                                     the model, compile, create the session, first output
//   measure({batch, samples, warmupMs, maxMs, identitySamples})  warm-up by time, then every sample,
//                                     batch by batch, until the samples or the time cap run out
//   memory()                          wasm heap (every wasm memory of the page) + runtime extras
//   release()
import { batchFeeds, loadBenchSet } from './benchset.js';
import { argmax, latencySummary, sha256Hex } from './metrics.js';
import { createRuntime } from './runtimes/index.js';

let state = null; // {benchSet, runtime, modelUrl}

const modelUrl = (model) => new URL(`/models/${model}/model.onnx`, location.href).href;

export async function load({ model, runtime, threads = 1 }) {
  if (state) throw new Error('load() was already called on this page: one runtime per page');
  const t0 = performance.now();
  const benchSet = await loadBenchSet(model);
  const dataMs = performance.now() - t0;
  const url = modelUrl(model);
  // Load time: fetch + compile + session creation until the first output.
  const t1 = performance.now();
  const adapter = await createRuntime(runtime, url, { threads });
  await adapter.run(batchFeeds(benchSet, 0, 1));
  const loadMs = performance.now() - t1;
  state = { benchSet, adapter, model };
  return {
    loadMs, dataMs, info: adapter.info, set: benchSet.set, producer: benchSet.producer, dataset: benchSet.dataset,
    available: benchSet.count, hasLabels: benchSet.labels !== null,
    crossOriginIsolated: self.crossOriginIsolated === true, userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

// Load again in a page whose HTTP cache (and compiled-code cache) is warm, then release.
export async function loadOnly({ model, runtime, threads = 1 }) {
  const benchSet = await loadBenchSet(model);
  const t1 = performance.now();
  const adapter = await createRuntime(runtime, modelUrl(model), { threads });
  await adapter.run(batchFeeds(benchSet, 0, 1));
  const loadMs = performance.now() - t1;
  await adapter.release();
  return { loadMs };
}

async function warmUp(run, feeds, warmupMs) {
  const until = performance.now() + warmupMs;
  let runs = 0;
  do {
    await run(feeds);
    runs++;
  } while (performance.now() < until);
  return runs;
}

// Error histogram bins: exact, then decades 1e-10 .. 1e0 of a sample's max |error|, then >= 1.
const DECADES = [-10, -9, -8, -7, -6, -5, -4, -3, -2, -1];
function histogram(errors) {
  const counts = new Array(DECADES.length + 2).fill(0);
  for (const e of errors) {
    if (e === 0) counts[0]++;
    else if (!(e < 1)) counts[counts.length - 1]++;
    else counts[1 + Math.max(0, Math.min(DECADES.length - 1, Math.floor(Math.log10(e)) - DECADES[0]))]++;
  }
  const labels = ['0', ...DECADES.map((d) => `<1e${d + 1}`), '>=1'];
  labels[1] = '<1e-9';
  return { labels, counts };
}

// Outputs vs the PC reference: per-sample max |err| over all outputs, relative error against
// each sample's reference range (max |ref|), top-1 of the first output vs reference and labels.
function accuracy(benchSet, outputs, samples) {
  let maxAbs = 0;
  let maxRel = 0;
  let agree = 0;
  let right = 0;
  const perSample = new Float64Array(samples);
  const mismatches = [];
  benchSet.references.forEach((ref, o) => {
    const n = ref.perSample;
    const got = outputs[o];
    for (let s = 0; s < samples; s++) {
      let range = 0;
      let abs = 0;
      for (let j = 0; j < n; j++) {
        const w = ref.data[s * n + j];
        range = Math.max(range, Math.abs(w));
        const d = Math.abs(got[s * n + j] - w);
        abs = Number.isNaN(d) ? Infinity : Math.max(abs, d);
      }
      perSample[s] = Math.max(perSample[s], abs);
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, range > 0 ? abs / range : abs);
    }
  });
  const first = benchSet.references[0];
  for (let s = 0; s < samples; s++) {
    const a = argmax(outputs[0], s * first.perSample, first.perSample);
    const b = argmax(first.data, s * first.perSample, first.perSample);
    if (a === b) agree++;
    else if (mismatches.length < 20) mismatches.push({ sample: s, got: a, want: b });
    if (benchSet.labels && a === benchSet.labels[s]) right++;
  }
  return {
    top1: benchSet.labels ? right / samples : null,
    agreement: agree / samples,
    maxAbsError: maxAbs,
    maxRelError: maxRel,
    mismatches,
    errorHistogram: histogram(perSample),
  };
}

const concat = (parts) => {
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => { all.set(p, offset); return offset + p.length; }, 0);
  return all;
};

// Cross-browser identity is judged on the outputs of the first identitySamples samples, which
// every measurement covers whatever its time cap (minSamples), so runs that measured different
// numbers of samples in different browsers still compare.
export async function measure({ batch = 1, samples = Infinity, warmupMs = 3000, maxMs = Infinity, identitySamples = 100, minSamples = identitySamples }) {
  if (!state) throw new Error('measure() before load()');
  const { benchSet, adapter } = state;
  // JSON (WebDriver) turns Infinity into null: treat a missing bound as no bound.
  if (!(samples > 0)) samples = Infinity;
  if (!(maxMs > 0)) maxMs = Infinity;
  const requested = Math.min(samples, benchSet.count);
  const batches = Math.floor(requested / batch);
  if (batches < 1) throw new Error(`batch ${batch} is larger than the ${requested} samples`);
  const run = (feeds) => adapter.run(feeds);
  const warmupRuns = await warmUp(run, batchFeeds(benchSet, 0, batch), warmupMs);

  const outputs = benchSet.references.map((r) => new Float32Array(batches * batch * r.perSample));
  // A set smaller than minSamples (the external models have 4-8 samples) is timed over repeated
  // passes, so that the median stands on at least minSamples runs; accuracy and identity come from
  // the first pass.
  const passes = Number.isFinite(samples) ? 1 : Math.max(1, Math.ceil(minSamples / (batches * batch)));
  const times = [];
  let done = 0;
  const start = performance.now();
  timing: for (let pass = 0; pass < passes; pass++) {
    for (let b = 0; b < batches; b++) {
      const feeds = batchFeeds(benchSet, b * batch, batch);
      const t0 = performance.now();
      const out = await run(feeds);
      times.push(performance.now() - t0);
      if (pass === 0) {
        benchSet.references.forEach((ref, o) => {
          const got = out[ref.name];
          if (!got) throw new Error(`${adapter.info.runtime} returned no output '${ref.name}' (it returned ${Object.keys(out).join(', ')})`);
          if (got.data.length !== batch * ref.perSample) {
            throw new Error(`${adapter.info.runtime}: output '${ref.name}' has ${got.data.length} values for batch ${batch}, the reference ${batch * ref.perSample}`);
          }
          outputs[o].set(got.data, b * batch * ref.perSample);
        });
        done += batch;
      }
      if (performance.now() - start > maxMs && times.length * batch >= minSamples) break timing;
    }
  }
  const totalMs = performance.now() - start;
  const measured = outputs.map((o, i) => o.subarray(0, done * benchSet.references[i].perSample));
  const identityCount = Math.min(done, Math.ceil(identitySamples / batch) * batch);
  const identityPart = measured.map((o, i) => o.subarray(0, identityCount * benchSet.references[i].perSample));
  return {
    batch, samples: done, samplesRequested: requested, cappedByTime: done < batches * batch, warmupMs, warmupRuns,
    timedRuns: times.length, passes,
    // Per-call times are whole timer ticks (5-20 us, engine-dependent); meanMs is exact.
    latencyMs: { ...latencySummary(times), mean: totalMs / times.length, perSampleMean: totalMs / (times.length * batch) },
    totalMs,
    accuracy: accuracy(benchSet, measured, done),
    outputsSha256: await sha256Hex(concat(measured)),
    identity: { samples: identityCount, sha256: await sha256Hex(concat(identityPart)) },
  };
}

// The runtime's per-step profile over `runs` batch-1 runs, when it has one (wasmnn): steps
// [{node, op, ms, flops}], a summary by op type with GFLOP/s, and the page's 128-bit peak.
export async function profile({ runs = 50 } = {}) {
  if (!state) throw new Error('profile() before load()');
  if (!state.adapter.profile) return null;
  const p = await state.adapter.profile(batchFeeds(state.benchSet, 0, 1), runs);
  const byOp = {};
  for (const s of p.steps) {
    const o = (byOp[s.op] ??= { op: s.op, nodes: 0, ms: 0, flops: 0 });
    o.nodes += 1;
    o.ms += s.ms;
    o.flops += s.flops;
  }
  const totalMs = p.steps.reduce((a, s) => a + s.ms, 0);
  const rate = (flops, ms) => (flops > 0 && ms > 0 ? flops / (ms * 1e-3) / 1e9 : null);
  const summary = Object.values(byOp).sort((a, b) => b.ms - a.ms).map((o) => ({
    ...o, share: o.ms / totalMs, gflops: rate(o.flops, o.ms),
    ofPeak: rate(o.flops, o.ms) === null ? null : rate(o.flops, o.ms) / p.peakGflops,
  }));
  const steps = p.steps.map((s) => ({ ...s, gflops: rate(s.flops, s.ms),
    ofPeak: rate(s.flops, s.ms) === null ? null : rate(s.flops, s.ms) / p.peakGflops }));
  return { runs: p.runs, peakGflops: p.peakGflops, totalMs, byOpType: summary, steps };
}

export async function memory() {
  if (!state) throw new Error('memory() before load()');
  const probe = self.wasmMemoryProbe; // web/harness/wasm-memory.js, if the page loaded it first
  const extra = state.adapter.extraMemory ? await state.adapter.extraMemory() : {};
  return {
    wasmHeapBytes: probe && probe.count() > 0 ? probe.bytes() : extra.runtimeHeapBytes ?? null,
    wasmMemories: probe ? probe.count() : null,
    ...extra,
  };
}

export async function release() {
  if (state) await state.adapter.release();
  state = null;
}
