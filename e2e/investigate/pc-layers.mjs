// The PC's per-layer reference for a model and a set: the committed onnxruntime-node set
// (models/<m>/reference/ort/, rows 0..1 of the reference set = test images 0..1) when it holds the
// rows asked for, else one written on demand by models/reference (onnxruntime-node, every ONNX
// value) under report/investigate/pc/. Returns the manifest path and the set whose inputs the
// rows index.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../server.mjs';

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

// Per set: the committed manifest whose layers may serve it, and the set its rows belong to. The
// test set's first 100 samples are the reference set's (test images 0..99, models/README.md).
const COMMITTED = {
  reference: { manifest: 'reference/ort/manifest.json', set: 'reference' },
  testset: { manifest: 'reference/ort/manifest.json', set: 'reference' },
  generated: { manifest: 'generated/ort/manifest.json', set: 'generated' },
};
const INPUTS = { reference: 'reference/manifest.json', testset: 'reference/manifest.json', generated: 'generated/manifest.json' };

/** {manifest (absolute path), set, rows, producer, generated: boolean} for `layerRows` rows. */
export function pcLayers(model, set, layerRows, { outDir, log = () => {} }) {
  const dir = path.join(REPO_ROOT, 'models', model);
  const committed = COMMITTED[set];
  if (!committed) throw new Error(`unknown set '${set}'; expected ${Object.keys(COMMITTED).join(', ')}`);
  const rows = [...Array(layerRows).keys()];
  const candidate = path.join(dir, committed.manifest);
  if (fs.existsSync(candidate)) {
    const L = readJson(candidate).layers;
    if (L?.format === 'full' && L.sampleRows.length >= layerRows && rows.every((r) => L.sampleRows[r] === r)) {
      return { manifest: candidate, set: committed.set, rows, producer: L.producer, generated: false };
    }
  }
  const inputs = path.join(dir, INPUTS[set]);
  if (!fs.existsSync(inputs)) throw new Error(`models/${model} has no ${INPUTS[set]}: no inputs for per-layer references of the '${set}' set`);
  const out = path.join(outDir, 'pc', `${model}-${committed.set}-rows${layerRows}`);
  const manifest = path.join(out, 'manifest.json');
  const onnx = path.join(dir, 'model.onnx');
  const fresh = fs.existsSync(manifest) && fs.statSync(manifest).mtimeMs > fs.statSync(onnx).mtimeMs;
  if (!fresh) {
    log(`PC per-layer reference: models/reference ${path.relative(REPO_ROOT, onnx)} ${path.relative(REPO_ROOT, inputs)} --layers ${rows.join(',')} (onnxruntime-node)`);
    execFileSync(path.join(REPO_ROOT, 'models/reference'), [onnx, inputs, '--layers', rows.join(','), '-o', out, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { manifest, set: committed.set, rows, producer: readJson(manifest).layers.producer, generated: true };
}
