// The speed targets a bench run is judged on (e2e/bench-targets.mjs), on crafted runs: ratios of
// two cells of one run, the 2-thread gain, Conv's share of the page's peak, and the cells that
// are missing, failed or ran fewer threads than asked. Pure Node logic, no browser (runs once,
// in the chromium project).
import { test, expect } from '@playwright/test';
import { formatTargets, markdownTargets, speedTargets } from './bench-targets.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

const cell = (browser, model, runtime, threads, iqm, extra = {}) => ({
  browser, model, runtime, threads, batch: 1, status: 'ok',
  latencyMs: { median: iqm + 0.01, p10: iqm, p90: iqm, mean: iqm, iqm }, ...extra,
});
const profile = (ofPeak) => ({ peakGflops: 30, byOpType: [{ op: 'Conv', gflops: 30 * ofPeak, ofPeak }, { op: 'Relu', gflops: null, ofPeak: null }] });
const find = (rows, target, model, browser) => rows.find((r) => r.target === target && r.model === model && r.browser === browser);

test('ratios of one run: met at the limit, missed past it, on the interquartile means', () => {
  const rows = speedTargets({ runs: [
    cell('chromium', 'resnet20', 'wasmnn', 1, 1.6, { profile: profile(0.8) }),
    cell('chromium', 'resnet20', 'ort-wasm', 1, 2.0),
    cell('chromium', 'resnet20', 'tfjs-wasm', 1, 1.9),
    cell('chromium', 'resnet20', 'wasmnn', 2, 1.0),
    cell('chromium', 'resnet20', 'ort-wasm', 2, 1.2),
    cell('chromium', 'resnet20', 'wasmnn', 1, 9.9, { batch: 100 }),  // other batches are not judged
  ] });
  const vsOrt = find(rows, 'conv t1 vs ORT', 'resnet20', 'chromium');
  expect(vsOrt.value).toBeCloseTo(0.8, 12);
  expect(vsOrt.met).toBe(true);
  expect(vsOrt.detail).toBe('1.600 / 2.000 ms (iqms)');
  expect(find(rows, 'conv t1 vs TF.js', 'resnet20', 'chromium').met).toBe(false);  // 0.84
  expect(find(rows, 'conv % of peak', 'resnet20', 'chromium')).toMatchObject({ value: 0.8, met: true, detail: '24.0 of 30.0 GFLOP/s' });
  expect(find(rows, '2-thread gain', 'resnet20', 'chromium')).toMatchObject({ value: 1.6, met: false });
  expect(find(rows, 't2 vs ORT t2', 'resnet20', 'chromium').value).toBeCloseTo(1.0 / 1.2, 12);
  expect(rows.filter((r) => r.model === 'resnet20')).toHaveLength(5);  // the five targets of a conv + threads model
});

test('a ratio judged on a multi-thread cell measured with the cores far apart says so', () => {
  const far = { conditions: { coresFar: true } };
  const rows = speedTargets({ runs: [
    cell('firefox', 'resnet20', 'wasmnn', 1, 1.6, { conditions: { coresFar: false } }),
    cell('firefox', 'resnet20', 'wasmnn', 2, 1.5, far),
    cell('firefox', 'resnet20', 'ort-wasm', 2, 1.2, { conditions: { coresFar: false } }),
  ] });
  expect(find(rows, 't2 vs ORT t2', 'resnet20', 'firefox')).toMatchObject({ met: false, coresFar: ['wasmnn t2'],
    detail: '1.500 / 1.200 ms (iqms); cores far apart for wasmnn t2' });
  expect(find(rows, '2-thread gain', 'resnet20', 'firefox').coresFar).toEqual(['wasmnn t2']);
  const text = formatTargets(rows);
  expect(text).toMatch(/wasmnn t2 \/ ort-wasm t2 <= 0\.8\s+resnet20\s+1\.25 MISSED \(cores far\)/);
  expect(text).toContain("2 judged on a cell measured with the cores far apart (the host's CPU placement: e2e/core-handoff.mjs)");
});

test('small models are held to 0.7 of ORT-Web; conv targets do not apply to them', () => {
  const rows = speedTargets({ runs: [cell('webkit', 'lstm', 'wasmnn', 1, 0.13), cell('webkit', 'lstm', 'ort-wasm', 1, 0.2)] });
  expect(rows.map((r) => [r.target, r.met])).toEqual([['small t1 vs ORT', true]]);
  expect(rows[0].what).toBe('wasmnn t1 / ort-wasm t1 <= 0.7');
});

test('a missing, failed or under-threaded cell gives no verdict and says why', () => {
  const rows = speedTargets({ runs: [
    cell('firefox', 'vgg16', 'wasmnn', 1, 15),
    cell('firefox', 'vgg16', 'wasmnn', 2, 9, { threadsActual: 1 }),
    { browser: 'firefox', model: 'vgg16', runtime: 'ort-wasm', threads: 1, batch: 1, status: 'failed', reason: 'page crashed' },
  ] });
  expect(find(rows, 'conv t1 vs ORT', 'vgg16', 'firefox')).toMatchObject({ value: null, met: null, detail: 'ort-wasm t1: failed' });
  expect(find(rows, 'conv t1 vs TF.js', 'vgg16', 'firefox').detail).toBe('no tfjs-wasm t1 cell');
  expect(find(rows, '2-thread gain', 'vgg16', 'firefox').detail).toBe('wasmnn ran 1 thread(s) for 2');
  expect(find(rows, 'conv % of peak', 'vgg16', 'firefox').detail).toBe('no Conv profile');
  expect(formatTargets(rows).split('\n').pop()).toBe('0 of 0 met (5 without their cells)');
});

test('the text and Markdown tables: a column per browser, MISSED in capitals', () => {
  const rows = speedTargets({ runs: [
    cell('chromium', 'gru', 'wasmnn', 1, 0.09), cell('chromium', 'gru', 'ort-wasm', 1, 0.1),
    cell('webkit', 'gru', 'wasmnn', 1, 0.05), cell('webkit', 'gru', 'ort-wasm', 1, 0.1),
  ] });
  const text = formatTargets(rows).split('\n');
  expect(text[1].split(/\s{2,}/)).toEqual(['target', 'model', 'chromium', 'webkit']);
  expect(text[2].split(/\s{2,}/)).toEqual(['wasmnn t1 / ort-wasm t1 <= 0.7', 'gru', '0.90 MISSED', '0.50 met']);
  expect(text[3]).toBe('1 of 2 met');
  expect(markdownTargets(rows)).toContain('| wasmnn t1 / ort-wasm t1 <= 0.7 | gru | 0.90 MISSED | 0.50 met |');
  expect(formatTargets([])).toBe('speed targets: no cells for them in this run');
});

test('results without interquartile means are judged on medians, or means under half a millisecond', () => {
  const old = (runtime, median, mean) => ({ browser: 'chromium', model: 'vgg16', runtime, threads: 1, batch: 1, status: 'ok', latencyMs: { median, mean } });
  const rows = speedTargets({ runs: [old('wasmnn', 12, 13), old('ort-wasm', 20, 21)] });
  expect(find(rows, 'conv t1 vs ORT', 'vgg16', 'chromium')).toMatchObject({ value: 0.6, detail: '12.000 / 20.000 ms (medians)' });
});
