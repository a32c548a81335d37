// In the page: one model of models/external/ through wasmnn on its onnxruntime-node reference
// set (external-run.js judges it). A model wasmnn refuses comes back as {refused: message}, not
// as an error, so the spec can list it. Used by e2e/external.spec.mjs through
// window.wasmnnHarness.runExternal.
import { InferenceSession, Tensor } from '../../dist/wasmnn.js';
import { judgeExternal } from './external-run.js';
import { fetchNpy } from './npy.js';

export async function runExternal({ model, numThreads = 1 }) {
  const manifestUrl = new URL(`/models/external/${model}/reference/manifest.json`, location.href);
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`could not fetch ${manifestUrl}: HTTP ${response.status} (node models/external/build-references.mjs writes it)`);
  const manifest = await response.json();
  const at = (file) => new URL(file, manifestUrl).href;
  return judgeExternal({
    model, manifest, read: (file) => fetchNpy(at(file)),
    create: () => InferenceSession.create(at(manifest.onnx), { numThreads }),
    makeTensor: (type, data, dims) => new Tensor(type, data, dims),
  });
}
