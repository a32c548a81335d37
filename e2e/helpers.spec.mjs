// The pre/post-processing helpers (web/helpers.js) on real browser objects, in every engine:
// imageToTensor gives the same numbers from ImageData, a canvas, an <img>, an ImageBitmap and a
// VideoFrame (where the engine has one), checked against arithmetic done here; its resize is the
// same in every engine; softmax/topK on LeNet-5's output; WordTokenizer gives the ids the text
// models were trained with (models/common/text.py, run here with Debian's python3).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';

const TEXTS = [
  'A fast, free IRC client for GNOME',
  'Library for reading and writing PNG images (development files)',
  'zzyzx quux 1234 Ünïcode words-with-dashes',
  '',
];

// What the training code makes of TEXTS: the reference for the tokenizer.
function pythonIds() {
  const script = 'import json, sys\nfrom common.text import tokenize, encode\n' +
    "vocab = open('data/debian-descriptions/vocab.txt').read().split('\\n')\n" +
    'index = {t: i for i, t in enumerate(vocab) if t}\n' +
    'print(json.dumps([encode(tokenize(t), index) for t in json.loads(sys.argv[1])]))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(TEXTS)], { cwd: path.join(REPO_ROOT, 'models'), encoding: 'utf8' }));
}

test('helpers: image -> tensor from every image source, softmax/topK, the text models\' tokenizer', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.helperChecks', TEXTS);
  const p = r.pixels;
  const n = 8;  // 4 x 2 pixels
  const f = Math.fround;
  const nchw = [0, 1, 2].flatMap((k) => Array.from({ length: n }, (_, i) => f(p[i * 4 + k] * (1 / 255))));
  const mean = [1, 2, 3];
  const std = [2, 4, 8];
  const nhwc = Array.from({ length: n }, (_, i) => [2, 1, 0].map((c, k) => f((p[i * 4 + c] - mean[k]) / std[k]))).flat();
  const gray = Array.from({ length: n }, (_, i) => f(0.299 * p[i * 4] + 0.587 * p[i * 4 + 1] + 0.114 * p[i * 4 + 2]));
  // 4 x 2 -> 2 x 1, half-pixel centres: each output is the mean of a 2 x 2 block.
  const px = (x, y, k) => p[(y * 4 + x) * 4 + k];
  const resized = [0, 1, 2].flatMap((k) => [0, 2].map((x) => (px(x, 0, k) + px(x + 1, 0, k) + px(x, 1, k) + px(x + 1, 1, k)) / 4));
  const names = Object.keys(r.sources);
  expect(names).toEqual(expect.arrayContaining(['imageData', 'canvas', 'img', 'bitmap']));
  for (const name of names) {
    const s = r.sources[name];
    expect(s.nchw, name).toEqual({ dims: [1, 3, 2, 4], data: nchw });
    expect(s.nhwc, name).toEqual({ dims: [1, 2, 4, 3], data: nhwc });
    expect(s.gray, name).toEqual({ dims: [1, 1, 2, 4], data: gray });
    expect(s.resized, name).toEqual({ dims: [1, 3, 1, 2], data: resized });
  }
  expect(r.errors.notAnImage.message).toBe('wasmnn: imageToTensor takes an ImageData, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, ImageBitmap, HTMLVideoElement or VideoFrame; got a String');
  expect(r.errors.unloaded.message).toBe('wasmnn: imageToTensor: the image has not loaded (or failed to): await img.decode() before converting it');
  expect(r.errors.badLayout.message).toBe('wasmnn: imageToTensor layout must be \'NCHW\' or \'NHWC\', got "CHW"');
  expect(r.errors.badMean.message).toBe('wasmnn: imageToTensor mean must be a number or 3 numbers (one per channel), got [0.5,0.5]');

  // softmax: sums to 1, keeps the order of the logits; topK: largest first, with labels.
  expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  const order = (xs) => xs.map((x, i) => [x, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);
  expect(order(r.probabilities)).toEqual(order(r.logits));
  const labels = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  expect(r.top3).toEqual(order(r.logits).slice(0, 3).map((i) => ({ index: i, label: labels[i], score: r.logits[i] })));
  expect(r.top2Plain).toEqual([{ index: 1, score: 0.7 }, { index: 2, score: 0.7 }]);

  expect(r.vocabSize).toBe(5000);
  expect(r.ids).toEqual(pythonIds());
  expect(r.idsTensor).toEqual({ type: 'int64', dims: [TEXTS.length, 64] });
});
