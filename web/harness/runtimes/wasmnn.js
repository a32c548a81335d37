// wasmnn through the runtime adapter interface (see index.js). One adapter for every build
// variant: `dist` is the folder the variant's wasmnn.js is served from, `maxThreads` what it can
// run, `needsIsolation` whether more than one thread needs a cross-origin-isolated page.
// taps: ONNX value names to return too (the workbench): wasmnn's native taps, on a session made
// with graphOptimizationLevel 'disabled' so that every value of the file exists (a conv's output
// before the ReLU merged into it, too).

export async function create(modelUrl, { variant = 'simd', dist = '/dist/', maxThreads = 1, needsIsolation = false, threads = 1, taps = [] }) {
  if (threads > maxThreads) throw new Error(`unsupported: wasmnn build '${variant}' runs at most ${maxThreads} thread(s) (asked for ${threads})`);
  if (needsIsolation && threads > 1 && !self.crossOriginIsolated) throw new Error(`unavailable: wasmnn with ${threads} threads needs a cross-origin-isolated page`);
  const wasmnn = await import(`${dist}wasmnn.js`);
  let session;
  try {
    session = await wasmnn.InferenceSession.create(modelUrl,
      taps.length ? { numThreads: threads, graphOptimizationLevel: 'disabled' } : { numThreads: threads });
  } catch (e) {
    // "... does not support yet (opset 13): LSTM (node /rnn/LSTM). ..." -> "unsupported: LSTM (...)"
    const missing = /does not support yet \(opset \d+\): ([^.]*)\./.exec(e.message);
    // A tensor type wasmnn does not hold yet (float16 weights): "... data type 10 (float16), which wasmnn does not support ..."
    const dtype = /data type \d+ \((\w+)\), which wasmnn does not support/.exec(e.message);
    throw missing ? new Error(`unsupported: ${missing[1]}`) : dtype ? new Error(`unsupported: ${dtype[1]} tensors`) : e;
  }
  const runOptions = taps.length ? { taps } : {};
  const tensorsOf = (feeds) => Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new wasmnn.Tensor(f.type, f.data, f.dims)]));
  return {
    info: {
      runtime: 'wasmnn', runtimeVersion: await wasmnn.runtimeVersion(), variant, backend: `wasm ${variant}`,
      threads, threadsActual: session.threads, kernels: session.kernels, gemm: session.gemm,
    },
    async run(feeds) {
      const out = await session.run(tensorsOf(feeds), runOptions);
      const result = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data, dims: t.dims };
      return result;
    },
    // Where the time goes: `runs` runs timed step by step (fused: the nodes merged into a step at
    // load), against this page's 128-bit peak.
    async profile(feeds, runs) {
      const tensors = tensorsOf(feeds);
      session.startProfiling();
      for (let i = 0; i < runs; i++) await session.run(tensors, runOptions);
      const steps = session.endProfiling();
      return { source: 'wasmnn startProfiling/endProfiling', peakGflops: await wasmnn.peakGflops(0.5), runs, steps };
    },
    // wasmnn's own count of its heap (the page's wasm-memory probe, when loaded, counts the same).
    extraMemory: async () => ({ arenaBytes: session.arenaBytes, runtimeHeapBytes: await wasmnn.wasmHeapBytes() }),
    release() { return session.release(); },
  };
}
