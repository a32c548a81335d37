// The same page code (web/harness/ort-parity.js) against ONNX Runtime Web 1.30 and wasmnn, on
// LeNet-5: the same names, metadata and output shapes, outputs within the bench's agreement rule
// (every value within 1e-3 x the image's largest |logit|), and release() a Promise in both.
import { test, expect } from './fixtures.mjs';

test('the same page code gives the same answers in ONNX Runtime Web and wasmnn (LeNet-5)', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const { 'ort-web': ort, wasmnn } = await engine.call('wasmnnHarness.ortParity', {});
  for (const field of ['inputNames', 'outputNames', 'inputMetadata', 'outputMetadata', 'releaseIsPromise']) {
    expect(wasmnn[field], field).toEqual(ort[field]);
  }
  expect(wasmnn.releaseIsPromise).toBe(true);
  expect(wasmnn.outputs.length).toBe(ort.outputs.length);
  wasmnn.outputs.forEach((w, k) => {
    const o = ort.outputs[k];
    expect({ type: w.type, dims: w.dims }).toEqual({ type: o.type, dims: o.dims });
    const range = Math.max(...o.data.map(Math.abs));
    const worst = Math.max(...w.data.map((v, i) => Math.abs(v - o.data[i])));
    expect(worst, `image ${k}: max |wasmnn - ORT| vs 1e-3 x ${range}`).toBeLessThanOrEqual(1e-3 * range);
  });
});
