// What a bench run measures: the models (discovered from the committed manifests of models/),
// the runtimes and their thread counts, and the combinations of them with the browsers.
import fs from 'node:fs';
import path from 'node:path';
import { parseOnnx } from '../web/harness/onnx/model.js';
import { REPO_ROOT } from './server.mjs';
import { AGREEMENT_REL_TOLERANCE } from './bench-verdict.mjs';

/**
 * The runtimes, as the page knows them (web/harness/runtimes/index.js). threads: the counts
 * the runtime can be asked for; a wasmnn build variant with threads would list [1, 2] and set
 * needsIsolation (its page must be cross-origin isolated, which the bench server always is).
 */
export const RUNTIMES = [
  { id: 'wasmnn', label: 'wasmnn (wasm SIMD128)', threads: [1, 2], peer: false, downloads: ['/dist/'] },
  { id: 'ort-wasm', label: 'ONNX Runtime Web (wasm EP)', threads: [1, 2], peer: true, downloads: ['/vendor/onnxruntime-web/'] },
  { id: 'tfjs-wasm', label: 'TF.js wasm (XNNPACK)', threads: [1, 2], peer: true,
    downloads: ['/vendor/@tensorflow/tfjs/', '/vendor/@tensorflow/tfjs-backend-wasm/'] },
  { id: 'tfjs-webgl', label: 'TF.js WebGL', threads: [1], peer: true, downloads: ['/vendor/@tensorflow/tfjs/'] },
];
export const RUNTIME_IDS = RUNTIMES.map((r) => r.id);
export const runtimeSpec = (id) => RUNTIMES.find((r) => r.id === id);

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * Every model of models/ that has a model.onnx (its file present: BlazeFace's come from npm) and
 * a test set or reference set manifest. Sorted by the size of the ONNX file.
 */
export function discoverModels(modelsDir = path.join(REPO_ROOT, 'models'), { prefix = '', group = null } = {}) {
  const models = [];
  for (const folder of fs.readdirSync(modelsDir).sort()) {
    const name = `${prefix}${folder}`;
    const dir = path.join(modelsDir, folder);
    const onnx = path.join(dir, 'model.onnx');
    if (!fs.statSync(dir).isDirectory() || !fs.existsSync(onnx)) continue;
    const set = ['testset', 'reference'].find((s) => fs.existsSync(path.join(dir, s, 'manifest.json')));
    if (!set) continue;
    const manifest = readJson(path.join(dir, set, 'manifest.json'));
    // The external set's rule (models/external/README.md): an output where ORT disagrees with
    // itself is judged by the tests against ORT's envelope; the bench only reports it.
    const agreementWidened = Boolean(manifest.agreement?.widened);
    // A float16 model's tolerance is twice ORT's own float16 error (models/external/README.md),
    // never below the bench's.
    const relTolerance = Math.max(AGREEMENT_REL_TOLERANCE, manifest.agreement?.relTolerance ?? 0);
    let graph;
    try {
      graph = parseOnnx(new Uint8Array(fs.readFileSync(onnx))).graph;
    } catch (e) {
      models.push({ name, error: `cannot read model.onnx: ${e.message}` });
      continue;
    }
    const params = [...graph.initializers.values()].reduce((sum, t) => sum + t.data.length, 0);
    const opTypes = {};
    for (const n of graph.nodes) opTypes[n.opType] = (opTypes[n.opType] ?? 0) + 1;
    const input = graph.inputs[0];
    const inputEntry = manifest.inputs?.[0] ?? {};
    models.push({
      name,
      group,
      agreementWidened,
      relTolerance,
      agreementRule: manifest.agreement?.rule ?? null,
      onnxBytes: fs.statSync(onnx).size,
      params,
      opTypes,
      set,
      samples: manifest.samples ?? manifest.inputs?.[0]?.shape?.[0] ?? null,
      dataset: manifest.dataset ?? null,
      producer: manifest.producer ?? null,
      hasLabels: Boolean(manifest.labelsFrom || manifest.labels),
      pcTestAccuracy: manifest.pcTestAccuracy ?? null,
      input: { name: input?.name, type: input?.type, dims: input?.dims },
      // A symbolic (or absent) first dimension takes any batch; BlazeFace's is fixed at 1.
      batchable: typeof input?.dims?.[0] === 'string',
      image: (input?.type === 'float32' && (input?.dims?.length ?? 0) === 4) || Boolean(inputEntry.decode),
    });
  }
  return models.sort((a, b) => (a.onnxBytes ?? 0) - (b.onnxBytes ?? 0) || a.name.localeCompare(b.name));
}

/** The group `--models external`: models/external/<name> as `external/<name>` (their references are
 * built by node models/external/build-references.mjs; ./bench runs it first). Not in the default run. */
export const EXTERNAL_GROUP = 'external';
export const discoverExternalModels = (dir = path.join(REPO_ROOT, 'models', 'external')) =>
  discoverModels(dir, { prefix: `${EXTERNAL_GROUP}/`, group: EXTERNAL_GROUP });

/**
 * The combinations to measure, in order: browser-major, then model, runtime, threads. Each is
 * one page (and, by default, one fresh browser); batch 1 and the larger batch are measured in it.
 */
export function planCombinations({ browsers, models, runtimes, threads }) {
  const combos = [];
  for (const browser of browsers) {
    for (const model of models) {
      for (const runtime of runtimes) {
        const spec = runtimeSpec(runtime);
        for (const t of threads) {
          if (!spec.threads.includes(t)) continue;
          combos.push({ browser, model: model.name, runtime, threads: t });
        }
      }
    }
  }
  return combos;
}

/** Models for --quick: the small ones (ONNX file up to 256 KiB). */
export const isSmallModel = (m) => (m.onnxBytes ?? Infinity) <= 256 * 1024;
