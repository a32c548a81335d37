// The logic of e2e/external.spec.mjs without a browser: the agreement rule
// (web/harness/agreement.js), the run-and-judge loop the page uses (web/harness/external-run.js)
// driven here by onnxruntime-node instead of wasmnn, and the verdict (refused / pass / fail).
// Needs the references (node models/external/build-references.mjs). Pure Node: chromium project only.
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { test, expect } from '@playwright/test';
import { compareWithEnvelope } from '../web/harness/agreement.js';
import { judgeExternal } from '../web/harness/external-run.js';
import { parseNpy } from '../web/harness/npy.js';
import { externalVerdict } from './external-verdict.mjs';
import { perturbed } from '../models/external/inputs.mjs';
import { REPO_ROOT } from './server.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

const DIR = path.join(REPO_ROOT, 'models', 'external');

// judgeExternal over onnxruntime-node; `edit(name, data)` may change an output before judging;
// `perturbSeed` feeds ORT the inputs moved as build-references.mjs moves them for that seed.
async function judgeWithOrt(model, { graphOptimizationLevel = 'all', manifestEdit = (m) => m, edit = () => {}, fail = null, perturbSeed = 0 } = {}) {
  const dir = path.join(DIR, model, 'reference');
  const manifest = manifestEdit(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const inputFiles = new Set(manifest.inputs.map((x) => x.file));
  const read = async (file) => {
    const b = fs.readFileSync(path.join(dir, file));
    const npy = parseNpy(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return perturbSeed && inputFiles.has(file) ? { ...npy, data: perturbed(npy.data, perturbSeed) } : npy;
  };
  const create = async () => {
    if (fail) throw new Error(fail);
    const s = await ort.InferenceSession.create(path.join(dir, manifest.onnx), { graphOptimizationLevel, intraOpNumThreads: 1, logSeverityLevel: 3 });
    return {
      async run(feeds) {
        const out = await s.run(feeds);
        for (const [name, t] of Object.entries(out)) edit(name, t.data);
        return out;
      },
      release: () => s.release(),
    };
  };
  return judgeExternal({ model, manifest, read, create, makeTensor: (type, data, dims) => new ort.Tensor(type, data, dims) });
}

test('the rule: the bench\'s within the tolerance of the range, and ORT\'s envelope where it is widened', () => {
  const ref = Float32Array.of(10, -5, 0, 1);
  const near = Float32Array.of(10.005, -5, 0, 1); // 5e-4 of the range 10
  const far = Float32Array.of(10, -5, 0.02, 1); // 2e-3 of the range
  expect(compareWithEnvelope(near, ref, null, null, 1, 4).beyond).toBe(0);
  const c = compareWithEnvelope(far, ref, null, null, 1, 4);
  expect(c.beyond).toBe(1);
  expect(c.worst).toMatchObject({ sample: 0, index: 2 });
  // ORT itself gave 0 or 1 at index 2 (a flipped Equal): inside its envelope, but only there.
  const low = Float32Array.of(10, -5, 0, 1);
  const high = Float32Array.of(10, -5, 1, 1);
  expect(compareWithEnvelope(Float32Array.of(10, -5, 1, 1), ref, low, high, 1, 4).beyond).toBe(0);
  expect(compareWithEnvelope(Float32Array.of(10, -5, 0, 0), ref, low, high, 1, 4).beyond).toBe(1);
  // Per sample: a large sample's range does not excuse a small sample's error.
  expect(compareWithEnvelope(Float32Array.of(100, 0, 0.01, 1), Float32Array.of(100, 0, 0, 1), null, null, 2, 2).beyond).toBe(1);
  expect(compareWithEnvelope(Float32Array.of(NaN), Float32Array.of(1), null, null, 1, 1).beyond).toBe(1);
});

test('onnxruntime-node\'s reference configuration passes its own rule (an image model, token ids, fp16, a two-output detector)', async () => {
  test.setTimeout(300_000);
  for (const model of ['resnet18', 'bert_classifier_opset17', 'mobilenet_v2_fp16', 'mlsd_tiny']) {
    const v = externalVerdict(await judgeWithOrt(model));
    expect(v.status, `${model}: ${v.lines?.join('; ')}`).toBe('pass');
  }
});

// Which of ORT's input-perturbed runs flipped the most of mlsd_tiny's scores (on every CPU some
// do: its Equal(x, MaxPool(x)) has near-ties that 2 ulps decide).
function mostFlippedSeed() {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'mlsd_tiny', 'reference', 'manifest.json'), 'utf8'));
  const runs = manifest.outputs.find((o) => o.name === 'scores').agreement.ortSpread
    .map((s) => ({ beyond: s.valuesBeyondTolerance, seed: Number(/seed (\d+)$/.exec(s.config)?.[1] ?? 0) }))
    .filter((r) => r.seed);
  return runs.sort((a, b) => b.beyond - a.beyond)[0];
}

