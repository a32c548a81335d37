// The proxy worker (env.wasm.proxy = true, web/wasmnn-proxy-session.js): holds one InferenceSession and
// answers the page's calls in order. Built as dist/wasmnn-proxy-worker.js; it imports the
// dist's wasmnn.js (not a copy of it).
import { InferenceSession, Tensor, env } from './wasmnn.js';

let session = null;

const jobs = {
  async create({ model, options, wasm }, id) {
    Object.assign(env.wasm, wasm);  // the page's settings, proxy off
    const { progress, ...rest } = options;
    if (progress) rest.onProgress = (loaded, total) => postMessage({ id, progress: [loaded, total] });
    session = await InferenceSession.create(model, rest);
    return {
      inputMetadata: session.inputMetadata,
      outputMetadata: session.outputMetadata,
      valueNames: session.valueNames,
      threads: session.threads,
      kernels: session.kernels,
      gemm: session.gemm,
      arenaBytes: session.arenaBytes,
    };
  },
  async run({ args }) {
    const [feeds, ...rest] = args;
    const tensors = feeds !== null && typeof feeds === 'object'
      ? Object.fromEntries(Object.entries(feeds).map(([name, t]) =>
        [name, t && t.tensor === true ? new Tensor(t.type, t.data, t.dims) : t]))
      : feeds;
    const out = await session.run(tensors, ...rest);
    const outputs = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { type: t.type, data: t.data, dims: t.dims }]));
    return { outputs, arenaBytes: session.arenaBytes };
  },
  startProfiling() { session.startProfiling(); },
  endProfiling() { return session.endProfiling(); },
  async release() {
    await session?.release();
    session = null;
  },
};

// Calls run one at a time, in the order the page made them.
let queue = Promise.resolve();
onmessage = ({ data }) => {
  queue = queue.then(async () => {
    try {
      const result = await jobs[data.op](data, data.id);
      const transfer = data.op === 'run' ? Object.values(result.outputs).map((t) => t.data.buffer) : [];
      postMessage({ id: data.id, result }, transfer);
    } catch (e) {
      postMessage({ id: data.id, error: { name: e.name, message: e.message } });
    }
  });
};
