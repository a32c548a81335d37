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
  /** 'simd' (default): wasm SIMD128 kernels. 'scalar': the reference kernels (they come with the
   *  extended build, which a session asking for them loads). */
  kernels?: 'simd' | 'scalar';
  /** Threads (default env.wasm.numThreads; 0: as many as the page can run, up to 4). More than 1 loads the threaded build and needs a
   * cross-origin-isolated page; elsewhere the session runs 1 thread and says why on the
   * console. Outputs are the same bits at every thread count. */
  numThreads?: number;
  /** One GEMM kernel by name for every GEMM (e.g. 'f32_gemm_4x8__wasmsimd'), or two as 'TILE+WIDE'
   *  (WIDE for convolutions with short sums), to compare tiles; a session naming one loads the
   *  extended build, which has them all. Default: 5x8, and 2x16 for convs with short sums. */
  gemm?: string;
  /** true (default): 3x3 stride-1 convolutions with 8 or more channels each way run Winograd's
   * F(2x2, 3x3) (2.25x fewer products; other rounding than the direct sum, the same bits in every
   * browser and at every thread count). false: every convolution is the direct sum. */
  winograd?: boolean;
  /** ONNX Runtime Web's levels. 'all' (default; 'extended' and 'layout' are the same here) folds
   * BatchNormalization into Conv and folds a residual Add and Relu/Clip into the Conv or Gemm before
   * them; 'basic' only folds BatchNormalization;
   * 'disabled' keeps every value of the file (constant subgraphs are still folded, and their
   * values kept), so any of them can be tapped. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  /** The most bytes the model file, one tensor, one scratch block or the session's whole arena
   * may take (default and maximum 1879048192 = 1.75 GiB: the wasm heap ends at 2 GiB). A larger
   * model is refused by create(); input shapes that need more are refused by run() with a message
   * saying what needed how much, and the session stays usable. A page that shares the heap with
   * other work can ask for less. */
  memoryLimit?: number;
  /** Told of the model's download: bytes so far and the Content-Length (undefined when the server
   * does not say, or compresses the body); from 0 to all of it. Once, with all of it, for bytes,
   * Blobs and cache hits. */
  onProgress?: (loaded: number, total: number | undefined) => void;
  /** Keep a model fetched from a URL in Cache Storage (true: the cache 'wasmnn-models', or a
   * cache name), revalidated by its ETag or Last-Modified: a second visit gets 304 Not Modified
   * and downloads nothing; offline, the kept copy is used. */
  cache?: boolean | string;
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
export type RuntimeFile = 'wasmnn-core.js' | 'wasmnn-core.wasm' | 'wasmnn-core-mt.js' | 'wasmnn-core-mt.wasm' |
  'wasmnn-extended.js' | 'wasmnn-extended.wasm' | 'wasmnn-extended-mt.js' | 'wasmnn-extended-mt.wasm' |
  'wasmnn-proxy-worker.js';

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
    /** true: sessions created from then on run in a module Worker (wasmnn-proxy-worker.js), so
     * that runs never block the page; same API, bits and messages (endProfiling() then returns a
     * Promise). */
    proxy?: boolean;
  };
};

export class InferenceSession {
  /** The model: a URL, its bytes (ArrayBuffer, a typed array or DataView), a Blob or File, or a
   * fetch() Response. */
  static create(model: string | URL | ArrayBufferLike | ArrayBufferView | Blob | Response,
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
  /** true for a session running in the proxy worker (env.wasm.proxy). */
  readonly proxied?: boolean;
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
/** Every GEMM kernel wasmnn has, the default first (values for SessionOptions.gemm; loads the extended build). */
export function gemmKernels(): Promise<string[]>;

/** Options of imageToTensor: the tensor is ((pixel * scale) - mean) / std per channel. */
export interface ImageToTensorOptions {
  /** Size of the tensor's image (default: the image's own); resized bilinearly with half-pixel
   * centres (as ONNX Resize and PyTorch), the same in every browser. */
  width?: number;
  height?: number;
  /** [1, C, H, W] (default) or [1, H, W, C]. */
  layout?: 'NCHW' | 'NHWC';
  /** 'rgb' (default), 'bgr', 'rgba', or 'gray' (0.299 R + 0.587 G + 0.114 B, one channel). */
  channels?: 'rgb' | 'bgr' | 'rgba' | 'gray';
  /** Default 1/255. */
  scale?: number;
  /** One number, or one per channel (default 0 and 1). */
  mean?: number | readonly number[];
  std?: number | readonly number[];
}
export type ImageSource = ImageData | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageBitmap |
  HTMLVideoElement | VideoFrame;
/** An image as a float32 tensor. */
export function imageToTensor(image: ImageSource, options?: ImageToTensorOptions): Tensor;
/** Probabilities from scores: exp(x - max) / sum. */
export function softmax(scores: Tensor | ArrayLike<number>): Float32Array;
/** The k (default 5) largest scores, largest first; with labels, each one's label. */
export function topK(scores: Tensor | ArrayLike<number>, k?: number): { index: number; score: number }[];
export function topK(scores: Tensor | ArrayLike<number>, k: number, labels: readonly string[]): { index: number; label: string; score: number }[];

export interface WordTokenizerOptions {
  /** The words (default /[a-z0-9]+/g, after lowercasing). */
  pattern?: RegExp;
  lowercase?: boolean;
  /** The model's sequence length: ids are padded or cut to it. */
  length?: number;
  /** Where the padding goes (default 'left'). */
  padding?: 'left' | 'right';
  padId?: number;
  /** The id of words not in the vocabulary (default 1), or `unknown`: the token itself. */
  unknownId?: number;
  unknown?: string;
}
/** Text -> token ids with a vocabulary (an array of tokens, or a vocab.txt's text: line i = id i). */
export class WordTokenizer {
  constructor(vocab: readonly string[] | string, options?: WordTokenizerOptions);
  readonly size: number;
  tokens(text: string): string[];
  encode(text: string): number[];
  /** int64 [texts, length]. */
  tensor(texts: string | readonly string[]): Tensor;
}
