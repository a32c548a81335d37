// Builds the reference sets of models/external/ with onnxruntime-node: seeded inputs, ORT's
// outputs, and ORT's own spread (optimizations off, 2 threads, inputs moved by 2 ulps) from which the agreement rule of
// each model is set (web/harness/agreement.js). Writes models/external/<name>/reference/
// (generated, never committed: manifest.json wasmnn-reference/1 + .npy files) and prints the
// table of the set. Idempotent: a model whose stamp (this script, the rule, the model, its
// info.json, the ORT version) is unchanged is left as it is.
//   node models/external/build-references.mjs [NAME...] [--force] [--table-only]
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { writeNpy, DTYPE_ARRAY } from '../lib/npy.mjs';
import { REL_TOLERANCE, compareWithEnvelope } from '../../web/harness/agreement.js';
import { externalModels, modelSummary } from './set.mjs';
import { PERTURBATION, perturbed, randomInput } from './inputs.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ORT_VERSION = require('onnxruntime-node/package.json').version;
const PRODUCER = `onnxruntime-node ${ORT_VERSION}`;

// The reference configuration (bit-identical reruns) and the ones ORT checks itself against:
// other kernels (optimizations off, 2 threads), which differ from it in the last bits on some
// CPUs and not on others, and the same configuration on inputs moved by about 2 ulps (seeded),
// which finds the outputs a last-bit difference decides on every CPU (a detector's
// Equal(x, MaxPool(x)) near a tie).
const BASE = { name: 'optimizations all, 1 thread', graphOptimizationLevel: 'all', intraOpNumThreads: 1 };
const ulps = `inputs x (1 ± 2^${Math.log2(PERTURBATION)})`;
const VARIANTS = [
  { name: 'optimizations off, 1 thread', graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 },
  { name: 'optimizations all, 2 threads', graphOptimizationLevel: 'all', intraOpNumThreads: 2 },
  { name: `${ulps}, seed 1`, graphOptimizationLevel: 'all', intraOpNumThreads: 1, perturbSeed: 1 },
  { name: `${ulps}, seed 2`, graphOptimizationLevel: 'all', intraOpNumThreads: 1, perturbSeed: 2 },
];

const fileSafe = (name) => name.replace(/[^A-Za-z0-9_.-]/g, '_');

// Runs every sample as a batch of 1 in one configuration; returns per output {dtype, dims, data}.
async function runAll(modelPath, config, inputs, samples) {
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'], interOpNumThreads: 1,
    intraOpNumThreads: config.intraOpNumThreads, graphOptimizationLevel: config.graphOptimizationLevel, logSeverityLevel: 3 });
  try {
    const outs = session.outputNames.map((name) => ({ name, parts: [] }));
    for (let s = 0; s < samples; s++) {
      const feeds = {};
      for (const x of inputs) {
        const per = x.data.length / samples;
        feeds[x.name] = new ort.Tensor(x.dtype, x.data.subarray(s * per, (s + 1) * per), [1, ...x.shape.slice(1)]);
      }
      const result = await session.run(feeds);
      outs.forEach((o) => o.parts.push(result[o.name]));
    }
    return outs.map(({ name, parts }) => {
      const { type, dims } = parts[0];
      const data = new DTYPE_ARRAY[type](parts.reduce((n, t) => n + t.data.length, 0));
      parts.reduce((at, t) => { data.set(t.data, at); return at + t.data.length; }, 0);
      return { name, dtype: type, dims: [samples * (dims[0] ?? 1), ...dims.slice(1)], data };
    });
  } finally {
    await session.release();
  }
}

// ORT's float16 model against the float32 model it was made from (BASE configuration, the same
// inputs): the bench's metric, worst output.
async function float16Precision(model, inputs, samples, base) {
  const float32Path = path.join(HERE, model.info.float32Model, 'model.onnx');
  const float32 = await runAll(float32Path, BASE, inputs, samples);
  let maxRelError = 0;
  base.forEach((o, k) => {
    const c = compareWithEnvelope(o.data, float32[k].data, null, null, samples, o.data.length / samples);
    maxRelError = Math.max(maxRelError, c.maxRelError);
  });
  return { float32Model: model.info.float32Model, maxRelError };
}

function stampOf(model) {
  const h = createHash('sha256');
  const float32 = model.info.float32Model ? [path.join(HERE, model.info.float32Model, 'model.onnx')] : [];
  for (const f of [fileURLToPath(import.meta.url), path.join(HERE, '../../web/harness/agreement.js'), model.onnxPath, model.infoPath, ...float32]) {
    h.update(fs.readFileSync(f));
  }
  h.update(PRODUCER);
  return h.digest('hex');
}

