// Winograd F(2x2, 3x3) convolutions (the default): ResNet-20's 3x3 convs run them. Their outputs
// match the PC like the direct sum's, with their own bits, which the scalar reference kernels
// reproduce exactly; the session option winograd: false runs the direct sum.
import { test, expect } from './fixtures.mjs';

const MAX_REL_ERROR = 1e-4;  // zoo.spec's rule

test('resnet20: Winograd and the direct sum both match the PC, with different bits; scalar kernels give Winograd\'s', async ({ engine, server }) => {
  test.setTimeout(300_000);
  await engine.goto(`${server.url}/web/test.html`);
  const run = (options) => engine.call('wasmnnHarness.runReference', { model: 'resnet20', maxSamples: 100, ...options });
  const winograd = await run({});
  const direct = await run({ winograd: false });
  const scalar = await run({ kernels: 'scalar' });
  for (const r of [winograd, direct, scalar]) {
    expect(r.maxRelError).toBeLessThanOrEqual(MAX_REL_ERROR);
    expect(r.top1Agreement).toBe(1);
  }
  expect(direct.outputsSha256, 'winograd: false should run another sum').not.toBe(winograd.outputsSha256);
  expect(scalar.kernels).toBe('scalar');
  expect(scalar.outputsSha256, 'the scalar reference kernels should give the SIMD kernels\' bits').toBe(winograd.outputsSha256);
  expect(await engine.consoleErrors()).toEqual([]);
});
