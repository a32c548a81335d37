// Compiled (not run) by e2e/types.spec.mjs against web/wasmnn.d.ts: what a TypeScript user of
// wasmnn writes, ONNX Runtime Web style. A type error here is a broken .d.ts.
import { InferenceSession, Tensor, env, type ValueMetadata, type SessionOptions } from '../../web/wasmnn.js';

env.wasm.numThreads = 1;
env.wasm.wasmPaths = '/assets/wasmnn/';
env.wasm.wasmPaths = { 'wasmnn-core.wasm': '/cdn/wasmnn-core.wasm' };
env.wasm.simd = true;
env.wasm.proxy = false;

export async function classify(pixels: Float32Array, bytes: ArrayBuffer): Promise<number> {
  const options: SessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  const session = await InferenceSession.create('/models/lenet5/model.onnx', options);
  const fromBuffer = await InferenceSession.create(bytes, 0, bytes.byteLength, { executionProviders: ['cpu'] });
  // Blobs and Responses, with download progress and the Cache Storage cache.
  const progress: number[] = [];
  const fromBlob = await InferenceSession.create(new Blob([bytes]), { onProgress: (loaded) => progress.push(loaded) });
  const cached = await InferenceSession.create('/models/lenet5/model.onnx', { cache: true, onProgress: (l, t) => progress.push(t ?? l) });
  const fromResponse = await InferenceSession.create(await fetch('/models/lenet5/model.onnx'), { cache: 'my-models' });
  env.wasm.proxy = true;
  const proxied: boolean | undefined = (await InferenceSession.create(bytes)).proxied;
  void [fromBlob, cached, fromResponse, proxied];
  const meta: readonly ValueMetadata[] = session.inputMetadata;
  const shape: ReadonlyArray<number | string> = meta[0].shape;
  const isTensor: true = meta[0].isTensor;
  const input = new Tensor(pixels, [1, 1, 28, 28]);
  const typed = new Tensor('float32', pixels, [1, 1, 28, 28]);
  const all = await session.run({ [session.inputNames[0]]: input });
  const some = await session.run({ input: typed }, ['logits']);
  const filled = await session.run({ input: typed }, { logits: null }, { logSeverityLevel: 3 });
  const tapped = await session.run({ input: typed }, { taps: ['/MaxPool_output_0'] });
  const data = (await some.logits.getData()) as Float32Array;
  input.dispose();
  const released: Promise<void> = session.release();
  await released;
  await fromBuffer.release();
  void [shape, isTensor, all, filled, tapped];
  return data.indexOf(Math.max(...data));
}

// Mistakes the types catch.
// @ts-expect-error: release() returns a Promise (as ORT's does), not void
const notVoid: void = (null as unknown as InferenceSession).release();
// @ts-expect-error: metadata says shape, not dims (ONNX Runtime Web's name)
void (null as unknown as ValueMetadata).dims;
// @ts-expect-error: env.wasm.proxy is true or false
env.wasm.proxy = 'yes';
// @ts-expect-error: cache is true or a cache name
void InferenceSession.create('/m.onnx', { cache: 3 });
// @ts-expect-error: a Float64Array is no tensor data
void new Tensor(new Float64Array(4), [4]);
void notVoid;
