// The workbench page (web/workbench.html) in every engine, driven the way a person uses it: pick
// a zoo model and press the button; choose files from this disk in the file input (ResNet-20's
// .onnx, its committed per-layer reference set and the input file its manifest names) and press
// the other. Both show the first divergence (none for wasmnn), the layer table (ResNet-20's 52
// values, each timed or saying where its time went), the error-against-depth plot and the time
// summary. A set missing a file it names is refused with a message naming the file.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';

const SET = path.join(REPO_ROOT, 'models/resnet20/reference/ort');
const MODEL_FILE = path.join(REPO_ROOT, 'models/resnet20/model.onnx');
const INPUT_FILE = path.join(REPO_ROOT, 'models/lenet5/reference/input.npy'); // the manifest's input
const layerFiles = () => fs.readdirSync(path.join(SET, 'layers')).map((f) => path.join(SET, 'layers', f));

async function openPage(engine, server) {
  await engine.goto(`${server.url}/web/workbench.html`);
  await expect.poll(() => engine.text('#status')).toMatch(/^ready/);
}

async function finished(engine) {
  await expect.poll(() => engine.text('#status'), { timeout: 90_000 }).toMatch(/^(done|failed)/);
  return engine.text('#status');
}

async function expectResNet20View(engine, label) {
  expect(await engine.text('#verdict')).toMatch(new RegExp(`^${label.replace('.', '\\.')} in wasmnn \\S+: first divergence: none$`));
  expect(await engine.text('#summary')).toMatch(/^52 of 52 values compared on samples 0, 1 against onnxruntime-node 1\.30\.0 /);
  expect(await engine.count('#result table.layers tbody tr')).toBe(52);
  expect(await engine.count('#result tr.first')).toBe(0);
  expect(await engine.count('#plot svg polyline')).toBe(1);
  // 21 convs and the Gemm have their own time; 19 Relus were merged into a conv at load.
  expect(await engine.count('#result td.ms span.bar')).toBeGreaterThanOrEqual(22);
  expect(await engine.text('#result table.layers tbody tr:nth-child(2) td.ms')).toBe('in /conv/Conv (merged into it at load)');
  expect(await engine.text('#time')).toMatch(/^Time per run [\d.]+ ms \(wasmnn startProfiling\/endProfiling, 20 runs\); slowest: \S+ \(Conv\) /);
}

test('a zoo model: ResNet-20 in wasmnn, every layer, no divergence', async ({ engine, server }) => {
  await openPage(engine, server);
  await engine.select('#zoo-model', 'resnet20');
  await engine.click('#run-zoo');
  expect(await finished(engine)).toBe('done: resnet20: 52 values, no divergence');
  await expectResNet20View(engine, 'resnet20');
});

test('files from disk: the .onnx and its reference set through the file input', async ({ engine, server }) => {
  await openPage(engine, server);
  const files = [MODEL_FILE, path.join(SET, 'manifest.json'), ...layerFiles(), INPUT_FILE];
  await engine.setFiles('#files', files);
  expect(await engine.text('#files-note')).toBe(`${files.length} file(s): 1 .onnx, 1 .json, ${files.length - 2} .npy`);
  await engine.click('#run-files');
  expect(await finished(engine)).toBe('done: model.onnx: 52 values, no divergence');
  await expectResNet20View(engine, 'model.onnx');
  expect(await engine.count('#result .warning')).toBe(0); // the set was made from this very file
});

test('files from disk without the input the manifest names: refused, naming it', async ({ engine, server }) => {
  await openPage(engine, server);
  await engine.setFiles('#files', [MODEL_FILE, path.join(SET, 'manifest.json'), ...layerFiles()]);
  await engine.click('#run-files');
  expect(await finished(engine)).toBe("failed: manifest.json names '../../../lenet5/reference/input.npy', which is not among the " +
    'chosen files: choose the manifest.json together with every .npy file it names (its inputs and layers/*.npy), or drop the whole folder');
  expect(await engine.count('#result table')).toBe(0);
});
