// What the Playwright suite and ./bench run inside each browser: a model of models/ against its
// PC reference (runReference) or over its labeled test set (runBench). Both return plain JSON.
import { InferenceSession, Tensor, runtimeVersion, wasmHeapBytes } from '../../dist/wasmnn.js';
import { fashionMnistTest } from './datasets.js';
import { fetchNpy } from './npy.js';
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

export async function runReference({ model, kernels = 'simd' }) {
  const dir = `/models/${model}/reference`;
  const manifest = await fetchJson(`${dir}/manifest.json`);
  const session = await InferenceSession.create(modelUrl(model), { kernels });
  try {
    const input = manifest.inputs[0];
    const output = manifest.outputs[0];
    const [x, y] = await Promise.all([fetchNpy(`${dir}/${input.file}`), fetchNpy(`${dir}/${output.file}`)]);
    const samples = x.shape[0];
    const { outputs, n } = await runSamples(session, input.name, output.name, x.data,
      x.shape.slice(1), samples);
    const cmp = compareOutputs(outputs, y.data, samples, n);
    return {
      model, samples, kernels: session.kernels,
      maxAbsError: cmp.maxAbsError, maxRelError: cmp.maxRelError,
      top1Agreement: cmp.agreement, mismatches: cmp.mismatches,
      outputsSha256: await sha256Hex(outputs),
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
