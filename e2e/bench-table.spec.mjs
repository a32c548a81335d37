// The bench's summary and verdict (e2e/bench-table.mjs, bench-verdict.mjs) on crafted runs:
// outputs identical across browsers judged on the samples every measurement covers, whole-set
// totals measured or projected, the Markdown summary, and what fails a run.
// Pure Node logic, no browser (runs once, in the chromium project).
import { test, expect } from '@playwright/test';
import { crossBrowserIdentity, formatHashAgreement, formatMarkdown, fullSetTotal } from './bench-table.mjs';
import { failuresOf } from './bench-verdict.mjs';

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

test('the Markdown summary: a column per runtime and threads, capped cells with [n], failures named', () => {
  const measured = (browser, runtime, threads, median, samples, extra = {}) => ({
    browser, runtime, threads, model: 'vgg16', batch: 1, samples, status: 'ok', latencyMs: { median },
    memory: { processTreePssBytes: 700 * 2 ** 20 }, accuracy: { top1: 0.85, agreement: 1 },
    fullSetTotalMs: median * 10000, fullSetSamples: 10000, fullSetProjected: samples < 10000, ...extra,
  });
  const md = formatMarkdown({ runs: [
    measured('chromium', 'wasmnn', 1, 22.4, 900),
    { ...measured('chromium', 'wasmnn', 1, 2000, 900), batch: 100 },
    measured('chromium', 'ort-wasm', 2, 16.2, 1200, { status: 'disagrees' }),
    { browser: 'chromium', runtime: 'tfjs-wasm', threads: 1, model: 'vgg16', batch: 1, samples: 0, status: 'unsupported', reason: 'LSTM', latencyMs: null },
  ] });
  expect(md.split('\n').slice(0, 5)).toEqual([
    '**Median ms per inference, batch 1 (peak PSS of the browser process tree, MiB)**',
    '',
    '| model | browser | top-1 / agree | wasmnn t1 | ort-wasm t2 | tfjs-wasm t1 |',
    '|---|---|---|---:|---:|---:|',
    '| vgg16 | chromium | 0.8500 / 1.00 | 22.400 (700) [900] | 16.200 (700) [1200] DISAGREES | unsupported: LSTM |',
  ]);
  expect(md).toContain('| vgg16 | chromium | 0.8500 / 1.00 | ~224.00 | ~162.00 DISAGREES | unsupported: LSTM |');
});

test('the verdict: wasmnn errors and disagreements fail the run, a peer\'s only warn', () => {
  const rec = (runtime, status, extra = {}) => ({ browser: 'webkit', model: 'lenet1', runtime, threads: 2, batch: 1, status,
    reason: status === 'error' ? 'RuntimeError: Out of bounds memory access' : undefined,
    accuracy: { agreement: status === 'ok' ? 1 : 0.9, maxRelError: status === 'disagrees' ? 0.5 : 1e-7 }, ...extra });
  const { failures, warnings } = failuresOf([
    rec('ort-wasm', 'error', { retriedAfter: 'RuntimeError: Out of bounds memory access' }),
    rec('tfjs-webgl', 'disagrees'),
    rec('wasmnn', 'error'),
    rec('wasmnn', 'ok', { accuracy: { agreement: 0.99, maxRelError: 1e-7 } }),
    rec('tfjs-wasm', 'unsupported', { reason: 'LSTM' }),
  ]);
  expect(warnings).toEqual([
    'webkit lenet1 ort-wasm t2: RuntimeError: Out of bounds memory access (the first attempt failed too)',
    'webkit lenet1 tfjs-webgl t2: outputs disagree with the PC reference (max rel error 5.00e-1 > 0.001)',
  ]);
  expect(failures).toEqual([
    'webkit lenet1 wasmnn t2: RuntimeError: Out of bounds memory access',
    'webkit lenet1 wasmnn t2: top-1 agreement with the PC reference is 0.99, not 1',
  ]);
});
