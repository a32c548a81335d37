// Runs a page starts without awaiting the one before: on one session (with a new input shape in
// the middle) and on two sessions in turn, every result is the bits of the same run alone, in
// every engine; a run started before release() completes, one after it is refused. Then inputs of
// NaN and Inf (issue 13: bad inputs never crash).
import { test, expect } from './fixtures.mjs';

test('overlapping runs are never interleaved: one session, two sessions in turn, release', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.concurrentRuns', {});
  expect(r.runs).toBe(19);
  expect(r.oneSession).toBe(true);
  expect(r.twoSessions).toBe(true);
  expect(r.beforeRelease).toBe(true);
  expect(r.afterRelease.threw).toBe(true);
  expect(r.afterRelease.message).toMatch(/this session was released \(session\.release\(\)\); create a new one/);
});

test('NaN and Inf inputs propagate as IEEE says, never trap, and leave the session unharmed', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.specialValues', {});
  for (const name of ['nan', 'inf', 'minusInf']) expect(r.special[name], name).toEqual(Array(10).fill('NaN'));
  expect(r.unharmed).toBe(true);
});

test('release() frees: 300 create/run/release cycles and 2,000 runs after warm-up leave the wasm heap where it was', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const warmCycles = await engine.call('wasmnnHarness.soakCycles', { cycles: 30 });
  const cycles = await engine.call('wasmnnHarness.soakCycles', { cycles: 300 });
  expect(cycles.identical && warmCycles.identical).toBe(true);
  expect(cycles.heapBytes).toBe(warmCycles.heapBytes);
  const warmRuns = await engine.call('wasmnnHarness.soakRuns', { runs: 200 });
  const runs = await engine.call('wasmnnHarness.soakRuns', { runs: 2000 });
  expect(runs.identical && warmRuns.identical).toBe(true);
  expect(runs.heapBytes).toBe(warmRuns.heapBytes);
});

test('a wasm heap that cannot grow further refuses the run with a message; the page goes on', async ({ engine, server }) => {
  test.setTimeout(300_000);
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.heapExhausted', {});
  expect(r.first, JSON.stringify(r)).toEqual({ threw: false });
  expect(r.second.threw, JSON.stringify(r)).toBe(true);
  expect(r.second.message).toMatch(/^wasmnn: out of memory: the plan for input shapes needs an arena of \d+ bytes; the page's wasm heap \(\d+ MiB, at most 2 GiB, shared by every session of this page\) could not hold it: give smaller inputs, or release sessions the page no longer uses$/);
  expect(r.secondSmall).toEqual([1, 10]);
  expect(r.secondAfterRelease).toEqual({ threw: false });
  expect(r.newSession).toEqual([1, 10]);
});