test('mlsd_tiny: ORT on inputs moved by 2 ulps leaves the bench\'s rule, stays in ORT\'s envelope, and the verdict says so', async () => {
  test.setTimeout(120_000);
  const { seed, beyond } = mostFlippedSeed();
  expect(beyond).toBeGreaterThan(0);
  const widened = externalVerdict(await judgeWithOrt('mlsd_tiny', { perturbSeed: seed }));
  expect(widened.status, widened.lines.join('; ')).toBe('pass');
  expect(widened.rule).toMatch(new RegExp(`ORT disagrees with itself \\(.*inputs x \\(1 ± 2\\^-22\\), seed ${seed}: .*\\): judged against ORT's envelope`));
  // The same outputs under the plain bench rule (envelope dropped) fail: the widening is needed.
  const plain = externalVerdict(await judgeWithOrt('mlsd_tiny', { perturbSeed: seed, manifestEdit: (m) => ({
    ...m, agreement: { ...m.agreement, widened: false }, outputs: m.outputs.map(({ envelope, agreement, ...o }) => o) }) }));
  expect(plain.status).toBe('fail');
  expect(plain.lines.join('\n')).toMatch(/values beyond 0\.001 of the range \(the bench's rule\)/);
});

test('mlsd_tiny: outside ORT\'s envelope, as many flipped values as ORT flipped itself pass, one more fails', async () => {
  test.setTimeout(120_000);
  const flip = (count) => (name, data) => {
    if (name !== 'scores') return;
    let flipped = 0;
    for (let i = 0; i < data.length && flipped < count; i += 997) if (data[i] === 0) { data[i] = 0.5; flipped++; }
  };
  const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'mlsd_tiny', 'reference', 'manifest.json'), 'utf8'));
  const allowed = manifest.outputs.find((o) => o.name === 'scores').agreement.allowedBeyond;
  expect(allowed).toBeGreaterThan(0);
  // Each sample gets `count` flips: the allowance counts over all samples, so flip in one sample only.
  let sample = 0;
  const once = (count) => (name, data) => { if (name === 'scores' && sample++ === 0) flip(count)(name, data); };
  expect(externalVerdict(await judgeWithOrt('mlsd_tiny', { edit: once(allowed) })).status).toBe('pass');
  sample = 0;
  const over = externalVerdict(await judgeWithOrt('mlsd_tiny', { edit: once(allowed + 1) }));
  expect(over.status).toBe('fail');
  expect(over.lines.join('\n')).toMatch(new RegExp(`scores: .* ${allowed + 1} values beyond ORT's own envelope \\+ 0\\.001 of the range`));
});

test('a wrong value fails, named; a refusal is listed as refused, not passed', async () => {
  // One value of every sample (8) moved by 5 % of its range.
  const wrong = externalVerdict(await judgeWithOrt('resnet18', { edit: (name, data) => { data[3] += 0.05 * Math.max(...data.map(Math.abs)); } }));
  expect(wrong.status).toBe('fail');
  expect(wrong.lines[0]).toMatch(/logits: max rel error 5\.00e-2 vs the reference; 8 values beyond 0\.001 of the range \(the bench's rule\) \(worst: sample \d+ index 3/);
  const refused = externalVerdict(await judgeWithOrt('resnet18', { fail: 'wasmnn does not support yet (opset 13): LayerNormalization (node /n).\nmore' }));
  expect(refused).toEqual({ status: 'refused', reason: 'refused: wasmnn does not support yet (opset 13): LayerNormalization (node /n).' });
});
