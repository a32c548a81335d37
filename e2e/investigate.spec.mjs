// The investigator's workbench in every engine, on the zoo's ResNet-20 and its committed PC
// per-layer reference (sample 0): TF.js 0.14.2's Keras-style model is flagged, with the first
// diverging layer the first 1x1 stride-2 shortcut (its 'same' padding bug), shrunk to a 2x2 input
// whose standalone repro page still disagrees, and wasmnn, ORT-Web and TF.js 4.22 show no
// divergence; each layer carries its time from the runtime's own profiler (none in TF.js 0.14).
// The first-divergence rule itself is tested on synthetic layers in investigate-compare.spec.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';
import { parseOnnx } from '../web/harness/onnx/model.js';
import { minimalRepro } from './investigate/minimal-repro.mjs';

const MODEL = 'resnet20';
const LAYERS = '/models/resnet20/reference/ort/manifest.json';

// The first Conv with a 1x1 kernel and stride 2 in graph order: the first projection shortcut.
function firstStrided1x1Conv() {
  const graph = parseOnnx(new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'models', MODEL, 'model.onnx')))).graph;
  return graph.nodes.find((n) => n.opType === 'Conv' && n.attrs.kernel_shape?.join() === '1,1' && n.attrs.strides?.join() === '2,2');
}

const layersOf = (engine, server, runtime) => engine.goto(`${server.url}/web/bench.html`)
  .then(() => engine.call('benchHarness.investigate.layers', { model: MODEL, runtime, layersManifest: LAYERS, rows: [0] }));

test('TF.js 0.14.2 ResNet-20: first divergence at the first 1x1 stride-2 shortcut', async ({ engine, server }) => {
  const shortcut = firstStrided1x1Conv();
  expect(shortcut?.name).toBe('/blocks/blocks.3/shortcut/shortcut.0/Conv');
  const r = await layersOf(engine, server, 'tfjs-0.14');
  expect(r.info.runtimeVersion).toBe('0.14.2');
  expect(r.firstDivergence, JSON.stringify(r.layers.map((l) => [l.name, l.maxRelError]))).toMatchObject({ node: shortcut.name, op: 'Conv', value: shortcut.outputs[0] });
  expect(r.firstDivergence.maxAbsError).toBeGreaterThan(0.1);
  // Every layer before it agrees with the PC to float noise.
  const at = r.layers.findIndex((l) => l.name === shortcut.outputs[0]);
  for (const l of r.layers.slice(0, at)) expect(l.maxRelError, l.name).toBeLessThan(1e-4);
  // TF.js 0.14 has no kernel timer outside its debug mode: the report says so.
  expect(r.time).toEqual({ available: false, note: expect.stringMatching(/^TF\.js 0\.14\.2 times kernels only in its debug mode/) });
  expect(r.layers.every((l) => l.ms === null)).toBe(true);
});

test('TF.js 0.14.2: the shortcut shrinks to a 1x1 stride-2 conv on a 2x2 input, and its repro page disagrees', async ({ engine, server }, testInfo) => {
  const shortcut = firstStrided1x1Conv();
  const outDir = path.join(REPO_ROOT, 'test-results', `investigate-repro-${testInfo.project.name}`);
  await engine.goto(`${server.url}/web/bench.html`);
  const { steps, repro } = await minimalRepro({ engine, runtime: 'tfjs-0.14', model: MODEL, divergence: { node: shortcut.name },
    layersManifest: path.join(REPO_ROOT, LAYERS), outDir, base: 'resnet20-tfjs-0.14' });
  expect(steps.map((s) => [s.inputDims.join('x'), s.disagrees])).toEqual([['1x16x28x28', true], ['1x1x28x28', true], ['1x1x1x1', false], ['1x1x2x2', true], ['1x1x4x4', true]]);
  expect(steps[4]).toMatchObject({ expected: [0, 2, 8, 10], got: [5, 7, 13, 15] });
  expect(repro).toMatchObject({ inputDims: [1, 1, 2, 2], expected: [0], got: [3], attrs: { kernel_shape: [1, 1], strides: [2, 2] } });
  await engine.goto(`${server.url}/${repro.page}`);
  expect(await engine.call('reproHarness.result')).toEqual({ disagrees: true, got: [3], expected: [0] });
});

// Each layer's time beside its errors: every Conv and Gemm layer has its node's ms; a Relu the
// runtime merged into the layer before it has none of its own, and says where it went.
function expectLayerTimes(r, mergedNote) {
  expect(r.time.available, JSON.stringify(r.time)).toBe(true);
  expect(r.time.totalMs).toBeGreaterThan(0);
  // Each has a time of its own (the 64x10 Gemm can be under the timer's tick: 0 is a time too).
  const own = r.layers.filter((x) => x.op === 'Conv' || x.op === 'Gemm');
  for (const l of own) expect(l.ms, l.name).toBeGreaterThanOrEqual(0);
  expect(own.reduce((a, l) => a + l.ms, 0)).toBeGreaterThan(0);
  const relus = r.layers.filter((l) => l.op === 'Relu' && l.ms === null);
  expect(relus.length).toBeGreaterThan(0);
  for (const l of relus) expect(l.timeNote, l.name).toMatch(mergedNote);
}

test('wasmnn ResNet-20: every layer agrees with the PC, no divergence; each layer timed', async ({ engine, server }) => {
  const r = await layersOf(engine, server, 'wasmnn');
  expect(r.layers).toHaveLength(52);
  expect(r.layers.every((l) => l.maxRelError !== undefined), JSON.stringify(r.layers.filter((l) => l.status))).toBe(true);
  expect(r.firstDivergence).toBeNull();
  expect(Math.max(...r.layers.map((l) => l.maxRelError))).toBeLessThan(1e-5);
  expect(r.time.source).toBe('wasmnn startProfiling/endProfiling');
  expectLayerTimes(r, /^in \/.*Conv \(merged into it at load\)$/);
  // The Relu after the first conv was merged into it: the conv's own row carries the time.
  expect(r.layers[1]).toMatchObject({ name: '/relu/Relu_output_0', ms: null, timeNote: 'in /conv/Conv (merged into it at load)' });
});

for (const [runtime, source, mergedNote] of [
  ['ort-wasm', /^ORT-Web enableProfiling/, /^no kernel of its own in ORT-Web/],
  ['tfjs-wasm', /^TF\.js tf\.profile .*wasm backend/, /^in \/.*Conv \(merged into it at load\)$/],
]) {
  test(`${runtime} ResNet-20: no divergence; each layer timed by its own profiler`, async ({ engine, server }) => {
    const r = await layersOf(engine, server, runtime);
    expect(r.firstDivergence).toBeNull();
    expect(r.time.source).toMatch(source);
    expectLayerTimes(r, mergedNote);
  });
}
