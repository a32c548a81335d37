// What the Playwright suite and ./bench run inside each browser: a model of models/ against its
// PC reference (runReference) or over its labeled test set (runBench). Both return plain JSON.
import { InferenceSession, Tensor, runtimeVersion, wasmHeapBytes } from '../../dist/wasmnn.js';
import { fashionMnistTest } from './datasets.js';
import { TENSOR_TYPES, fetchNpy } from './npy.js';
import { compareOutputs, latencySummary, sha256Hex, top1 } from './metrics.js';

const modelUrl = (model) => `/models/${model}/model.onnx`;

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return response.json();
}

// Runs every sample of `inputs` ([samples, ...sampleShape]) one at a time (batch 1).
async function runSamples(session, inputName, outputName, pixels, sampleShape, samples, onTime) {
  const per = sampleShape.reduce((a, b) => a * b, 1);
  let outputs = null;
  let n = 0;
  for (let s = 0; s < samples; s++) {
    const x = new Tensor('float32', pixels.subarray(s * per, (s + 1) * per), [1, ...sampleShape]);
    const t0 = performance.now();
    const out = (await session.run({ [inputName]: x }))[outputName];
    if (onTime) onTime(performance.now() - t0);
    if (!outputs) {
      n = out.size;
      outputs = new Float32Array(samples * n);
    }
    outputs.set(out.data, s * n);
  }
  return { outputs, n };
}

// One sample of a reference array [samples, ...rest] as a batch-1 tensor [1, ...rest].
function sampleTensor(array, s) {
  const rest = array.shape.slice(1);
  const per = rest.reduce((a, b) => a * b, 1);
  return new Tensor(TENSOR_TYPES[array.descr], array.data.subarray(s * per, (s + 1) * per), [1, ...rest]);
}

// Runs a model on a reference set (models/<model>/<set>/manifest.json, format
// wasmnn-reference/1: see models/README.md) one sample at a time, and compares every output
// with the PC's. `set` is 'reference' (PyTorch outputs) or any other set folder of the model.
export async function runReference({ model, set = 'reference', kernels = 'simd', maxSamples }) {
  const manifestUrl = new URL(`/models/${model}/${set}/manifest.json`, location.href);
  const manifest = await fetchJson(manifestUrl);
  const at = (file) => new URL(file, manifestUrl).href;
  const session = await InferenceSession.create(at(manifest.onnx), { kernels });
  try {
    const inputs = await Promise.all(manifest.inputs.map((v) => fetchNpy(at(v.file))));
    const wants = await Promise.all(manifest.outputs.map((v) => fetchNpy(at(v.file))));
    const samples = Math.min(inputs[0].shape[0], maxSamples ?? Infinity);
    const got = manifest.outputs.map((v, o) =>
      new Float32Array(samples * (wants[o].data.length / wants[o].shape[0])));
    for (let s = 0; s < samples; s++) {
      const feeds = {};
      manifest.inputs.forEach((v, i) => { feeds[v.name] = sampleTensor(inputs[i], s); });
      const out = await session.run(feeds);
      manifest.outputs.forEach((v, o) => {
        const t = out[v.name];
        if (!t) throw new Error(`the model has no output '${v.name}' (manifest ${manifestUrl})`);
        got[o].set(t.data, s * t.size);
      });
    }
    const outputs = manifest.outputs.map((v, o) => {
      const n = got[o].length / samples;
      const cmp = compareOutputs(got[o], wants[o].data, samples, n);
      return { name: v.name, maxAbsError: cmp.maxAbsError, maxRelError: cmp.maxRelError,
        top1Agreement: cmp.agreement, mismatches: cmp.mismatches };
    });
    const all = new Float32Array(got.reduce((a, g) => a + g.length, 0));
    got.reduce((offset, g) => { all.set(g, offset); return offset + g.length; }, 0);
    return {
      model, set, samples, kernels: session.kernels, outputs,
      maxAbsError: Math.max(...outputs.map((o) => o.maxAbsError)),
      maxRelError: Math.max(...outputs.map((o) => o.maxRelError)),
      top1Agreement: outputs[0].top1Agreement, mismatches: outputs[0].mismatches,
      outputsSha256: await sha256Hex(all),
    };
  } finally {
    session.release();
  }
}

// Warm-up by time, not count: small models get 1.5-2x faster after a few seconds as the JIT
// tiers up (see ENVIRONMENT.md).
async function warmUp(session, inputName, pixels, sampleShape, warmupMs) {
  const per = sampleShape.reduce((a, b) => a * b, 1);
  const x = new Tensor('float32', pixels.subarray(0, per), [1, ...sampleShape]);
  const until = performance.now() + warmupMs;
  let runs = 0;
  while (performance.now() < until) {
    await session.run({ [inputName]: x });
    runs++;
  }
  return runs;
}

export async function runBench({ model, samples = 10000, warmupMs = 3000 }) {
  const testset = await fetchJson(`/models/${model}/testset/manifest.json`);
  if (testset.dataset !== 'fashion-mnist t10k') {
    throw new Error(`runBench knows Fashion-MNIST only; ${model} uses ${testset.dataset}`);
  }
  const [data, reference] = await Promise.all([
    fashionMnistTest(),
    fetchNpy(`/models/${model}/testset/${testset.outputs[0].file}`),
  ]);
  samples = Math.min(samples, data.count);
  const inputName = testset.inputs[0].name;
  const outputName = testset.outputs[0].name;

  // Load time: fetch + compile + session creation until the first output.
  const t0 = performance.now();
  const session = await InferenceSession.create(modelUrl(model));
  const per = data.sampleShape.reduce((a, b) => a * b, 1);
  await session.run({ [inputName]: new Tensor('float32', data.pixels.subarray(0, per), [1, ...data.sampleShape]) });
  const loadMs = performance.now() - t0;
  try {
    const warmupRuns = await warmUp(session, inputName, data.pixels, data.sampleShape, warmupMs);
    const times = [];
    const t1 = performance.now();
    const { outputs, n } = await runSamples(session, inputName, outputName, data.pixels,
      data.sampleShape, samples, (ms) => times.push(ms));
    const totalMs = performance.now() - t1;
    const cmp = compareOutputs(outputs, reference.data, samples, n);
    return {
      runtime: 'wasmnn', runtimeVersion: await runtimeVersion(), kernels: session.kernels,
      threads: 1, model, batch: 1, samples, loadMs, warmupMs, warmupRuns,
      // Per-image times are whole timer ticks (5-20 us, engine-dependent); the mean is exact.
      latencyMs: { ...latencySummary(times), mean: totalMs / samples }, totalMs,
      memory: { wasmHeapBytes: await wasmHeapBytes(), arenaBytes: session.arenaBytes },
      accuracy: {
        top1: top1(outputs, data.labels, samples, n), agreement: cmp.agreement,
        maxAbsError: cmp.maxAbsError, maxRelError: cmp.maxRelError,
      },
      mismatches: cmp.mismatches,
      outputsSha256: await sha256Hex(outputs),
      crossOriginIsolated: self.crossOriginIsolated === true,
      userAgent: navigator.userAgent,
    };
  } finally {
    session.release();
  }
}
