// Taps in every engine: run(feeds, fetches, { taps }) returns intermediate values by ONNX value
// name, bit for bit what the same values give as graph outputs of an edited model (LeNet-5,
// ResNet-20, and TextCNN with its int64 ids), without changing the outputs; the plan grows only
// while taps are on; fetches select outputs (names, null, or a tensor to fill). The mistakes
// (unknown or merged-away names, bad fetches and options) are in api-errors.spec.mjs.
import { test, expect } from './fixtures.mjs';

test('taps return every value bit for bit, fetches select the outputs', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.tapChecks', {});

  // The default session merges each Relu into its conv/dense layer: their inputs are not values.
  expect(r.defaultValueNames).toEqual(['input', '/Relu_output_0', '/MaxPool_output_0', '/Relu_1_output_0',
    '/MaxPool_1_output_0', '/Flatten_output_0', '/Relu_2_output_0', '/Relu_3_output_0', 'logits']);
  expect(r.keysAll).toEqual(['logits', ...r.defaultValueNames.filter((n) => n !== 'logits')]);
  expect(r.logitsSameWithTaps).toBe(true);
  expect(r.logitsSameAfter).toBe(true);
  expect(r.pool).toEqual({ dims: [1, 6, 14, 14], type: 'float32' });
  // LeNet-5's peak is at its first conv, so keeping its values costs nothing; ResNet-20's (below) grows.
  expect(r.arena.all).toBeGreaterThanOrEqual(r.arena.without);
  expect(r.arena.after).toBe(r.arena.without);
  expect(r.fetchArray).toEqual(['logits']);
  expect(r.fetchNull).toEqual(['logits']);
  expect(r.preallocated).toEqual({ same: true, equal: true });
  expect(r.onlyTap).toEqual(['/MaxPool_output_0']);
  expect(r.ortRunOptions).toEqual(['logits']);

  // graphOptimizationLevel 'disabled': every value of the file, equal to the edited model's.
  for (const [model, values, types] of [['lenet5', 13, { input: 'Float32Array' }], ['resnet20', 53, { input: 'Float32Array' }],
    ['textcnn', 14, { ids: 'BigInt64Array' }]]) {
    const m = r[model];
    expect(m.valueNames, model).toHaveLength(values);
    expect(m.returned.sort(), model).toEqual([...m.valueNames].sort());
    expect(m.differ, model).toEqual([]);
    expect(m.inputsBack, model).toEqual(Object.keys(types));
    for (const [name, type] of Object.entries(types)) expect(m.types[name], `${model} ${name}`).toBe(type);
  }
  expect(r.lenet5.valueNames).toContain('/conv1/Conv_output_0');
  expect(r.resnet20.arena.all).toBeGreaterThan(r.resnet20.arena.without);
});
