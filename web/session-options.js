// InferenceSession.create()'s options: wasmnn's own and the ONNX Runtime Web ones pages send.
// An option wasmnn does not know, or a value it cannot honour (a GPU execution provider, kernels:
// 'gpu'), is an error listing what is known: silently running something else misleads.
import { env } from './runtime-loader.js';

// ORT's graphOptimizationLevel values -> what wasmnn's loader does: 0 keeps every value of the
// file (for taps), 1 folds BatchNormalization into Conv, 2 also folds a residual Add and Relu/Clip
// into the Conv/Gemm before them.
const OPTIMIZATION_LEVELS = { disabled: 0, basic: 1, extended: 2, layout: 2, all: 2 };
const KERNELS = ['simd', 'scalar'];
// Execution providers that name what wasmnn is: WebAssembly on the CPU.
const PROVIDERS = ['wasm', 'cpu'];
const OPTIONS = ['executionProviders', 'graphOptimizationLevel', 'numThreads', 'kernels', 'gemm', 'winograd',
  'memoryLimit', 'onProgress', 'cache'];
// The largest memory a session may plan for (core/memory_limit.h): the wasm heap ends at 2 GiB, and
// 256 MiB of it is left for the weights, the runtime and the JS glue. A page may ask for less.
export const MAX_MEMORY_LIMIT = 2 ** 31 - 2 ** 28;
// ONNX Runtime Web's options about its logging and memory arenas: accepted and ignored.
const IGNORED_ORT_OPTIONS = ['logId', 'logSeverityLevel', 'logVerbosityLevel', 'enableCpuMemArena',
  'enableMemPattern', 'executionMode', 'extra'];
const quoted = (names) => names.map((n) => `'${n}'`).join(', ');

// -> {loading: {onProgress, cache}, memoryLimit, threads, level, scalar, gemm (undefined: the engine's
// choice), winograd}
export function sessionSettings(options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`wasmnn: session options must be an object, e.g. { executionProviders: ['wasm'] }; ` +
      `got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key) && !IGNORED_ORT_OPTIONS.includes(key)) {
      throw new TypeError(`wasmnn: unknown session option '${key}'; the options are executionProviders ` +
        `(${quoted(PROVIDERS)}), graphOptimizationLevel (${quoted(Object.keys(OPTIMIZATION_LEVELS))}), ` +
        `numThreads (a whole number), kernels (${quoted(KERNELS)}), gemm (a name from gemmKernels(), or two as 'TILE+WIDE'), ` +
        `winograd (true or false), ` +
        `memoryLimit (bytes, at most ${MAX_MEMORY_LIMIT}), onProgress (a function (loaded, total)), ` +
        `cache (true or a cache name); ` +
        `ONNX Runtime Web's ${IGNORED_ORT_OPTIONS.join(', ')} are accepted and ignored`);
    }
  }
  checkProviders(options.executionProviders);
  if (options.kernels !== undefined && !KERNELS.includes(options.kernels)) {
    throw new TypeError(`wasmnn: kernels must be one of ${quoted(KERNELS)}, got ${JSON.stringify(options.kernels)} ` +
      '(wasmnn runs on the CPU, with wasm SIMD128 kernels or the scalar reference ones)');
  }
  if (options.gemm !== undefined && typeof options.gemm !== 'string') {
    throw new TypeError(`wasmnn: gemm must be a kernel name from gemmKernels(), got ${JSON.stringify(options.gemm)}`);
  }
  if (options.winograd !== undefined && typeof options.winograd !== 'boolean') {
    throw new TypeError(`wasmnn: winograd must be true (the default: 3x3 convolutions by Winograd's ` +
      `F(2x2, 3x3) where it is faster) or false (every convolution as a direct sum), got ${JSON.stringify(options.winograd)}`);
  }
  const memoryLimit = options.memoryLimit ?? MAX_MEMORY_LIMIT;
  if (!Number.isInteger(memoryLimit) || memoryLimit < 2 ** 20 || memoryLimit > MAX_MEMORY_LIMIT) {
    throw new RangeError(`wasmnn: memoryLimit must be a whole number of bytes from ${2 ** 20} (1 MiB) to ` +
      `${MAX_MEMORY_LIMIT} (the default: the wasm heap ends at 2 GiB), got ${JSON.stringify(options.memoryLimit)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError(`wasmnn: onProgress must be a function (loaded, total) => {...}, called as the model ` +
      `downloads; got ${JSON.stringify(options.onProgress)}`);
  }
  if (options.cache !== undefined && typeof options.cache !== 'boolean' &&
      (typeof options.cache !== 'string' || !options.cache)) {
    throw new TypeError(`wasmnn: cache must be true (keep models fetched from a URL in the Cache Storage ` +
      `'wasmnn-models'), a cache name, or false; got ${JSON.stringify(options.cache)}`);
  }
  return {
    loading: { onProgress: options.onProgress, cache: options.cache },
    memoryLimit,
    threads: threadsFor(options.numThreads),
    level: optimizationLevel(options.graphOptimizationLevel),
    scalar: options.kernels === 'scalar',
    gemm: options.gemm,
    winograd: options.winograd ?? true,
  };
}

// ORT tries the providers in order and uses the first it has; wasmnn has 'wasm' (alias 'cpu'), so
// a list holding one of them runs here, and a list without them is refused.
function checkProviders(providers) {
  if (providers === undefined) return;
  const name = (p) => (typeof p === 'string' ? p : p && typeof p === 'object' ? p.name : undefined);
  if (!Array.isArray(providers) || providers.some((p) => typeof name(p) !== 'string')) {
    throw new TypeError(`wasmnn: executionProviders must be an array of names (or {name} objects), e.g. ['wasm']; ` +
      `got ${JSON.stringify(providers)}`);
  }
  if (!providers.some((p) => PROVIDERS.includes(name(p)))) {
    throw new TypeError(`wasmnn: executionProviders [${quoted(providers.map(name))}] are not available: wasmnn ` +
      `runs on the CPU through WebAssembly only, so the providers it takes are ${quoted(PROVIDERS)} ` +
      `(e.g. executionProviders: ['wasm'])`);
  }
}

// How many threads a session gets: what it asks for when the page can run threads, else 1 with
// a one-line note saying why. 0 (ORT's "let the runtime choose") takes what the page can run.
function threadsFor(asked) {
  const n = asked === undefined ? env.wasm.numThreads ?? 1 : asked;
  if (!Number.isInteger(n) || n < 0) {
    throw new TypeError(`wasmnn: numThreads must be a whole number >= 1 (or 0: as many as the page can run), ` +
      `got ${JSON.stringify(n)}`);
  }
  if (n === 0) {
    return globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency ?? 1)) : 1;
  }
  if (n === 1) return 1;
  if (!globalThis.crossOriginIsolated) {
    console.info(`wasmnn: running 1 thread, not ${n}: threads need a cross-origin-isolated page ` +
      '(serve it with Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp)');
    return 1;
  }
  return Math.min(n, 4);
}

function optimizationLevel(asked = 'all') {
  if (!Object.hasOwn(OPTIMIZATION_LEVELS, asked)) {
    throw new TypeError(`wasmnn: graphOptimizationLevel must be one of ` +
      `${quoted(Object.keys(OPTIMIZATION_LEVELS))}, got ${JSON.stringify(asked)}`);
  }
  return OPTIMIZATION_LEVELS[asked];
}
