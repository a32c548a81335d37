// The engine layer itself, on a probe page of its own (e2e/probe/): launch,
// calls, errors and console capture, cross-origin isolation, memory, and a
// close() that leaves no process behind. Launches its own browser, so memory
// numbers do not depend on what earlier tests left in a shared one.
import { test, expect } from './fixtures.mjs';
import { launchEngine } from './engines/index.mjs';
import { processTreePss, sampleWhile } from './memory.mjs';
import { descendants, isRunning } from './proc.mjs';

test('engine layer: call, errors, isolation, memory, close', async ({ server }, testInfo) => {
  const engine = await launchEngine(testInfo.project.name);
  let browserPids = [];
  try {
    expect(engine.version).toMatch(/\d+\.\d+/);
    await engine.goto(`${server.url}/e2e/probe/probe.html`);

    const echo = await engine.call('e2eProbe.echo', { list: [1, 2.5, 'x'], nested: { ok: true } });
    expect(echo.arg).toEqual({ list: [1, 2.5, 'x'], nested: { ok: true } });
    expect(echo.crossOriginIsolated).toBe(true);
    expect(echo.sharedArrayBuffer).toBe(true);

    await expect(engine.call('e2eProbe.fail', 'boom from the page')).rejects.toThrow(/boom from the page/);
    await expect(engine.call('e2eProbe.missing', null)).rejects.toThrow(/e2eProbe\.missing is not a function/);

    expect(await engine.consoleErrors()).toEqual([]);
    await engine.call('e2eProbe.logError', 'expected console error');
    expect(await engine.consoleErrors()).toEqual(['console.error: expected console error']);

    const idle = await processTreePss(engine.rootPid);
    expect(idle).toBeGreaterThan(50 << 20);
    const { result, peakPssBytes } = await sampleWhile(engine.call('e2eProbe.allocate', 128), engine.rootPid, 100);
    expect(result).toBe(128 << 20);
    expect(peakPssBytes).toBeGreaterThan(idle + (100 << 20));
    browserPids = [engine.rootPid, ...descendants(engine.rootPid)];
  } finally {
    await engine.close();
  }
  await expect.poll(() => browserPids.filter(isRunning), { timeout: 5000 }).toEqual([]);
});
