// wasmnn through the runtime adapter interface (see index.js). One adapter for every build
// variant: `dist` is the folder the variant's wasmnn.js is served from, `maxThreads` what it can
// run, `needsIsolation` whether more than one thread needs a cross-origin-isolated page.
// taps: ONNX value names to return too (the workbench), see createSession.

// The session, and how intermediate values are read: for now the model gets them as extra graph
// outputs (web/harness/onnx/model.js) before wasmnn loads it, through the public API only. When
// wasmnn's native taps land (`session.run(feeds, fetches, {taps})`), this is the one function to change.
async function createSession(wasmnn, modelUrl, options, taps) {
  if (!taps.length) return wasmnn.InferenceSession.create(modelUrl, options);
  const { withGraphOutputs } = await import('../onnx/model.js');
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`could not fetch ${modelUrl}: HTTP ${response.status}`);
  return wasmnn.InferenceSession.create(withGraphOutputs(new Uint8Array(await response.arrayBuffer()), taps, modelUrl), options);
}

export async function create(modelUrl, { variant = 'simd', dist = '/dist/', maxThreads = 1, needsIsolation = false, threads = 1, taps = [] }) {
  if (threads > maxThreads) throw new Error(`unsupported: wasmnn build '${variant}' runs at most ${maxThreads} thread(s) (asked for ${threads})`);
  if (needsIsolation && threads > 1 && !self.crossOriginIsolated) throw new Error(`unavailable: wasmnn with ${threads} threads needs a cross-origin-isolated page`);
  const wasmnn = await import(`${dist}wasmnn.js`);
  let session;
  try {
    session = await createSession(wasmnn, modelUrl, { numThreads: threads }, taps);
  } catch (e) {
    // "... does not support yet (opset 13): LSTM (node /rnn/LSTM). ..." -> "unsupported: LSTM (...)"
    const missing = /does not support yet \(opset \d+\): ([^.]*)\./.exec(e.message);
    throw missing ? new Error(`unsupported: ${missing[1]}`) : e;
  }
  return {
    info: {
      runtime: 'wasmnn', runtimeVersion: await wasmnn.runtimeVersion(), variant, backend: `wasm ${variant}`,
      threads, threadsActual: session.threads, kernels: session.kernels, gemm: session.gemm,
    },
    async run(feeds) {
      const tensors = {};
      for (const [name, f] of Object.entries(feeds)) tensors[name] = new wasmnn.Tensor(f.type, f.data, f.dims);
      const out = await session.run(tensors);
      const result = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data, dims: t.dims };
      return result;
    },
    // wasmnn's own count of its heap (the page's wasm-memory probe, when loaded, counts the same).
    // Where the time goes: `runs` runs timed step by step, against this page's 128-bit peak.
    async profile(feeds, runs) {
      const tensors = {};
      for (const [name, f] of Object.entries(feeds)) tensors[name] = new wasmnn.Tensor(f.type, f.data, f.dims);
      session.startProfiling();
      for (let i = 0; i < runs; i++) await session.run(tensors);
      const steps = session.endProfiling();
      return { peakGflops: await wasmnn.peakGflops(0.5), runs, steps };
    },
    extraMemory: async () => ({ arenaBytes: session.arenaBytes, runtimeHeapBytes: await wasmnn.wasmHeapBytes() }),
    release() { session.release(); },
  };
}
