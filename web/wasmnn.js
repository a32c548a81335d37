// wasmnn: run ONNX models in the browser on wasm SIMD128 kernels.
// The API follows ONNX Runtime Web's, so switching takes minutes:
//   const session = await InferenceSession.create('model.onnx');
//   const out = await session.run({ input: new Tensor(data, [1, 1, 28, 28]) });
//   await session.release();
//
// The runtime (web/runtime-loader.js) sits next to this file in two builds: wasmnn-core (one
// thread) and wasmnn-core-mt (threads; needs a cross-origin-isolated page). A session asks for
// threads with { numThreads: 2 } or env.wasm.numThreads = 2; every thread count gives the same bits.
import { checkWasmSettings, env, loadCore, loadedCores, placedUrl } from './runtime-loader.js';
import { modelBytes, notAModel } from './model-file.js';
import { sessionSettings } from './session-options.js';
import { Tensor, TYPED_ARRAYS, article, describeValue } from './tensor.js';

export { env, Tensor };
export { imageToTensor, softmax, topK, WordTokenizer } from './helpers.js';

// ONNX Runtime Web's run options, accepted so that code written for it runs, and ignored (they
// set its logging).
const ORT_RUN_OPTIONS = ['logSeverityLevel', 'logVerbosityLevel', 'terminate', 'tag', 'extra'];

export class InferenceSession {
  #core;
  #module;
  #info;
  #dims = null;     // Int32Array over the core's dims buffer
  #plan = -1;       // the core's plan count the views below belong to
  #buffer = null;   // the heap they view
  #inputViews = [];
  #outputs = [];    // [{name, type, dims, view}] of the current plan
  #taps = [];       // the same for the tapped values
  #tapKey = '';     // the tap names the core has, joined

  constructor(token, core, module, info) {
    if (token !== CREATE) throw new TypeError('wasmnn: use await InferenceSession.create(model)');
    this.#core = core;
    this.#module = module;
    this.#info = info;
  }

  // model: a URL (string or URL) to fetch, the .onnx bytes (ArrayBuffer / Uint8Array), a Blob or
  // File, a fetch() Response, or ORT's create(buffer, byteOffset, byteLength?, options?). Options:
  // see session-options.js and wasmnn.d.ts.
  static create(model, ...rest) {
    return notAwaited(InferenceSession.#create(model, ...rest));
  }

  static async #create(model, ...rest) {
    const ranged = typeof rest[0] === 'number';
    const options = ranged ? rest[2] : rest[0];
    checkWasmSettings();
    if (env.wasm.proxy) {
      const source = ranged ? (await modelBytes(model, rest[0], rest[1])).bytes.slice() : model;
      const { ProxySession } = await import('./wasmnn-proxy-session.js');
      return ProxySession.create(source, options, env.wasm, placedUrl);
    }
    const settings = sessionSettings(options);
    const { bytes } = await (ranged ? modelBytes(model, rest[0], rest[1]) : modelBytes(model, undefined, undefined, settings.loading));
    if (bytes.length > settings.memoryLimit) {
      throw new RangeError(`wasmnn: cannot load the model: it is ${bytes.length} bytes, over the memory limit of ` +
        `${settings.memoryLimit} bytes; raise the session option memoryLimit (at most 1.75 GiB: the wasm heap ends at 2 GiB)`);
    }
    if (bytes.length === 0 && bytes.buffer.detached) {
      throw new Error('wasmnn: cannot load the model: its ArrayBuffer was detached (transferred to a worker or by ' +
        'postMessage/structuredClone) before create() read it; keep the bytes until create() resolves');
    }
    // The core build has the common operators and the default kernels; a model it refuses for an
    // operator only the extended build has loads in that one (wasmnn-extended-ops.js), and so
    // does a session that asks for the scalar reference kernels or names a GEMM tile.
    const diagnostic = settings.scalar || settings.gemm !== undefined;
    for (let kind = (settings.threads > 1 ? 'mt' : 'st') + (diagnostic ? '-ext' : ''); ; kind += '-ext') {
      const module = await loadCore(kind);
      const core = new module.Session();
      const parseError = core.parse(pageBytes(module, bytes), bytes.length);
      let error = parseError || core.build(settings.scalar, settings.threads,
        settings.gemm ?? '', settings.winograd, settings.level,
        settings.memoryLimit);
      if (!error) return new InferenceSession(CREATE, core, module, core.describe());
      core.delete();
      if (parseError) throw new Error(`wasmnn: cannot load the model: ${notAModel(bytes, parseError) || error}`);
      if (!kind.endsWith('-ext')) {
        const extended = await import('./wasmnn-extended-ops.js');
        if (extended.needsExtendedBuild(error)) continue;
        error = extended.explainCoreRefusal(error);
      }
      throw new Error(`wasmnn: cannot load the model: ${error}`);
    }
  }

