// ONNX Runtime Web (wasm execution provider) through the runtime adapter interface.
// Its threads need a cross-origin-isolated page; without one it falls back to 1 thread, and
// threadsActual says so. taps: ONNX value names to return too (the workbench): they are added to
// the model's graph outputs (web/harness/onnx/model.js) before the session is created.
// profiling: the session is made with enableProfiling, and profile() reads ORT's own trace.
const ORT_DIST = '/vendor/onnxruntime-web/dist/';

// ORT-Web's wasm build has no API that returns its profile: at endProfiling() it prints it (Chrome
// trace events as JSON, one line each) with the console.log its module bound when it started. A
// hook installed before that (in every ORT adapter: the first session starts the module) passes
// everything through, except while profile() collects the lines.
function consoleHook() {
  if (!self.wnnOrtConsole) {
    const original = console.log;
    const hook = { lines: null };
    console.log = (...args) => (hook.lines ? hook.lines.push(args.join(' ')) : original.apply(console, args));
    self.wnnOrtConsole = hook;
  }
  return self.wnnOrtConsole;
}

// ORT's trace -> ms per run of each node over the last `runs` runs (its node events are named
// "<node>_kernel_time", "fused <node>_kernel_time" for a node it fused with the next).
function stepsFromTrace(events, runs) {
  const timed = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts).slice(-runs);
  const steps = new Map();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    if (!timed.some((r) => e.ts >= r.ts && e.ts <= r.ts + r.dur)) continue;
    const node = e.name.slice(0, -'_kernel_time'.length).replace(/^fused /, '');
    const step = steps.get(node) ?? { node, op: e.args?.op_name ?? '', ms: 0 };
    step.ms += e.dur / 1000 / timed.length;
    steps.set(node, step);
  }
  const runMs = timed.reduce((a, r) => a + r.dur, 0) / 1000 / timed.length; // whole runs, as ORT timed them
  return { runs: timed.length, runMs, steps: [...steps.values()] };
}

async function modelWithTaps(modelUrl, taps) {
  const { withGraphOutputs } = await import('../onnx/model.js');
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`could not fetch ${modelUrl}: HTTP ${response.status}`);
  return withGraphOutputs(new Uint8Array(await response.arrayBuffer()), taps, modelUrl);
}

export async function create(modelUrl, { threads = 1, taps = [], profiling = false }) {
  const consoleLines = consoleHook();
  const ort = await import(`${ORT_DIST}ort.wasm.min.mjs`);
  ort.env.wasm.wasmPaths = ORT_DIST;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  let session;
  try {
    const model = taps.length ? await modelWithTaps(modelUrl, taps) : modelUrl;
    session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', enableProfiling: profiling });
  } catch (e) {
    const missing = /Could not find an implementation for (\S+)/.exec(String(e.message));
    throw missing ? new Error(`unsupported: ${missing[1]}`) : e;
  }
  const tensorsOf = (feeds) => Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.type, f.data, f.dims)]));
  // After the first session the wasm module is initialised with the thread count it really got.
  const threadsActual = threads > 1 && !self.crossOriginIsolated ? 1 : ort.env.wasm.numThreads;
  return {
    info: {
      runtime: 'ort-wasm', runtimeVersion: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
      variant: 'simd-threaded', backend: 'wasm EP', threads, threadsActual,
    },
    async run(feeds) {
      const out = await session.run(tensorsOf(feeds));
      const result = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data, dims: t.dims };
      return result;
    },
    // ORT profiles every run since the session was made: the last `runs` are the timed ones.
    async profile(feeds, runs) {
      if (!profiling) throw new Error('ort-wasm: profile() needs a session created with profiling: true');
      const tensors = tensorsOf(feeds);
      for (let i = 0; i < runs; i++) await session.run(tensors);
      consoleLines.lines = [];
      let lines;
      try {
        await session.endProfiling();
      } finally {
        lines = consoleLines.lines;
        consoleLines.lines = null;
      }
      const start = lines.findIndex((l) => l.trim() === '[');
      const end = lines.findLastIndex((l) => l.trim() === ']');
      if (start < 0 || end < start) throw new Error(`unavailable: ORT-Web ${ort.env.versions?.web} printed no profile at endProfiling()`);
      return { source: 'ORT-Web enableProfiling (its trace: kernel time per node)', ...stepsFromTrace(JSON.parse(lines.slice(start, end + 1).join('\n')), runs),
        untimedNote: 'no kernel of its own in ORT-Web (fused into the node before it)' };
    },
    async release() { await session.release(); },
  };
}
