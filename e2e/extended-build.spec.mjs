// The core build (wasmnn-core, under 200 KiB gzip) has the common operators; a model that needs
// one only the extended build has loads in wasmnn-extended without the page asking, at 1 and 2
// threads, and a model needing an operator neither has gets the core's message plus what the
// extended build would add (web/harness/extended-checks.js).
import { test, expect } from './fixtures.mjs';

for (const numThreads of [1, 2]) {
  test(`${numThreads} thread(s): the core build loads common models, the extended one the rest`, async ({ engine, server }) => {
    await engine.goto(`${server.url}/web/test.html`);
    const r = await engine.call('wasmnnHarness.extendedBuild', { numThreads });
    const mt = numThreads > 1 ? '-mt' : '';
    expect(r.core).toEqual({ dims: [1, 10], threads: numThreads });
    // (the test page loads wasmnn-core at start, for runtimeVersion())
    expect(r.afterCore).toContain(`wasmnn-core${mt}.wasm`);
    expect(r.afterCore.filter((f) => f.includes('extended'))).toEqual([]);
    expect(r.extended).toEqual({ dims: [1, 1, 28, 28], threads: numThreads });
    expect(r.afterExtended.filter((f) => !r.afterCore.includes(f))).toEqual([`wasmnn-extended${mt}.wasm`]);
    expect(r.refusal).toMatch(/does not support yet \(opset \d+\): Flatxen \(first at node '[^']*'\)\./);
    expect(r.refusal).toMatch(/\(wasmnn-core; its extended build adds: .*ConvTranspose.*\)$/);
    expect(await engine.consoleErrors()).toEqual([]);
  });
}
