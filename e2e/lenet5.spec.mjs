// LeNet-5 on Fashion-MNIST in the browser agrees with the PC reference outputs (the foundation
// slice; e2e/zoo.spec.mjs covers every model and reference set).
import { test, expect } from './fixtures.mjs';

test('lenet5 matches the reference', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.runReference', { model: 'lenet5' });
  expect(r.samples).toBeGreaterThanOrEqual(100);
  expect(r.maxAbsError).toBeLessThanOrEqual(1e-4);
  expect(r.top1Agreement, `mismatches: ${JSON.stringify(r.mismatches?.slice(0, 5))}`).toBe(1);
  expect(await engine.consoleErrors()).toEqual([]);
});
