// ONNX Runtime Web (wasm execution provider) through the runtime adapter interface.
// Its threads need a cross-origin-isolated page; without one it falls back to 1 thread, and
// threadsActual says so. taps: ONNX value names to return too (the workbench): they are added to
// the model's graph outputs (web/harness/onnx/model.js) before the session is created.
const ORT_DIST = '/vendor/onnxruntime-web/dist/';

async function modelWithTaps(modelUrl, taps) {
  const { withGraphOutputs } = await import('../onnx/model.js');
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`could not fetch ${modelUrl}: HTTP ${response.status}`);
  return withGraphOutputs(new Uint8Array(await response.arrayBuffer()), taps, modelUrl);
}

export async function create(modelUrl, { threads = 1, taps = [] }) {
  const ort = await import(`${ORT_DIST}ort.wasm.min.mjs`);
  ort.env.wasm.wasmPaths = ORT_DIST;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  let session;
  try {
    const model = taps.length ? await modelWithTaps(modelUrl, taps) : modelUrl;
    session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    const missing = /Could not find an implementation for (\S+)/.exec(String(e.message));
    throw missing ? new Error(`unsupported: ${missing[1]}`) : e;
  }
  // After the first session the wasm module is initialised with the thread count it really got.
  const threadsActual = threads > 1 && !self.crossOriginIsolated ? 1 : ort.env.wasm.numThreads;
  return {
    info: {
      runtime: 'ort-wasm', runtimeVersion: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
      variant: 'simd-threaded', backend: 'wasm EP', threads, threadsActual,
    },
    async run(feeds) {
      const tensors = {};
      for (const [name, f] of Object.entries(feeds)) tensors[name] = new ort.Tensor(f.type, f.data, f.dims);
      const out = await session.run(tensors);
      const result = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data, dims: t.dims };
      return result;
    },
    async release() { await session.release(); },
  };
}
