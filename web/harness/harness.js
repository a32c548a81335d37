// What the Playwright suite runs inside each browser on the test page: a model of models/ against
// its PC reference (runReference), or wasmnn over its labeled test set (runBench, on the bench's
// loop in bench-core.js; ./bench itself drives web/bench.html). Both return plain JSON.
import { InferenceSession, Tensor } from '../../dist/wasmnn.js';
import * as bench from './bench-core.js';
import { TENSOR_TYPES, fetchNpy } from './npy.js';
import { compareOutputs, floatBits, sameElements, sha256Hex } from './metrics.js';

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return response.json();
}

// One sample of a reference array [samples, ...rest] as a batch-1 tensor [1, ...rest].
// A manifest input with `decode` stores compact bytes: x = f32(f32(u8) / scale) + offset, each
// element repeated `repeat[a]` times along sample axis a (models/README.md). Math.fround of the
// double quotient equals the float32 quotient for all 256 byte values (checked with numpy).
export function sampleTensor(array, s, decode) {
  const rest = array.shape.slice(1);
  const per = rest.reduce((a, b) => a * b, 1);
  const raw = array.data.subarray(s * per, (s + 1) * per);
  if (!decode) return new Tensor(TENSOR_TYPES[array.descr], raw, [1, ...rest]);
  const repeat = decode.repeat ?? rest.map(() => 1);
  const shape = rest.map((d, a) => d * repeat[a]);
  const lut = Float32Array.from({ length: 256 }, (_, u) => Math.fround(Math.fround(u / decode.scale) + decode.offset));
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const strides = rest.map((_, a) => rest.slice(a + 1).reduce((x, y) => x * y, 1));
  const outStrides = shape.map((_, a) => shape.slice(a + 1).reduce((x, y) => x * y, 1));
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let a = 0; a < shape.length; a++) src += Math.floor(Math.floor(i / outStrides[a]) % shape[a] / repeat[a]) * strides[a];
    out[i] = lut[raw[src]];
  }
  return new Tensor('float32', out, [1, ...shape]);
}

// Runs a model on a reference set (models/<model>/<set>/manifest.json, format
// wasmnn-reference/1: see models/README.md) one sample at a time, and compares every output
// with the PC's. `set` is 'reference' (PyTorch outputs) or any other set folder of the model.
// Samples past `relLimit` are named (outputs[].overLimit) and the first five run again at the
// end in the same session (`reruns`): whether a wrong output comes back (the same bits) or was
// a moment of the page (an engine's fault looks so; wasmnn's kernels are deterministic).
export async function runReference({ model, set = 'reference', kernels = 'simd', maxSamples, numThreads = 1, relLimit = Infinity, winograd = true }) {
  const manifestUrl = new URL(`/models/${model}/${set}/manifest.json`, location.href);
  const manifest = await fetchJson(manifestUrl);
  const at = (file) => new URL(file, manifestUrl).href;
  const session = await InferenceSession.create(at(manifest.onnx), { kernels, numThreads, winograd });
  try {
    const inputs = await Promise.all(manifest.inputs.map((v) => fetchNpy(at(v.file))));
    const wants = await Promise.all(manifest.outputs.map((v) => fetchNpy(at(v.file))));
    const samples = Math.min(inputs[0].shape[0], maxSamples ?? Infinity);
    const sizes = wants.map((w) => w.data.length / w.shape[0]);
    const runSample = async (s) => {
      const feeds = {};
      manifest.inputs.forEach((v, i) => { feeds[v.name] = sampleTensor(inputs[i], s, v.decode); });
      const out = await session.run(feeds);
      return manifest.outputs.map((v) => {
        const t = out[v.name];
        if (!t) throw new Error(`the model has no output '${v.name}' (manifest ${manifestUrl})`);
        return t.data;
      });
    };
    const got = sizes.map((n) => new Float32Array(samples * n));
    for (let s = 0; s < samples; s++) (await runSample(s)).forEach((data, o) => got[o].set(data, s * sizes[o]));
    const outputs = manifest.outputs.map((v, o) => {
      const cmp = compareOutputs(got[o], wants[o].data, samples, sizes[o], { relLimit });
      return { name: v.name, maxAbsError: cmp.maxAbsError, maxRelError: cmp.maxRelError,
        top1Agreement: cmp.agreement, mismatches: cmp.mismatches, overLimit: cmp.overLimit };
    });
    const wrong = [...new Set(outputs.flatMap((o) => o.overLimit.samples.map((x) => x.sample)))].slice(0, 5);
    const reruns = [];
    for (const s of wrong) {
      const again = await runSample(s);
      reruns.push({
        sample: s,
        relError: Math.max(...again.map((data, o) =>
          compareOutputs(data, wants[o].data.subarray(s * sizes[o], (s + 1) * sizes[o]), 1, sizes[o]).maxRelError)),
        sameBitsAsFirst: again.every((data, o) => sameElements(floatBits(data), floatBits(got[o].subarray(s * sizes[o], (s + 1) * sizes[o])))),
      });
    }
    const all = new Float32Array(got.reduce((a, g) => a + g.length, 0));
    got.reduce((offset, g) => { all.set(g, offset); return offset + g.length; }, 0);
    return {
      model, set, samples, kernels: session.kernels, threads: session.threads, outputs, reruns,
      maxAbsError: Math.max(...outputs.map((o) => o.maxAbsError)),
      maxRelError: Math.max(...outputs.map((o) => o.maxRelError)),
      top1Agreement: outputs[0].top1Agreement, mismatches: outputs[0].mismatches,
      outputsSha256: await sha256Hex(all),
    };
  } finally {
    session.release();
  }
}

// The test-set benchmark of wasmnn (batch 1), on the bench's shared loop (bench-core.js: the same
// code that times ONNX Runtime Web and TF.js on the bench page).
export async function runBench({ model, samples = 10000, warmupMs = 3000 }) {
  const load = await bench.load({ model, runtime: 'wasmnn', threads: 1 });
  try {
    const m = await bench.measure({ batch: 1, samples, warmupMs });
    return {
      runtime: load.info.runtime, runtimeVersion: load.info.runtimeVersion, kernels: load.info.kernels,
      threads: 1, model, batch: 1, samples: m.samples, loadMs: load.loadMs, warmupMs, warmupRuns: m.warmupRuns,
      latencyMs: m.latencyMs, totalMs: m.totalMs, memory: await bench.memory(),
      accuracy: { top1: m.accuracy.top1, agreement: m.accuracy.agreement, maxAbsError: m.accuracy.maxAbsError,
        maxRelError: m.accuracy.maxRelError },
      mismatches: m.accuracy.mismatches, outputsSha256: m.outputsSha256,
      crossOriginIsolated: load.crossOriginIsolated, userAgent: load.userAgent,
    };
  } finally {
    await bench.release();
  }
}
