// Types for wasmnn's ESM API (wasmnn.js), shaped like ONNX Runtime Web 1.30's.
export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';
type TensorData = Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;
/** The arrays new Tensor(data, dims) takes the type from (Uint16Array is ambiguous: say 'float16'). */
type InferredData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

export class Tensor {
  /** A tensor of `type` over `data` (a typed array of that type, or a plain array to convert);
   * dims default to [data.length]. A wrong array or size throws, naming the expected and the given
   * array type and length (never the values). */
  constructor(type: TensorType, data: TensorData | readonly number[] | readonly bigint[] | readonly boolean[],
              dims?: readonly number[]);
  /** ONNX Runtime Web's form: the type from the array (Float32Array -> 'float32', BigInt64Array ->
   * 'int64', Int32Array, Uint8Array, Int8Array; a number[] -> 'float32'). */
  constructor(data: InferredData | readonly number[], dims?: readonly number[]);
  readonly type: TensorType;
  /** Throws once the tensor is disposed. */
  readonly data: TensorData;
  readonly dims: readonly number[];
  readonly size: number;
  readonly location: 'cpu';
  readonly disposed: boolean;
  /** The data (ORT's getData; it is always on the CPU here). releaseData: dispose() after. */
  getData(releaseData?: boolean): Promise<TensorData>;
  /** Drops the tensor's data so that it can be freed; a disposed tensor cannot be fed to run(). */
  dispose(): void;
}

/** ONNX Runtime Web's metadata of an input or output. */
export interface ValueMetadata {
  readonly name: string;
  /** Always true: wasmnn's inputs and outputs are tensors. */
  readonly isTensor: true;
  readonly type: TensorType;
  /** Concrete sizes as numbers, symbolic ones (e.g. a batch "N") as strings. */
  readonly shape: ReadonlyArray<number | string>;
}

/** An execution provider as ORT pages name it; wasmnn has 'wasm' (alias 'cpu'). A list runs here
 * when it holds one of those (ORT also takes the first it has); one without is refused. */
export type ExecutionProvider = 'wasm' | 'cpu' | (string & {}) | { readonly name: string };

/** An option not listed here (or below, accepted and ignored) is refused with the list. */
export interface SessionOptions {
  /** ['wasm'] or ['cpu'] (what wasmnn is); see ExecutionProvider. */
  executionProviders?: readonly ExecutionProvider[];
  /** 'simd' (default): wasm SIMD128 kernels. 'scalar': the reference kernels. */
  kernels?: 'simd' | 'scalar';
  /** Threads (default env.wasm.numThreads; 0: as many as the page can run, up to 4). More than 1 loads the threaded build and needs a
   * cross-origin-isolated page; elsewhere the session runs 1 thread and says why on the
   * console. Outputs are the same bits at every thread count. */
  numThreads?: number;
  /** One GEMM kernel by name for every GEMM (e.g. 'f32_gemm_4x8__wasmsimd'), to compare tiles;
   *  default: the build's choice (4x8, and 2x16 for convs with short sums), 4x8 alone in Firefox. */
  gemm?: string;
  /** ONNX Runtime Web's levels. 'all' (default; 'extended' and 'layout' are the same here) folds
   * BatchNormalization into Conv and folds a residual Add and Relu/Clip into the Conv or Gemm before
   * them; 'basic' only folds BatchNormalization;
   * 'disabled' keeps every value of the file (constant subgraphs are still folded, and their
   * values kept), so any of them can be tapped. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  /** The most bytes the session may plan for one tensor, one scratch block or its whole arena
   * (default and maximum 1879048192 = 1.75 GiB: the wasm heap ends at 2 GiB). Input shapes that
   * need more are refused by run() with a message saying what needed how much; the session stays
   * usable. A page that shares the heap with other work can ask for less. */
  memoryLimit?: number;
  /** ONNX Runtime Web's logging and memory-arena options: accepted and ignored. */
  logId?: string;
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  logVerbosityLevel?: number;
  enableCpuMemArena?: boolean;
  enableMemPattern?: boolean;
  executionMode?: 'sequential' | 'parallel';
  extra?: Record<string, unknown>;
}

