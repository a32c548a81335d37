// The one ONNX reader/writer (web/harness/onnx/, protobufjs with ONNX's schema), in Node: the
// zoo's models parse, intermediate values added as graph outputs survive a re-serialization
// byte-exact elsewhere, tensors round-trip, and bytes that are not ONNX get a clear error.
// Pure Node logic (runs in the chromium project only).
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { REPO_ROOT } from './server.mjs';
import { OnnxFormatError, decodeTensor, encodeTensor, graphValues, parseOnnx, singleNodeModel, withGraphOutputs } from '../web/harness/onnx/model.js';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

const read = (m) => new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'models', m, 'model.onnx')));

test('ResNet-20: graph, attributes, initializers, values in node order', () => {
  const m = parseOnnx(read('resnet20'));
  expect(m.opsets['']).toBe(13);
  expect(m.graph.inputs).toEqual([{ name: 'input', type: 'float32', dims: ['N', 1, 28, 28] }]);
  const shortcut = m.graph.nodes.find((n) => n.name === '/blocks/blocks.3/shortcut/shortcut.0/Conv');
  expect(shortcut.attrs).toMatchObject({ kernel_shape: [1, 1], strides: [2, 2], pads: [0, 0, 0, 0] });
  expect(m.graph.initializers.get(shortcut.inputs[1]).dims).toEqual([32, 16, 1, 1]);
  const values = graphValues(m.graph);
  expect(values).toHaveLength(52);
  expect(values[0]).toEqual({ name: '/conv/Conv_output_0', node: '/conv/Conv', op: 'Conv' });
});

test('intermediate values as graph outputs: added once, the rest of the model unchanged', () => {
  const bytes = read('textcnn');
  const before = parseOnnx(bytes);
  const names = graphValues(before.graph).map((v) => v.name);
  const after = parseOnnx(withGraphOutputs(bytes, [...names, names[0]]));
  expect(after.graph.outputs.map((o) => o.name)).toEqual([...before.graph.outputs.map((o) => o.name), ...names.filter((n) => n !== 'logits')]);
  expect(after.graph.nodes).toEqual(before.graph.nodes);
  for (const [name, t] of before.graph.initializers) expect(Buffer.compare(Buffer.from(after.graph.initializers.get(name).data.buffer), Buffer.from(t.data.buffer)), name).toBe(0);
  expect(() => withGraphOutputs(bytes, ['nope'])).toThrow("onnx: no node computes 'nope'");
});

test('tensors round-trip (int64 exactly), one-node models build, garbage is refused by name', () => {
  const ids = BigInt64Array.from([0n, -1n, 9223372036854775807n]);
  expect(decodeTensor(encodeTensor({ name: 'ids', type: 'int64', dims: [1, 3], data: ids }))).toEqual({ name: 'ids', type: 'int64', dims: [1, 3], data: ids });
  const conv = parseOnnx(singleNodeModel({ opType: 'Conv', attrs: { kernel_shape: [1, 1], strides: [2, 2] }, inputs: [{ name: 'x', type: 'float32', dims: [1, 1, 4, 4] }],
    initializers: [{ name: 'w', type: 'float32', dims: [1, 1, 1, 1], data: Float32Array.of(1) }], outputs: [{ name: 'y', type: 'float32', dims: null }] }));
  expect(conv.graph.nodes[0]).toMatchObject({ opType: 'Conv', inputs: ['x', 'w'], attrs: { kernel_shape: [1, 1], strides: [2, 2] } });
  expect(() => parseOnnx(new TextEncoder().encode('not a model at all'), 'notes.txt')).toThrow(OnnxFormatError);
  expect(() => parseOnnx(new TextEncoder().encode('not a model at all'), 'notes.txt')).toThrow(/^notes.txt: /);
});