  get inputNames() { return this.#info.inputs.map((v) => v.name); }
  get outputNames() { return this.#info.outputs.map((v) => v.name); }
  // ORT's [{name, isTensor: true, type, shape}], symbolic sizes as strings: shape ['N', 1, 28, 28].
  get inputMetadata() { return this.#info.inputs.map(metadata); }
  get outputMetadata() { return this.#info.outputs.map(metadata); }
  // The values run() can return as taps: the inputs, then every node output this session computes,
  // in the model's order (graphOptimizationLevel 'disabled' keeps all of the file's).
  get valueNames() { return [...this.#info.valueNames]; }
  get kernels() { return this.#info.kernels; }
  // The GEMM tile(s) that run: 'f32_gemm_5x8__wasmsimd', or '<tile>+<conv tile for short sums>'.
  get gemm() { return this.#info.gemm; }
  get threads() { return this.#info.threads; }

  // ORT's shapes: run(feeds), run(feeds, options), run(feeds, fetches, options). fetches: output
  // names, or an object {name: null | a Tensor to fill}; options.taps: value names (see
  // valueNames) or 'all', returned beside the outputs by name, without editing the model.
  async run(feeds, fetchesOrOptions, maybeOptions) {
    const core = this.#live();
    const tensors = this.#checkFeeds(feeds);
    const { fetches, options } = this.#runArguments(fetchesOrOptions, maybeOptions);
    this.#setTaps(core, options.taps);
    // Dims go through an int32 buffer in the heap; the plan is made only when they change.
    const rank = tensors.reduce((n, t) => n + 1 + t.dims.length, 0);
    if (!this.#dims || this.#dims.length !== rank || this.#dims.buffer !== this.#module.HEAP8.buffer) {
      this.#dims = new Int32Array(this.#module.HEAP8.buffer, core.dimsBuffer(rank), rank);
    }
    let at = 0;
    for (const t of tensors) {
      this.#dims[at++] = t.dims.length;
      for (const d of t.dims) this.#dims[at++] = d;
    }
    const error = core.prepare();
    if (error) {
      const heapFull = /^out of memory/.test(error)
        ? `; the page's wasm heap (${(this.#module.HEAP8.length / 2 ** 20).toFixed(0)} MiB, at most 2 GiB, shared by ` +
          'every session of this page) could not hold it: give smaller inputs, or release sessions the page no longer uses' : '';
      throw new Error(`wasmnn: ${error.replace('SessionOptions.memory_limit_bytes', LIMIT_OPTION)}${heapFull}`);
    }
    // Views are made after prepare(): the heap may have grown, which detaches older views.
    const buffer = this.#module.HEAP8.buffer;
    if (this.#plan !== core.plan() || this.#buffer !== buffer) this.#bindPlan(core, buffer);
    tensors.forEach((t, i) => this.#inputViews[i](t.size).set(t.data));
    const runError = core.run();
    if (runError) throw new Error(`wasmnn: ${runError}`);
    const out = {};
    for (const o of this.#outputs) {
      if (fetches && !(o.name in fetches)) continue;
      const given = fetches?.[o.name];
      out[o.name] = given ? fillTensor(given, o) : new Tensor(o.type, o.view.slice(), o.dims);
    }
    for (const t of this.#taps) if (!(t.name in out)) out[t.name] = new Tensor(t.type, t.view.slice(), t.dims);
    return out;
  }

  // Per-node timing, as ORT's startProfiling()/endProfiling(): the runs in between are timed
  // step by step; endProfiling() returns [{node, op, ms, flops, runs, fused}] (ms per run, in
  // graph order; fused: the model's nodes merged into this one at load, which its time covers)
  // and stops. A run with a new input shape or new taps plans again and restarts the count.
  startProfiling() { this.#live().setProfiling(true); }
  endProfiling() {
    const core = this.#live();
    const steps = core.profile();
    core.setProfiling(false);
    return steps;
  }

  // Bytes the session's working memory (activations + scratch) takes for the last input shapes.
  get arenaBytes() { return this.#live().arenaBytes(); }

  // Frees the session's memory now (ORT's returns a Promise too). Releasing twice is harmless.
  async release() {
    if (this.#core) this.#core.delete();
    this.#core = null;
  }

  // Input and output views for the current plan: made once per plan (or heap growth), not per run.
  #bindPlan(core, buffer) {
    const view = (type, address, count) => new TYPED_ARRAYS[type](buffer, address, count);
    this.#inputViews = this.#info.inputs.map((v, i) => {
      const address = core.inputAddress(i);
      return (count) => view(v.type, address, count);
    });
    const size = (dims) => dims.reduce((a, b) => a * b, 1);
    this.#outputs = this.#info.outputs.map((v, i) => {
      const dims = core.outputDims(i);
      const type = core.outputType(i);
      return { name: v.name, type, dims, view: view(type, core.outputAddress(i), size(dims)) };
    });
    this.#taps = core.taps().map((t) => ({ ...t, view: view(t.type, t.address, size(t.dims)) }));
    this.#plan = core.plan();
    this.#buffer = buffer;
  }

  #live() {
    if (!this.#core) {
      throw new Error('wasmnn: this session was released (session.release()); create a new one with ' +
        'InferenceSession.create(model)');
    }
    return this.#core;
  }

  // ORT's argument shapes: (fetches array | fetches object | options, options?).
  #runArguments(arg1, arg2) {
    const outputs = this.outputNames;
    const list = (names) => names.map((n) => `'${n}'`).join(', ');
    const plainObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor);
    let fetches = null;
    let options = arg1;
    if (Array.isArray(arg1)) {
      fetches = {};
      for (const name of arg1) {
        if (typeof name !== 'string' || !outputs.includes(name)) {
          const tap = this.#info.valueNames.includes(name)
            ? `; to read an intermediate value, tap it: run(feeds, { taps: [${JSON.stringify(name)}] })` : '';
          throw new Error(`wasmnn: fetches names ${JSON.stringify(name)}, which is not an output of the model; ` +
            `its outputs are ${list(outputs)}${tap}`);
        }
        fetches[name] = null;
      }
      options = arg2;
    } else if (plainObject(arg1) && Object.keys(arg1).some((k) => outputs.includes(k))) {
      for (const [name, value] of Object.entries(arg1)) {
        if (!outputs.includes(name)) {
          throw new Error(`wasmnn: fetches names '${name}', which is not an output of the model; its outputs are ${list(outputs)}`);
        }
        if (value !== null && !(value instanceof Tensor)) {
          throw new TypeError(`wasmnn: fetches['${name}'] must be null (a new tensor) or a Tensor to fill`);
        }
      }
      fetches = arg1;
      options = arg2;
    } else if (arg2 !== undefined) {
      throw new TypeError('wasmnn: run(feeds, fetches, options): fetches must be an array of output names or an ' +
        `object keyed by output names (${list(outputs)})`);
    }
    if (options === undefined) return { fetches, options: {} };
    if (!plainObject(options)) {
      throw new TypeError('wasmnn: run options must be an object, e.g. { taps: [...] }; fetches an array of output names');
    }
    for (const key of Object.keys(options)) {
      if (key !== 'taps' && !ORT_RUN_OPTIONS.includes(key)) {
        throw new Error(`wasmnn: unknown run option '${key}'; wasmnn's run option is taps (ONNX Runtime Web's ` +
          `${ORT_RUN_OPTIONS.join(', ')} are accepted and ignored). To choose outputs, pass their names: ` +
          `run(feeds, [${list(outputs)}])`);
      }
    }
    return { fetches, options };
  }

  // Hands the tap names to the core when they change (the next prepare() plans for them).
  #setTaps(core, taps = []) {
    if (taps !== 'all' && !(Array.isArray(taps) && taps.every((t) => typeof t === 'string'))) {
      throw new TypeError(`wasmnn: taps must be an array of value names or 'all', got ${JSON.stringify(taps)}; ` +
        'session.valueNames lists the names');
    }
    const names = taps === 'all' ? this.#info.valueNames : taps;
    const key = names.join('\0');
    if (key === this.#tapKey) return;
    const error = core.setTaps(names);
    if (error) {
      const optimized = error.includes('graph optimizations off')
        ? ` Graph optimizations off: InferenceSession.create(model, { graphOptimizationLevel: 'disabled' }).` : '';
      throw new Error(`wasmnn: ${error}.${optimized} session.valueNames lists the values this session can tap; ` +
        `{ taps: 'all' } returns every one.`);
    }
    this.#tapKey = key;
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
      if (t instanceof Tensor && t.disposed) {
        throw new Error(`wasmnn: input '${v.name}' is a tensor that was disposed (tensor.dispose()); make a new one`);
      }
      if (!t || t.type !== v.type || !(t.data instanceof TYPED_ARRAYS[v.type])) {
        const got = t && typeof t.type === 'string'
          ? `${article(t.type)} tensor${Array.isArray(t.dims) ? ` [${t.dims}]` : ''}${ArrayBuffer.isView(t.data) ? ` holding ${describeValue(t.data)}` : ''}`
          : describeValue(t);
        throw new TypeError(`wasmnn: input '${v.name}' must be a ${v.type} Tensor; got ${got}. ` +
          `Wrap the data: new Tensor('${v.type}', data, dims), dims like [${v.dims}]`);
      }
      if (t.data.length !== t.size) {
        throw new Error(`wasmnn: input '${v.name}' holds ${t.data.length} values, but its dims [${t.dims}] need ${t.size}` +
          (t.data.length === 0 ? ': its ArrayBuffer was detached (transferred to a worker or by postMessage/structuredClone); ' +
            'make the tensor from data this page still owns' : ''));
      }
      return t;
    });
  }
}

const CREATE = Symbol('create');

// create()'s promise, with the session's methods and properties saying what went wrong when the
// page uses it without awaiting it (`const s = InferenceSession.create(...); s.run(...)`, else
// "s.run is not a function").
function notAwaited(promise) {
  const misuse = (what) => () => {
    throw new TypeError(`wasmnn: ${what} on the Promise that InferenceSession.create() returns: await it first, ` +
      'const session = await InferenceSession.create(model), then session.run(feeds)');
  };
  for (const name of ['run', 'release', 'startProfiling', 'endProfiling']) {
    Object.defineProperty(promise, name, { value: misuse(`${name}() was called`) });
  }
  for (const name of ['inputNames', 'outputNames', 'inputMetadata', 'outputMetadata', 'valueNames']) {
    Object.defineProperty(promise, name, { get: misuse(`${name} was read`) });
  }
  return promise;
}
// The C++ name of the memory limit in planning's messages, as a page sets it.
const LIMIT_OPTION = 'the session option memoryLimit (by default and at most 1.75 GiB: the wasm heap ends at 2 GiB)';

const metadata = (v) => ({ name: v.name, isTensor: true, type: v.type, shape: [...v.dims] });

// The reader's view of the model (core.parse): it copies one field's range at a time into the
// heap, so the .onnx bytes are never in the heap whole. The heap may grow between two calls:
// the view is taken each time. Returns '' or why the bytes could not be had.
const pageBytes = (module, bytes) => (offset, length, address) => {
  try {
    new Uint8Array(module.HEAP8.buffer, address, length).set(bytes.subarray(offset, offset + length));
    return '';
  } catch (e) {
    return `the model's bytes could not be read (${e.message}); was its ArrayBuffer transferred or detached during create()?`;
  }
};

// Copies output `o` into a tensor the caller gave in fetches (ORT's pre-allocated outputs).
function fillTensor(tensor, o) {
  const size = o.dims.reduce((a, b) => a * b, 1);
  if (tensor.type !== o.type || tensor.dims.length !== o.dims.length || tensor.dims.some((d, i) => d !== o.dims[i])) {
    throw new Error(`wasmnn: the tensor given in fetches for output '${o.name}' is ${tensor.type} [${tensor.dims}], ` +
      `but the output is ${o.type} [${o.dims}]: give one of that type and shape, or null for a new one`);
  }
  tensor.data.set(o.view.subarray(0, size));
  return tensor;
}

// Version of the runtime, e.g. "0.1.0"; resolves once the module has loaded.
export async function runtimeVersion() { return (await loadCore()).version(); }

// GFLOP/s this page reaches on one thread with 128-bit float code (16 independent f32x4 chains,
// about `seconds` long): the yardstick for the per-layer GFLOP/s of a profile.
export async function peakGflops(seconds = 0.5) { return (await loadCore()).peakGflops(seconds); }

// The GEMM kernels wasmnn has (the default first), for the `gemm` session option: the extended
// build's list, which a session naming one loads.
export async function gemmKernels() { return (await loadCore('st-ext')).gemmKernels(); }

// Bytes of the WebAssembly memory (the "wasm heap"): grows, never shrinks. With both builds
// loaded, the sum of their memories.
export async function wasmHeapBytes() {
  if (!loadedCores().length) await loadCore();
  let bytes = 0;
  for (const core of loadedCores()) bytes += (await core).heapBytes();
  return bytes;
}
