// The runtimes the bench can run, all behind one adapter interface, so the timing and accuracy
// loop (../bench.js) is the same code for every one of them:
//
//   create(modelUrl, {threads, taps, profiling}) -> Promise<{
//     info: {runtime, runtimeVersion, variant, backend, threads, threadsActual, unobservable?, ...},
//     run(feeds) -> Promise<{[outputName or tap]: {data: TypedArray, dims: number[]}}>,
//     profile?(feeds, runs) -> Promise<{source, runs, steps: [{node, op, ms, fused?}], ...}>
//       (ms per run of each ONNX node the runtime ran; rejects "unavailable: <why>" when the
//       runtime cannot time its layers; `profiling: true` at create is what some need for it),
//     release() -> Promise|void }>
//   feeds: {[inputName]: {type: 'float32'|'int64'|..., data: TypedArray, dims: number[]}}
//
// A model a runtime cannot build rejects with a message starting "unsupported: <ops>"; a runtime
// that cannot start in this browser (e.g. no WebGL) with "unavailable: <why>".
// Each adapter imports its library only inside create(), so a page's load time covers it.
// To add a runtime (or a wasmnn build variant), add an entry here and, for Node's planning,
// in e2e/bench-plan.mjs.
export const RUNTIMES = {
  // wasmnn: dist = where wasmnn.js is served; it loads the threaded build for threads > 1.
  wasmnn: { module: './wasmnn.js', options: { variant: 'simd', dist: '/dist/', maxThreads: 4, needsIsolation: true } },
  'ort-wasm': { module: './ort.js', options: {} },
  'tfjs-wasm': { module: './tfjs.js', options: { backend: 'wasm' } },
  'tfjs-webgl': { module: './tfjs.js', options: { backend: 'webgl' } },
  // TF.js 0.14.2 running a Keras-style Layers model (the 2019 study's setting; the workbench's
  // reproduction of its 1x1 Conv2D bug). Not in the bench's default runtimes.
  'tfjs-0.14': { module: './tfjs-014.js', options: {} },
};

// taps: ONNX value names the runtime returns besides the outputs (the workbench's intermediates);
// profiling: the session will be asked for profile() (ORT-Web must know at create).
export async function createRuntime(id, modelUrl, { threads = 1, taps = [], profiling = false } = {}) {
  const entry = RUNTIMES[id];
  if (!entry) throw new Error(`unknown runtime '${id}'; known: ${Object.keys(RUNTIMES).join(', ')}`);
  const adapter = await import(entry.module);
  return adapter.create(modelUrl, { ...entry.options, threads, taps, profiling });
}
