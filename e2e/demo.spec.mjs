// The demo page (web/demo/, ./bench --serve) as a person uses it, in every engine: the zoo's
// LeNet-5 on a test-set image and on an uploaded PNG, a text model on a sentence, a dropped .onnx
// file of our own, a file that is no model; each shows the top 5, the latency beside ONNX Runtime
// Web's, the memory, the per-operator profile and the runtime's download size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SECTIONS = ['admin', 'devel', 'fonts', 'games', 'graphics', 'net', 'science', 'sound', 'text', 'utils'];

// A 28x28 grey PNG (a white vertical bar, trousers-like), written byte by byte.
function barPng(file) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(28, 0);
  header.writeUInt32BE(28, 4);
  header[8] = 8;  // bit depth
  header[9] = 0;  // greyscale
  const rows = Buffer.alloc(28 * 29);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) rows[y * 29 + 1 + x] = x >= 9 && x < 19 && y >= 2 && y < 26 ? 255 : 0;
  fs.writeFileSync(file, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
}

function checkShown(r, labels) {
  expect(r.error).toBeNull();
  expect(r.last.top5).toHaveLength(5);
  for (const t of r.last.top5) expect(labels).toContain(t.label);
  const scores = r.last.top5.map((t) => t.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  expect(r.last.wasmnnMs).toBeGreaterThan(0);
  expect(r.last.heapBytes).toBeGreaterThan(0);
  expect(r.last.profile.length).toBeGreaterThan(0);
  expect(r.last.ort.error).toBeUndefined();
  expect(r.last.ort.sameTop1).toBe(true);
  expect(r.last.ort.maxAbsDiff).toBeLessThan(1e-3);
}

test('demo page: zoo image and text models, an uploaded image, a dropped model, a file that is no model', async ({ engine, server }) => {
  test.setTimeout(240_000);
  await engine.goto(`${server.url}/web/demo/`);
  expect((await engine.call('demo.idle')).error).toBeNull();
  // The download size in the header: gzip, and the files it counts.
  expect(await engine.text('#runtime')).toMatch(/^wasmnn \d+\.\d+\.\d+; this page downloaded \d+\.\d KiB of it gzip-compressed \(\d+\.\d KiB raw: .*wasmnn-core\.wasm.*\)\.$/);

  await engine.click('#sample');
  let r = await engine.call('demo.idle');
  checkShown(r, FASHION);
  expect(r.model).toBe('lenet5');
  expect(await engine.count('#top5 tr')).toBe(5);
  expect(await engine.count('#profile tr')).toBeGreaterThan(2);
  expect(await engine.text('#numbers')).toMatch(/ONNX Runtime Web 1\.\d+\.\d+, median of 20 runs/);
  expect(await engine.text('#truth')).toMatch(/^test image #0: /);

  const png = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wasmnn-demo-')), 'bar.png');
  barPng(png);
  await engine.setFiles('#image-file', [png]);
  r = await engine.call('demo.idle');
  checkShown(r, FASHION);
  expect(await engine.text('#truth')).toBe('bar.png (28x28), as 28x28 grey');

  await engine.select('#model', 'textcnn');
  await engine.call('demo.idle');
  await engine.click('#sample-text');
  r = await engine.call('demo.idle');
  expect(r.model).toBe('textcnn');
  checkShown(r, SECTIONS);

  // A model file of one's own: LeNet-1 through the file input, run on generated values.
  await engine.setFiles('#model-file', [path.join(REPO_ROOT, 'models/lenet1/model.onnx')]);
  await engine.call('demo.idle');
  await engine.click('#run');
  r = await engine.call('demo.idle');
  expect(r.model).toBe('model.onnx');
  expect(r.last.outputDims).toEqual([1, 10]);
  expect(r.last.ort.sameTop1).toBe(true);

  await engine.setFiles('#model-file', [path.join(REPO_ROOT, 'README.md')]);
  r = await engine.call('demo.idle');
  expect(r.error).toMatch(/^wasmnn: cannot load the model: this is a text file \(it starts with "# wasmnn"\), not an \.onnx file: check the URL or file$/);
  expect(await engine.text('#status')).toBe(r.error);
  expect(await engine.consoleErrors()).toEqual([]);
});
