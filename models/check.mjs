#!/usr/bin/env node
// Check every committed model under models/ without a browser: the index (models/index.json),
// each model's ONNX file (sha256, parses, loads in onnxruntime-node), every file's sha256, and
// every reference manifest (fields, .npy dtype/shape/sha256 against the manifest, names against
// the ONNX graph, per-layer values, PyTorch-vs-onnxruntime agreement). One line per model;
// exit status 1 if anything is inconsistent.
//
//   node models/check.mjs [--no-load] [model...]
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseOnnx } from '../web/harness/onnx/model.js';
import { parseNpy } from './lib/npy.mjs';

const require = createRequire(import.meta.url);
const MODELS_DIR = path.dirname(fileURLToPath(import.meta.url));
const MAX_DIFF = 1e-3; // PyTorch vs onnxruntime, float32 outputs
const MANIFEST_FIELDS = ['format', 'model', 'onnx', 'producer', 'dataset', 'preprocess', 'samples', 'sampleIndices', 'inputs', 'outputs'];

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const shapeStr = (s) => `[${s.join(',')}]`;

async function checkModel(entry, errors, opts, ort) {
  const err = (msg) => errors.push(`${entry.name}: ${msg}`);
  const stats = { sets: 0, npy: 0, bytes: 0, layerValues: 0 };
  const onnxPath = path.join(MODELS_DIR, entry.onnx);
  let graph = null;
  if (!fs.existsSync(onnxPath)) {
    let link = null;
    try { link = fs.readlinkSync(onnxPath); } catch { /* not a link */ }
    err(link ? `${entry.onnx} -> ${link} is missing: install the npm packages (ONNXRUNTIME_NODE_INSTALL=skip npm ci)` : `${entry.onnx} is missing`);
    return stats;
  }
  const bytes = fs.readFileSync(onnxPath);
  if (sha256(bytes) !== entry.onnxSha256) err(`${entry.onnx}: sha256 differs from index.json`);
  try {
    graph = parseOnnx(new Uint8Array(bytes)).graph;
  } catch (e) { err(`${entry.onnx} does not parse as ONNX: ${e.message}`); return stats; }
  const values = new Set(graph.nodes.flatMap((n) => n.outputs));
  const realInputs = graph.inputs.map((v) => v.name); // feeds: initializers are left out
  const opTypes = {};
  for (const n of graph.nodes) opTypes[n.opType] = (opTypes[n.opType] || 0) + 1;
  if (JSON.stringify(opTypes) !== JSON.stringify(entry.ops)) err(`ops in index.json ${JSON.stringify(entry.ops)} != graph ${JSON.stringify(opTypes)}`);
  if (ort && opts.load) {
    try {
      const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, logSeverityLevel: 3 });
      if (s.inputNames.join() !== realInputs.join()) err(`onnxruntime inputs ${s.inputNames} != graph inputs ${realInputs}`);
      await s.release?.();
    } catch (e) { err(`${entry.onnx} does not load in onnxruntime-node: ${e.message}`); }
  }

  // every file listed exists with its sha256, and nothing unlisted sits in the folder
  const dir = path.join(MODELS_DIR, entry.name);
  const listed = new Set(Object.keys(entry.files));
  for (const [rel, want] of Object.entries(entry.files)) {
    const p = path.join(MODELS_DIR, rel);
    if (!fs.existsSync(p)) { err(`${rel} is missing`); continue; }
    if (sha256(fs.readFileSync(p)) !== want) err(`${rel}: sha256 differs from index.json`);
  }
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) return e.name === '__pycache__' ? [] : walk(p);
    return e.name.endsWith('.pyc') ? [] : [path.relative(MODELS_DIR, p).split(path.sep).join('/')];
  });
  for (const rel of walk(dir)) if (!listed.has(rel)) err(`${rel} is not listed in index.json (stale file? rerun node models/build-references.mjs)`);

  // reference manifests
  for (const [kind, rel] of Object.entries(entry.references)) {
    const mpath = path.join(MODELS_DIR, rel);
    const mdir = path.dirname(mpath);
    let m;
    try { m = JSON.parse(fs.readFileSync(mpath, 'utf8')); } catch (e) { err(`${rel}: ${e.message}`); continue; }
    stats.sets++;
    const merr = (msg) => err(`${rel}: ${msg}`);
    for (const f of MANIFEST_FIELDS) if (!(f in m)) merr(`field "${f}" missing`);
    if (m.format !== 'wasmnn-reference/1') merr(`format ${JSON.stringify(m.format)}`);
    if (m.model !== entry.name) merr(`model ${JSON.stringify(m.model)} != ${entry.name}`);
    if (path.resolve(mdir, m.onnx || '') !== path.resolve(onnxPath)) merr(`onnx ${m.onnx} does not point at ${entry.onnx}`);
    if (m.onnxSha256 && m.onnxSha256 !== entry.onnxSha256) merr('onnxSha256 is not the sha256 of the model');
    if (!Array.isArray(m.sampleIndices) || m.sampleIndices.length !== m.samples) merr(`sampleIndices has ${m.sampleIndices?.length} entries, samples = ${m.samples}`);
    const checkFile = (e, what, firstDim) => {
      if (!e.file) {
        if (!e.from || !m[e.from]) merr(`${what}: neither "file" nor a valid "from"`);
        else if (firstDim !== undefined && e.shape?.[0] !== firstDim) merr(`${what}: shape ${shapeStr(e.shape)} has ${e.shape?.[0]} rows, want ${firstDim}`);
        return null;
      }
      const p = path.resolve(mdir, e.file);
      if (!p.startsWith(MODELS_DIR + path.sep)) { merr(`${what}: ${e.file} points outside models/`); return null; }
      if (!fs.existsSync(p)) { merr(`${what}: ${e.file} is missing`); return null; }
      const buf = fs.readFileSync(p);
      stats.npy++; stats.bytes += buf.length;
      if (e.sha256 && sha256(buf) !== e.sha256) merr(`${what}: ${e.file} sha256 differs from the manifest`);
      if (e.bytes !== undefined && e.bytes !== buf.length) merr(`${what}: ${e.file} has ${buf.length} bytes, manifest says ${e.bytes}`);
      let npy;
      try { npy = parseNpy(buf, e.file); } catch (x) { merr(`${what}: ${x.message}`); return null; }
      if (npy.dtype !== e.dtype) merr(`${what}: ${e.file} is ${npy.dtype}, manifest says ${e.dtype}`);
      if (shapeStr(npy.shape) !== shapeStr(e.shape || [])) merr(`${what}: ${e.file} has shape ${shapeStr(npy.shape)}, manifest says ${shapeStr(e.shape || [])}`);
      if (firstDim !== undefined && npy.shape[0] !== firstDim) merr(`${what}: ${e.file} has ${npy.shape[0]} rows, want ${firstDim}`);
      return npy;
    };
    for (const e of m.inputs || []) {
      if (!realInputs.includes(e.name)) merr(`input "${e.name}" is not an input of the graph (${realInputs})`);
      checkFile(e, `input ${e.name}`, m.samples);
      if (e.decode && !(e.decodedShape || kind !== 'ort')) merr(`input ${e.name}: decode without decodedShape`);
    }
    const outs = new Map();
    for (const e of m.outputs || []) {
      if (!graph.outputs.some((o) => o.name === e.name)) merr(`output "${e.name}" is not an output of the graph (${graph.outputs.map((o) => o.name)})`);
      const npy = checkFile(e, `output ${e.name}`, m.samples);
      if (npy) outs.set(e.name, npy);
    }
    if ((m.outputs || []).length === 0) merr('no outputs');
    if (m.labels) checkFile(m.labels, 'labels', m.samples);
    if (m.compare) {
      for (const c of m.compare.outputs || []) {
        if (c.error) { merr(`compare ${c.name}: ${c.error}`); continue; }
        const base = checkFile({ file: c.file, dtype: 'float32', shape: outs.get(c.name)?.shape || [] }, `compare ${c.name}`);
        const mine = outs.get(c.name);
        if (base && mine) {
          let d = 0;
          for (let i = 0; i < mine.data.length; i++) d = Math.max(d, Math.abs(mine.data[i] - base.data[i]));
          if (d !== c.maxAbsDiff) merr(`compare ${c.name}: recorded maxAbsDiff ${c.maxAbsDiff}, files give ${d}`);
          if (!(d <= MAX_DIFF)) merr(`compare ${c.name}: onnxruntime vs ${m.compare.producer} differ by ${d} (> ${MAX_DIFF})`);
        }
        if (c.top1Agreement !== undefined && c.top1Agreement !== 1) merr(`compare ${c.name}: top-1 agreement ${c.top1Agreement}`);
      }
    }
    if (m.layers) {
      const L = m.layers;
      if (L.count !== (L.values || []).length) merr(`layers.count ${L.count} != ${L.values?.length} values`);
      // the tapped run cannot fuse across tapped values: last-bit differences, relative to the outputs' scale
      let scale = 1;
      for (const o of outs.values()) for (const x of o.data) scale = Math.max(scale, Math.abs(Number(x)));
      if (!(L.maxAbsDiffFinalOutputs <= 1e-5 * scale)) merr(`layers: final outputs of the tapped run differ by ${L.maxAbsDiffFinalOutputs} (outputs up to ${scale})`);
      for (const v of L.values || []) {
        if (!values.has(v.name)) merr(`layer value "${v.name}" is not a value of the graph`);
        if (L.format === 'summary') {
          const count = (v.shape || []).reduce((a, b) => a * b, 1);
          if (!Array.isArray(v.rows) || v.rows.length !== L.sampleRows.length) merr(`layer ${v.name}: ${v.rows?.length} summary rows, want ${L.sampleRows.length}`);
          for (const r of v.rows || []) {
            if (!(r.min <= r.max) || r.probes?.length !== Math.min(count, r.probes?.length || 0) || !r.probes.length) merr(`layer ${v.name}: bad summary row`);
          }
        } else checkFile(v, `layer ${v.name}`, L.sampleRows.length);
        stats.layerValues++;
      }
      const missing = [...values].filter((v) => v && !realInputs.includes(v) && !(L.values || []).some((x) => x.name === v) && !(L.omitted || []).some((x) => x.name === v));
      if (missing.length) merr(`layers: ${missing.length} graph values neither stored nor listed as omitted (${missing.slice(0, 3).join(', ')})`);
    }
  }
  return stats;
}

