// The bench's summary logic (e2e/bench-table.mjs) on crafted runs: outputs identical across
// browsers judged on the samples every measurement covers, whole-set totals measured or projected.
// Pure Node logic, no browser (runs once, in the chromium project).
import { test, expect } from '@playwright/test';
import { crossBrowserIdentity, formatHashAgreement, fullSetTotal } from './bench-table.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

const run = (browser, { samples = 10000, identity = { samples: 100, sha256: 'aa' }, outputsSha256 = `${browser}-all`, runtime = 'wasmnn', batch = 1 } = {}) =>
  ({ browser, runtime, model: 'vgg16', threads: 1, batch, samples, identity, outputsSha256 });

test('runs a time cap cut at different lengths compare on their first samples', () => {
  const groups = crossBrowserIdentity([run('chromium', { samples: 900 }), run('firefox', { samples: 450 }), run('webkit', { samples: 880 })]);
  expect(groups).toEqual([{
    runtime: 'wasmnn', model: 'vgg16', threads: 1, batch: 1, samples: 100, browsers: ['chromium', 'firefox', 'webkit'],
    identical: true, hashes: { chromium: 'aa', firefox: 'aa', webkit: 'aa' },
  }]);
  expect(formatHashAgreement(groups)).toBe('wasmnn vgg16 t1 b1: outputs of the first 100 samples bitwise IDENTICAL across chromium, firefox, webkit');
});

test('a browser whose first samples differ is named with its hash', () => {
  const groups = crossBrowserIdentity([run('chromium'), run('firefox', { identity: { samples: 100, sha256: 'bbbbbbbbbb' } })]);
  expect(groups[0].identical).toBe(false);
  expect(formatHashAgreement(groups)).toBe('wasmnn vgg16 t1 b1: outputs DIFFER across browsers (chromium aa, firefox bbbbbbbb)');
});

test('one browser alone is not called identical; batches and runtimes are kept apart', () => {
  const groups = crossBrowserIdentity([run('chromium'), run('chromium', { batch: 100 }), run('firefox', { runtime: 'ort-wasm' })]);
  expect(groups.map((g) => [g.runtime, g.batch, g.identical])).toEqual([['wasmnn', 1, null], ['wasmnn', 100, null], ['ort-wasm', 1, null]]);
  expect(formatHashAgreement(groups).split('\n')[0]).toBe('wasmnn vgg16 t1 b1: outputs from one browser only (chromium)');
});

test('results from before `identity` compare every output, grouped by the samples measured', () => {
  const old = (browser, samples, outputsSha256) => ({ ...run(browser, { samples, outputsSha256 }), identity: undefined });
  const groups = crossBrowserIdentity([old('chromium', 500, 'x'), old('firefox', 500, 'x'), old('webkit', 400, 'y')]);
  expect(groups.map((g) => [g.samples, g.browsers, g.identical])).toEqual([[500, ['chromium', 'firefox'], true], [400, ['webkit'], null]]);
});

test('whole-set totals: measured plainly, projected with ~, absent as -', () => {
  expect(fullSetTotal({ fullSetTotalMs: 1140, fullSetProjected: false })).toBe('1.14');
  expect(fullSetTotal({ fullSetTotalMs: 209990, fullSetProjected: true })).toBe('~209.99');
  expect(fullSetTotal({ status: 'unsupported' })).toBe('-');
});
