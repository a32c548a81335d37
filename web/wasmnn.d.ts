// Types for wasmnn's ESM API (wasmnn.js).
export type TensorType = 'float32';

export class Tensor {
  constructor(type: TensorType, data: Float32Array | number[], dims?: readonly number[]);
  readonly type: TensorType;
  readonly data: Float32Array;
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
}

export class InferenceSession {
  static create(model: string | URL | ArrayBuffer | Uint8Array,
                options?: SessionOptions): Promise<InferenceSession>;
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly inputMetadata: ValueMetadata[];
  readonly outputMetadata: ValueMetadata[];
  readonly kernels: 'wasmsimd' | 'scalar';
  readonly arenaBytes: number;
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  release(): void;
}

export function runtimeVersion(): Promise<string>;
export function wasmHeapBytes(): Promise<number>;