export interface RunOptions {
  /** Values of the model to return beside the outputs, by ONNX value name (see
   * InferenceSession.valueNames), or 'all'. The memory plan keeps a tapped value until the run
   * ends; a new set of taps plans again. An unknown name, or one merged away at load, rejects the
   * run with a message naming each and why. */
  taps?: readonly string[] | 'all';
  /** ONNX Runtime Web's logging options: accepted and ignored. */
  logSeverityLevel?: number;
  logVerbosityLevel?: number;
  tag?: string;
  terminate?: boolean;
  extra?: Record<string, unknown>;
}

/** Outputs to return: their names, or an object of names to null (a new tensor) or a Tensor of
 * the output's type and shape to fill. Every step still runs. */
export type FetchesType = readonly string[] | Record<string, Tensor | null>;

export interface StepProfile {
  node: string;
  op: string;
  /** Milliseconds per run. */
  ms: number;
  /** Floating-point operations per run (conv and gemm layers), else 0. */
  flops: number;
  runs: number;
  /** Nodes of the model merged into this one at load (e.g. the Relu after a Conv): its time covers them. */
  fused: string[];
}

/** The files env.wasm.wasmPaths can place (each .js brings its .worker.js from its own folder). */
export type RuntimeFile = 'wasmnn-core.js' | 'wasmnn-core.wasm' | 'wasmnn-core-mt.js' | 'wasmnn-core-mt.wasm';

/** ORT-style global settings, read when the runtime first loads. Any other env.wasm setting is
 * refused with the list. */
export const env: {
  wasm: {
    /** Threads for sessions that do not say (default 1; 0: as many as the page can run). */
    numThreads?: number;
    /** Where the runtime files are: a URL prefix ('/assets/wasmnn/' or a CDN folder), or a URL per
     * file. Default: next to wasmnn.js. */
    wasmPaths?: string | URL | Partial<Record<RuntimeFile, string | URL>>;
    /** wasmnn has only a SIMD128 build: true / 'fixed' (or unset); anything else is refused. */
    simd?: true | 'fixed';
    /** No proxy worker (false or unset): run wasmnn in your own module Worker instead. */
    proxy?: false;
  };
};

export class InferenceSession {
  static create(model: string | URL | ArrayBuffer | Uint8Array,
                options?: SessionOptions): Promise<InferenceSession>;
  /** ORT's form: the model is `byteLength` bytes (default: to the end) from `byteOffset`. */
  static create(buffer: ArrayBufferLike, byteOffset: number, byteLength?: number,
                options?: SessionOptions): Promise<InferenceSession>;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  /** What run() can return as taps: the inputs, then every node output this session computes, in
   * the model's order. */
  readonly valueNames: string[];
  readonly kernels: 'wasmsimd' | 'scalar';
  /** The GEMM tile(s) that run: one name, or '<tile>+<conv tile for short sums>'. */
  readonly gemm: string;
  readonly threads: number;
  readonly arenaBytes: number;
  /** The outputs (all, or those in fetches) and the tapped values, by name. */
  run(feeds: Record<string, Tensor>, options?: RunOptions): Promise<Record<string, Tensor>>;
  run(feeds: Record<string, Tensor>, fetches: FetchesType, options?: RunOptions): Promise<Record<string, Tensor>>;
  /** Times every step of the runs until endProfiling(). */
  startProfiling(): void;
  endProfiling(): StepProfile[];
  /** Frees the session's memory; afterwards run() rejects saying it was released. */
  release(): Promise<void>;
}

export function runtimeVersion(): Promise<string>;
export function wasmHeapBytes(): Promise<number>;
/** GFLOP/s of 128-bit float code on one thread of this page (the profile's yardstick). */
export function peakGflops(seconds?: number): Promise<number>;
/** The GEMM kernels of this build, the default first (values for SessionOptions.gemm). */
export function gemmKernels(): Promise<string[]>;
