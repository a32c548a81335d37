// The core build has the common operators; a model that needs one only the extended build has
// loads there without the page asking (web/wasmnn.js, dist/wasmnn-extended-ops.js). Which .wasm
// files the page fetched tells which build ran.
import { InferenceSession, Tensor } from '../../dist/wasmnn.js';

const wasmFetched = () => [...new Set(performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop()).filter((f) => f.endsWith('.wasm')))].sort();

async function loadAndRun(url, numThreads) {
  const session = await InferenceSession.create(url, { numThreads });
  const out = await session.run({ input: new Tensor('float32', new Float32Array(28 * 28), [1, 1, 28, 28]) });
  const dims = Object.values(out)[0].dims;
  session.release();
  return { dims, threads: session.threads };
}

export async function extendedBuild({ numThreads = 1 }) {
  const core = await loadAndRun('/models/lenet5/model.onnx', numThreads);  // Conv, Gemm, MaxPool ...
  const afterCore = wasmFetched();
  const extended = await loadAndRun('/models/external/conv_autoencoder/model.onnx', numThreads);  // + ConvTranspose
  const afterExtended = wasmFetched();
  let refusal = '';
  try {
    // An operator in neither build (LeNet-5 with its Flatten renamed Flatxen): the core's message
    // stands, with what the extended build would add.
    const bytes = new Uint8Array(await (await fetch('/models/lenet5/model.onnx')).arrayBuffer());
    const name = new TextEncoder().encode('Flatten');
    for (let i = 0; i + name.length <= bytes.length; i++) {
      if (name.every((c, k) => bytes[i + k] === c)) bytes[i + 4] = 'x'.charCodeAt(0);
    }
    await InferenceSession.create(bytes, { numThreads });
  } catch (e) {
    refusal = e.message;
  }
  return { core, afterCore, extended, afterExtended, refusal };
}
