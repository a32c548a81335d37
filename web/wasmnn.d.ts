// Types for wasmnn's ESM API (wasmnn.js).
export type TensorType = 'float32' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';
type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

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
