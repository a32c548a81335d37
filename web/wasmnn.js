// wasmnn: run ONNX models in the browser on wasm SIMD128 kernels.
// The API follows ONNX Runtime Web's, so switching takes minutes:
//   const session = await InferenceSession.create('model.onnx');
//   const out = await session.run({ input: new Tensor('float32', data, [1, 1, 28, 28]) });
//   session.release();
import createWasmnnCore from './wasmnn-core.js';

let corePromise = null;

function loadCore() {
  if (!corePromise) {
    corePromise = createWasmnnCore().catch((e) => {
      corePromise = null;
      throw new Error(`wasmnn: could not load its WebAssembly module (wasmnn-core.wasm next to ` +
        `wasmnn.js): ${e && e.message ? e.message : e}. Serve both files from the same folder, ` +
        `with Content-Type application/wasm for the .wasm.`);
    });
  }
  return corePromise;
}

// Tensor types and their arrays, as in ONNX Runtime Web (int64 needs BigInt64Array).
const TYPED_ARRAYS = {
  float32: Float32Array, int64: BigInt64Array, int32: Int32Array, uint8: Uint8Array,
  int8: Int8Array, bool: Uint8Array,
};
const TYPE_NAMES = Object.keys(TYPED_ARRAYS).map((t) => `'${t}'`).join(', ');

export class Tensor {
  constructor(type, data, dims) {
    if (!(type in TYPED_ARRAYS)) {
      throw new TypeError(`wasmnn: tensor type '${type}' is not supported; use one of ${TYPE_NAMES}`);
    }
    const Typed = TYPED_ARRAYS[type];
    if (Array.isArray(data)) data = Typed === BigInt64Array ? Typed.from(data, BigInt) : Typed.from(data);
    if (!(data instanceof Typed)) {
      throw new TypeError(`wasmnn: a '${type}' tensor needs a ${Typed.name} (or a plain array), ` +
        `got ${data === null ? 'null' : data.constructor ? data.constructor.name : typeof data}`);
    }
    dims = dims === undefined ? [data.length] : Array.from(dims);
    if (!dims.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new TypeError(`wasmnn: dims [${dims}] must be non-negative integers`);
    }
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new RangeError(`wasmnn: dims [${dims}] describe ${size} elements, but the data has ` +
        `${data.length}`);
    }
    this.type = type;
    this.data = data;
    this.dims = dims;
    this.size = size;
  }
}

export class InferenceSession {
  #core;
  #module;
  #info;

  constructor(token, core, module, info) {
    if (token !== CREATE) throw new TypeError('wasmnn: use await InferenceSession.create(model)');
    this.#core = core;
    this.#module = module;
    this.#info = info;
  }

  // model: a URL (string or URL) to fetch, or the .onnx bytes (ArrayBuffer / Uint8Array).
  // options.kernels: 'simd' (default) or 'scalar' (the reference kernels, for investigations).
  static async create(model, options = {}) {
    const bytes = await modelBytes(model);
    const module = await loadCore();
    const core = new module.Session();
    const address = core.modelBuffer(bytes.length); // may grow the heap: take the view after it
    new Uint8Array(module.HEAP8.buffer, address, bytes.length).set(bytes);
    const error = core.parse() || core.build(options.kernels === 'scalar');
    if (error) {
      core.delete();
      throw new Error(`wasmnn: cannot load the model: ${error}`);
    }
    return new InferenceSession(CREATE, core, module, JSON.parse(core.describe()));
  }

  get inputNames() { return this.#info.inputs.map((v) => v.name); }
  get outputNames() { return this.#info.outputs.map((v) => v.name); }
  // [{name, type, dims}] with symbolic dims as strings, e.g. ['N', 1, 28, 28].
  get inputMetadata() { return this.#info.inputs; }
  get outputMetadata() { return this.#info.outputs; }
  get kernels() { return this.#info.kernels; }

  async run(feeds) {
    const core = this.#live();
    const tensors = this.#checkFeeds(feeds);
    const error = core.prepare(tensors.map((t) => t.dims.join(',')).join(';'));
    if (error) throw new Error(`wasmnn: ${error}`);
    // Views are made after prepare(): the heap may have grown, which detaches older views.
    const view = (type, address, count) =>
      new TYPED_ARRAYS[type](this.#module.HEAP8.buffer, address, count);
    tensors.forEach((t, i) => view(t.type, core.inputAddress(i), t.size).set(t.data));
    const runError = core.run();
    if (runError) throw new Error(`wasmnn: ${runError}`);
    const out = {};
    this.#info.outputs.forEach((v, i) => {
      const dims = core.outputDims(i).split(',').filter((d) => d !== '').map(Number);
      const type = core.outputType(i);
      const size = dims.reduce((a, b) => a * b, 1);
      out[v.name] = new Tensor(type, view(type, core.outputAddress(i), size).slice(), dims);
    });
    return out;
  }

  // Bytes the session's working memory (activations + scratch) takes for the last input shapes.
  get arenaBytes() { return this.#live().arenaBytes(); }

  release() {
    if (this.#core) this.#core.delete();
    this.#core = null;
  }

  #live() {
    if (!this.#core) throw new Error('wasmnn: this session was released; create a new one');
    return this.#core;
  }

  #checkFeeds(feeds) {
    if (feeds === null || typeof feeds !== 'object') {
      throw new TypeError(`wasmnn: run() takes an object of tensors by input name, e.g. ` +
        `{ ${this.inputNames[0]}: new Tensor('float32', data, dims) }`);
    }
    for (const name of Object.keys(feeds)) {
      if (!this.inputNames.includes(name)) {
        throw new Error(`wasmnn: the model has no input '${name}'; its inputs are ` +
          `${this.inputNames.map((n) => `'${n}'`).join(', ')}`);
      }
    }
    return this.#info.inputs.map((v) => {
      const t = feeds[v.name];
      if (t === undefined) {
        throw new Error(`wasmnn: input '${v.name}' is missing; expected a ${v.type} tensor of ` +
          `shape [${v.dims}]`);
      }
      if (!t || t.type !== v.type || !(t.data instanceof TYPED_ARRAYS[v.type])) {
        const got = t && t.type ? `a ${t.type} tensor`
          : t && t.constructor ? `a ${t.constructor.name}` : String(t);
        throw new TypeError(`wasmnn: input '${v.name}' must be a ${v.type} Tensor; got ${got}. ` +
          `Wrap the data: new Tensor('${v.type}', data, [${v.dims}])`);
      }
      return t;
    });
  }
}

const CREATE = Symbol('create');

async function modelBytes(model) {
  if (model instanceof Uint8Array) return model;
  if (model instanceof ArrayBuffer) return new Uint8Array(model);
  if (typeof model === 'string' || model instanceof URL) {
    let response;
    try {
      response = await fetch(model);
    } catch (e) {
      throw new Error(`wasmnn: could not fetch the model from ${model}: ${e.message}`);
    }
    if (!response.ok) {
      throw new Error(`wasmnn: could not fetch the model from ${model}: HTTP ${response.status} ` +
        `${response.statusText}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  throw new TypeError('wasmnn: InferenceSession.create() takes a URL or the .onnx bytes ' +
    '(ArrayBuffer or Uint8Array)');
}

// Version of the runtime, e.g. "0.1.0"; resolves once the module has loaded.
export async function runtimeVersion() { return (await loadCore()).version(); }

// Bytes of the WebAssembly memory (the "wasm heap"): grows, never shrinks.
export async function wasmHeapBytes() { return (await loadCore()).heapBytes(); }
