// env.wasm.proxy = true (ONNX Runtime Web's setting): sessions run in a module Worker
// (wasmnn-proxy-worker.js, next to wasmnn.js), so that a long run never blocks the page. The
// session here has InferenceSession's API; the worker holds a real InferenceSession and answers
// each call, its errors with the same messages. Tensors go to the worker as copies (the page keeps
// its own) and outputs come back as transferred buffers (no copy).
// A file of its own (dist/wasmnn-proxy-session.js), imported by wasmnn.js only when a page sets
// env.wasm.proxy: the pages that do not download it. It takes Tensor from the wasmnn.js beside it
// (one class for instanceof), and the worker's URL from it.
import { Tensor } from './wasmnn.js';

const WORKER_FILE = 'wasmnn-proxy-worker.js';

export class ProxySession {
  #worker;
  #info;
  #calls = new Map();  // id -> {resolve, reject, onProgress}
  #next = 0;
  #released = false;

  // placed: env.wasm.wasmPaths' URL for a file name, or undefined (runtime-loader.js's placedUrl).
  static async create(model, options = {}, wasm = {}, placed = () => undefined) {
    const url = placed(WORKER_FILE) ?? new URL(`./${WORKER_FILE}`, import.meta.url).href;
    let worker;
    try {
      worker = new Worker(url, { type: 'module', name: 'wasmnn proxy' });
    } catch (e) {
      throw new Error(`wasmnn: could not start the proxy worker ${url}: ${e.message}. Serve ${WORKER_FILE} next to ` +
        `wasmnn.js, or say where it is: env.wasm.wasmPaths = '/path/to/dist/'`);
    }
    const session = new ProxySession(worker, url);
    const { onProgress, ...rest } = options ?? {};
    if (onProgress !== undefined && typeof onProgress !== 'function') rest.onProgress = onProgress;  // refused there
    // What the worker cannot be sent: a URL relative to this page, a Response (its bytes are read here).
    let source = model;
    if (typeof model === 'string' || model instanceof URL) source = new URL(String(model), globalThis.location?.href).href;
    else if (typeof Response !== 'undefined' && model instanceof Response) source = new Uint8Array(await model.arrayBuffer());
    const settings = { ...wasm, proxy: false };
    if (settings.wasmPaths !== undefined) settings.wasmPaths = absolutePaths(settings.wasmPaths);
    try {
      session.#info = await session.#call('create', { model: source, options: { ...rest, progress: typeof onProgress === 'function' }, wasm: settings },
        [], onProgress);
    } catch (e) {
      worker.terminate();
      throw e;
    }
    return session;
  }

  constructor(worker, url) {
    this.#worker = worker;
    worker.onmessage = ({ data }) => {
      const call = this.#calls.get(data.id);
      if (!call) return;
      if (data.progress) return call.onProgress?.(...data.progress);
      this.#calls.delete(data.id);
      if (data.error) {
        const Kind = { TypeError, RangeError }[data.error.name] ?? Error;
        call.reject(new Kind(data.error.message));
      } else {
        call.resolve(data.result);
      }
    };
    // A worker that does not start (its file missing, a CSP that forbids it) fails every call.
    worker.onerror = (event) => {
      event.preventDefault?.();
      const why = event.message ? `: ${event.message}` : ' (its file is missing, not JavaScript, or blocked by the page\'s CSP)';
      const error = new Error(`wasmnn: the proxy worker ${url} failed${why}. Serve ${WORKER_FILE} next to wasmnn.js, ` +
        `or say where it is: env.wasm.wasmPaths = '/path/to/dist/'`);
      for (const call of this.#calls.values()) call.reject(error);
      this.#calls.clear();
    };
  }

  #call(op, args, transfer = [], onProgress = undefined) {
    if (this.#released) {
      return Promise.reject(new Error('wasmnn: this session was released (session.release()); create a new one with ' +
        'InferenceSession.create(model)'));
    }
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, op, ...args }, transfer);
    });
  }

  get inputNames() { return this.#info.inputMetadata.map((v) => v.name); }
  get outputNames() { return this.#info.outputMetadata.map((v) => v.name); }
  get inputMetadata() { return structuredClone(this.#info.inputMetadata); }
  get outputMetadata() { return structuredClone(this.#info.outputMetadata); }
  get valueNames() { return [...this.#info.valueNames]; }
  get threads() { return this.#info.threads; }
  get kernels() { return this.#info.kernels; }
  get gemm() { return this.#info.gemm; }
  // As of the last run (the worker sends it with the outputs).
  get arenaBytes() { return this.#info.arenaBytes; }
  get proxied() { return true; }

  startProfiling() { return this.#call('startProfiling', {}); }
  // A Promise of InferenceSession.endProfiling()'s steps.
  endProfiling() { return this.#call('endProfiling', {}); }

  // As InferenceSession.run; the feeds are copied to the worker, the outputs come back.
  async run(feeds, fetchesOrOptions, maybeOptions) {
    const sent = {};
    if (feeds !== null && typeof feeds === 'object') {
      for (const [name, t] of Object.entries(feeds)) {
        if (t instanceof Tensor && t.disposed) {
          throw new Error(`wasmnn: input '${name}' is a tensor that was disposed (tensor.dispose()); make a new one`);
        }
        sent[name] = t instanceof Tensor ? { tensor: true, type: t.type, data: t.data, dims: t.dims } : t;
      }
    }
    // Tensors given in fetches to be filled stay here; the worker is asked for their names.
    let fetches = fetchesOrOptions;
    let given = null;
    if (fetches && typeof fetches === 'object' && !Array.isArray(fetches) &&
        Object.values(fetches).some((v) => v instanceof Tensor)) {
      given = fetches;
      fetches = Object.fromEntries(Object.keys(fetches).map((k) => [k, null]));
    }
    const args = [feeds === null || typeof feeds !== 'object' ? feeds : sent, fetches, maybeOptions];
    while (args.length && args[args.length - 1] === undefined) args.pop();
    const { outputs, arenaBytes } = await this.#call('run', { args });
    this.#info.arenaBytes = arenaBytes;
    const out = {};
    for (const [name, o] of Object.entries(outputs)) {
      const target = given?.[name];
      if (target) {
        if (target.type !== o.type || target.dims.length !== o.dims.length || target.dims.some((d, i) => d !== o.dims[i])) {
          throw new Error(`wasmnn: the tensor given in fetches for output '${name}' is ${target.type} [${target.dims}], ` +
            `but the output is ${o.type} [${o.dims}]: give one of that type and shape, or null for a new one`);
        }
        target.data.set(o.data);
        out[name] = target;
      } else {
        out[name] = new Tensor(o.type, o.data, o.dims);
      }
    }
    return out;
  }

  // Ends the worker (and with it the session's memory). Releasing twice is harmless.
  async release() {
    if (this.#released) return;
    await this.#call('release', {}).catch(() => {});
    this.#released = true;
    this.#worker.terminate();
  }
}

// wasmPaths as absolute URLs: the worker resolves against its own location, not the page's.
function absolutePaths(paths) {
  const absolute = (p) => new URL(String(p), globalThis.location?.href).href;
  if (typeof paths === 'string' || paths instanceof URL) {
    const folder = String(paths).endsWith('/') ? String(paths) : `${paths}/`;
    return absolute(folder);
  }
  return paths && typeof paths === 'object'
    ? Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, absolute(v)])) : paths;
}