async function build(model, { force }) {
  const dir = path.join(model.dir, 'reference');
  const stampFile = path.join(dir, '.stamp');
  const stamp = stampOf(model);
  if (!force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return false;
  const tmp = `${dir}.tmp.${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const { info } = model;
  const samples = info.samples ?? 16;
  const inputs = info.inputs.map((spec, i) => ({ ...spec, ...randomInput(spec, samples, (info.seed ?? 11) * 1000 + i) }));
  const base = await runAll(model.onnxPath, BASE, inputs, samples);
  const variants = [];
  const floatInputs = inputs.some((x) => x.data instanceof Float32Array);
  for (const v of VARIANTS) {
    if (v.perturbSeed && !floatInputs) continue;  // token ids only: nothing to move
    const fed = v.perturbSeed ? inputs.map((x) => ({ ...x, data: perturbed(x.data, v.perturbSeed) })) : inputs;
    variants.push({ config: v.name, outputs: await runAll(model.onnxPath, v, fed, samples) });
  }

  // ORT against itself, output by output, with the bench's metric.
  const spread = variants.map(({ config, outputs }) => {
    let maxRelError = 0;
    let maxAbsError = 0;
    let beyond = 0;
    let values = 0;
    outputs.forEach((o, k) => {
      if (o.dtype !== 'float32') {
        const same = o.data.every((x, i) => x === base[k].data[i]);
        if (!same) { maxRelError = Infinity; beyond += 1; }
        return;
      }
      const n = o.data.length / samples;
      const c = compareWithEnvelope(o.data, base[k].data, null, null, samples, n);
      maxRelError = Math.max(maxRelError, c.maxRelError);
      maxAbsError = Math.max(maxAbsError, c.maxAbsError);
      beyond += c.beyond;
      values += o.data.length;
    });
    return { config, maxRelError, maxAbsError, valuesBeyondTolerance: beyond, values, bitIdentical: maxAbsError === 0 && beyond === 0 };
  });
  // A float16 model: ORT computes it in float16, wasmnn in float32 (float16 weights widened at
  // load), so neither is the other's reference. The tolerance becomes twice ORT's own float16
  // error against the float32 model it was made from, on the same inputs (both runtimes' errors
  // against the float32 model are at most ORT's, so they differ by at most twice that).
  const precision = info.float32Model ? await float16Precision(model, inputs, samples, base) : null;
  const relTolerance = precision ? Math.max(REL_TOLERANCE, 2 * precision.maxRelError) : REL_TOLERANCE;
  const widened = spread.some((s) => s.maxRelError > REL_TOLERANCE);
  // The same per output: a detector's continuous output may agree while its Equal(x, MaxPool(x))
  // output flips, so each output gets its own rule.
  const outputSpread = base.map((o, k) => variants.map(({ config, outputs }) => {
    if (o.dtype !== 'float32') {
      const differ = outputs[k].data.reduce((n, x, i) => n + (x !== o.data[i] ? 1 : 0), 0);
      return { config, maxRelError: differ ? Infinity : 0, valuesBeyondTolerance: differ };
    }
    const c = compareWithEnvelope(outputs[k].data, o.data, null, null, samples, o.data.length / samples);
    return { config, maxRelError: c.maxRelError, valuesBeyondTolerance: c.beyond };
  }));

  const manifest = {
    format: 'wasmnn-reference/1',
    model: `external/${model.name}`,
    onnx: '../model.onnx',
    onnxSha256: createHash('sha256').update(fs.readFileSync(model.onnxPath)).digest('hex'),
    producer: PRODUCER,
    dataset: `seeded random inputs (${info.inputs.map((i) => `${i.name}: ${JSON.stringify(i.random)}`).join('; ')})`,
    samples,
    sampleIndices: [...Array(samples).keys()],
    inputs: inputs.map((x, i) => {
      const file = `input_${i}_${fileSafe(x.name)}.npy`;
      writeNpy(path.join(tmp, file), x.dtype, x.shape, x.data);
      return { name: x.name, file, dtype: x.dtype, shape: x.shape };
    }),
    outputs: base.map((o, k) => {
      const file = `${fileSafe(o.name)}.npy`;
      writeNpy(path.join(tmp, file), o.dtype, o.dims, o.data);
      const entry = { name: o.name, file, dtype: o.dtype, shape: o.dims };
      const own = outputSpread[k];
      const outputWidened = own.some((x) => x.valuesBeyondTolerance > 0);
      // Where ORT flips values between its own configurations (a near-tie decided by the last
      // bit), another correct runtime flips near-ties too, but not necessarily the same ones:
      // values outside the envelope are allowed up to the most ORT itself had beyond the
      // tolerance in one configuration. Everything else must stay within the envelope.
      entry.agreement = { widened: outputWidened, allowedBeyond: Math.max(0, ...own.map((x) => x.valuesBeyondTolerance)), ortSpread: own };
      if (outputWidened && o.dtype === 'float32') {
        const low = Float32Array.from(o.data);
        const high = Float32Array.from(o.data);
        for (const v of variants) {
          const d = v.outputs[k].data;
          for (let i = 0; i < d.length; i++) { low[i] = Math.min(low[i], d[i]); high[i] = Math.max(high[i], d[i]); }
        }
        entry.envelope = { low: `${fileSafe(o.name)}.low.npy`, high: `${fileSafe(o.name)}.high.npy` };
        writeNpy(path.join(tmp, entry.envelope.low), 'float32', o.dims, low);
        writeNpy(path.join(tmp, entry.envelope.high), 'float32', o.dims, high);
      }
      return entry;
    }),
    runtime: { threads: 1, graphOptimizationLevel: 'all', executionProvider: 'cpu', batch: 1, arch: process.arch },
    graph: { opset: model.summary.opset, opTypes: model.summary.opTypes },
    agreement: {
      rule: widened ? 'ort-envelope' : precision ? 'float16' : 'bench',
      relTolerance,
      widened,
      ...(precision ? { float16: precision } : {}),
      description: precision
        ? `a float16 model: ORT computes it in float16, wasmnn in float32; ORT's own float16 error against ${info.float32Model} ` +
          `(the float32 model it was made from) is ${precision.maxRelError.toExponential(2)} of the range, so every value must be ` +
          `within twice that (${relTolerance.toExponential(2)}, at least the bench's ${REL_TOLERANCE}) of the sample's range`
        : widened
        ? `onnxruntime-node disagrees with itself by more than ${REL_TOLERANCE} of the range (${spread.filter((s) => s.maxRelError > REL_TOLERANCE).map((s) => s.config).join('; ')}): ` +
          `every value must lie within the smallest..largest value ORT produced there over its ${1 + VARIANTS.length} configurations, ` +
          `widened by ${REL_TOLERANCE} of the sample's range (outputs' .low.npy / .high.npy); ` +
          `outside it, at most as many values as ORT itself had beyond the tolerance in one configuration (outputs[].agreement.allowedBeyond)`
        : `every value within ${REL_TOLERANCE} of the sample's range (max |reference|) of the reference, the bench's rule; ` +
          `ORT agrees with itself within it`,
      ortSpread: spread,
    },
  };
  fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  fs.writeFileSync(path.join(tmp, '.stamp'), stamp);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return true;
}

