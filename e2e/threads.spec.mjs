// The threaded build gives the bits of the single-thread build: threads split each step over
// outputs, never inside a reduction. Checked on the conv models (where the work splits) and a
// recurrent one, in every engine, on the PC reference inputs.
import { test, expect } from './fixtures.mjs';

// 100 samples of the conv models: the bench once saw 1 wrong sample in 100 (BlazeFace back, 2
// threads, Firefox under load) before the thread pool closed each step to late claims.
const CASES = [
  { model: 'resnet20', maxSamples: 100 },
  { model: 'blazeface_back', maxSamples: 100 },
  { model: 'textcnn', maxSamples: 20 },
  { model: 'gru', maxSamples: 20 },
];

for (const { model, maxSamples } of CASES) {
  test(`${model}: 2 threads give the bits of 1 thread`, async ({ engine, server }) => {
    test.setTimeout(300_000);
    await engine.goto(`${server.url}/web/test.html`);
    const one = await engine.call('wasmnnHarness.runReference', { model, maxSamples, numThreads: 1 });
    const two = await engine.call('wasmnnHarness.runReference', { model, maxSamples, numThreads: 2 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);  // the test page is cross-origin isolated: the threaded build ran
    expect(two.samples).toBe(one.samples);
    // On a mismatch, say which run left the PC reference and by how much (WebKit once gave other
    // bits for GRU's first 1-thread run in a page, where no op splits: not the thread pool).
    const side = (r) => `${r.threads} thread(s): sha256 ${r.outputsSha256.slice(0, 12)}, max abs error vs the PC ${r.maxAbsError.toExponential(2)}, top-1 agreement ${r.top1Agreement}`;
    expect(two.outputsSha256, `${side(one)}; ${side(two)}`).toBe(one.outputsSha256);
    expect(two.top1Agreement).toBe(1);
    expect(await engine.consoleErrors()).toEqual([]);
  });
}
