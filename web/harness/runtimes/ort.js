// ONNX Runtime Web (wasm execution provider) through the runtime adapter interface.
// Its threads need a cross-origin-isolated page; without one it falls back to 1 thread, and
// threadsActual says so.
const ORT_DIST = '/vendor/onnxruntime-web/dist/';

export async function create(modelUrl, { threads = 1 }) {
  const ort = await import(`${ORT_DIST}ort.wasm.min.mjs`);
  ort.env.wasm.wasmPaths = ORT_DIST;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  let session;
  try {
    session = await ort.InferenceSession.create(modelUrl, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
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