const spreadText = (m) => {
  const a = m.agreement;
  const parts = a.ortSpread.map((s) => `${s.config.replace('optimizations ', 'opt ')}: ${s.bitIdentical ? 'identical' : s.maxRelError.toExponential(1)}` +
    `${s.valuesBeyondTolerance ? ` (${s.valuesBeyondTolerance} values beyond)` : ''}`);
  return `${parts.join('; ')}${a.widened ? ' -> WIDENED to ORT\'s envelope' : ''}`;
};

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const names = args.filter((a) => !a.startsWith('--'));
  const models = externalModels();
  const unknown = names.filter((n) => !models.some((m) => m.name === n));
  if (unknown.length) {
    console.error(`build-references: no model ${unknown.join(', ')} in models/external (found: ${models.map((m) => m.name).join(', ')})`);
    process.exit(2);
  }
  const broken = models.filter((m) => m.error);
  for (const m of broken) console.error(`build-references: ${m.name}: ${m.error}`);
  let built = 0;
  for (const model of models.filter((m) => !m.error && (!names.length || names.includes(m.name)))) {
    const t0 = Date.now();
    if (!args.includes('--table-only') && await build(model, { force })) {
      built++;
      console.error(`built ${model.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  console.log('| model | source | size | ops (count) | opset | ORT\'s own spread (max rel error vs opt all, 1 thread) |');
  console.log('|---|---|---:|---|---:|---|');
  for (const model of models.filter((m) => !m.error)) {
    const manifestPath = path.join(model.dir, 'reference', 'manifest.json');
    const m = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : null;
    const s = model.summary;
    console.log(`| ${model.name} | ${model.info.package ?? (/_(fp16|qdq)$/.test(model.name) ? 'variants.py' : 'export.py')} | ${(s.onnxBytes / 1024).toFixed(0)} kB | ` +
      `${Object.entries(s.opTypes).map(([op, n]) => `${op} ${n}`).join(', ')} | ${s.opset} | ${m ? spreadText(m) : 'not built'} |`);
  }
  console.error(`build-references: ${built} built, ${models.length - broken.length - built} up to date, ${broken.length} broken`);
  if (broken.length) process.exit(1);
}

main().catch((e) => {
  console.error(`build-references: ${e.stack ?? e.message}`);
  process.exit(1);
});