async function main() {
  const args = process.argv.slice(2);
  const opts = { load: !args.includes('--no-load') };
  const only = args.filter((a) => !a.startsWith('--'));
  const errors = [];
  let index;
  try { index = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'index.json'), 'utf8')); } catch (e) {
    console.error(`check: cannot read models/index.json: ${e.message}`); return 1;
  }
  if (index.format !== 'wasmnn-models/1') errors.push(`index.json: format ${JSON.stringify(index.format)}`);
  let ort = null;
  if (opts.load) {
    try { ort = require('onnxruntime-node'); } catch (e) {
      errors.push(`onnxruntime-node is not installed (ONNXRUNTIME_NODE_INSTALL=skip npm ci): ${e.message.split('\n')[0]}`);
    }
  }
  // shared files
  for (const [rel, want] of Object.entries(index.sharedFiles || {})) {
    const p = path.join(MODELS_DIR, rel);
    if (!fs.existsSync(p)) errors.push(`shared: ${rel} is missing`);
    else if (sha256(fs.readFileSync(p)) !== want) errors.push(`shared: ${rel}: sha256 differs from index.json`);
  }
  // every folder with a model.onnx is indexed
  for (const d of fs.readdirSync(MODELS_DIR, { withFileTypes: true })) {
    const isModelDir = d.isDirectory() && (fs.existsSync(path.join(MODELS_DIR, d.name, 'model.onnx')) ||
      fs.lstatSync(path.join(MODELS_DIR, d.name)).isDirectory() && fs.readdirSync(path.join(MODELS_DIR, d.name)).includes('model.onnx'));
    if (isModelDir && !index.models.some((m) => m.name === d.name)) errors.push(`${d.name}/ has a model.onnx but is not in index.json`);
  }
  let failed = 0;
  for (const entry of index.models) {
    if (only.length && !only.includes(entry.name)) continue;
    const before = errors.length;
    const s = await checkModel(entry, errors, opts, ort);
    const ok = errors.length === before;
    if (!ok) failed++;
    const acc = entry.pcTestAccuracy == null ? 'no labels' : `PC acc ${(entry.pcTestAccuracy * 100).toFixed(2)}%`;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${entry.name.padEnd(16)} ${(entry.onnxBytes / 1e6).toFixed(2).padStart(6)} MB onnx, ` +
      `${s.sets} reference sets, ${s.npy} .npy (${(s.bytes / 1e6).toFixed(1)} MB), ${s.layerValues} per-layer values, ${acc}; ` +
      `ops ${Object.keys(entry.ops).join(' ')}`);
  }
  for (const e of errors) console.error(`check: ${e}`);
  const total = only.length ? only.length : index.models.length;
  console.log(`models/check: ${total - failed} passed, ${failed} failed${errors.length && !failed ? ` (${errors.length} errors outside the models)` : ''}`);
  return errors.length ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error('check: internal error:', e); process.exit(70); });
