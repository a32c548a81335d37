// Types for wasmnn's ESM API (wasmnn.js).
export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';
type TensorData = Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

export class Tensor {
  constructor(type: TensorType, data: TensorData | number[] | bigint[], dims?: readonly number[]);
  readonly type: TensorType;
  readonly data: TensorData;
  readonly dims: readonly number[];
  readonly size: number;
}

export interface ValueMetadata {
  name: string;
  type: string;
  /** Concrete sizes as numbers, symbolic ones (e.g. a batch "N") as strings. */
  dims: (number | string)[];
}

export interface SessionOptions {
  /** 'simd' (default): wasm SIMD128 kernels. 'scalar': the reference kernels. */
  kernels?: 'simd' | 'scalar';
  /** Threads (default env.wasm.numThreads). More than 1 loads the threaded build and needs a
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

/** ORT-style global settings. */
export const env: { wasm: { numThreads: number } };

export class InferenceSession {
  static create(model: string | URL | ArrayBuffer | Uint8Array,
                options?: SessionOptions): Promise<InferenceSession>;
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly inputMetadata: ValueMetadata[];
  readonly outputMetadata: ValueMetadata[];
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
  release(): void;
}

export function runtimeVersion(): Promise<string>;
export function wasmHeapBytes(): Promise<number>;
/** GFLOP/s of 128-bit float code on one thread of this page (the profile's yardstick). */
export function peakGflops(seconds?: number): Promise<number>;
/** The GEMM kernels of this build, the default first (values for SessionOptions.gemm). */
export function gemmKernels(): Promise<string[]>;
