// The regression mode of the bench (./bench --check baseline.json), on crafted baseline/current
// pairs: pure Node logic, no browser (runs once, in the chromium project).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { baselineOf, checkAgainstBaseline, formatCheck } from './bench-check.mjs';
import { REPO_ROOT } from './server.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

function run({ browser = 'chromium', model = 'lenet5', runtime, threads = 1, batch = 1, median, agreement = 1, status = 'ok' }) {
  return {
    browser, browserVersion: '1', runtime, runtimeVersion: '1', threads, model, batch, samples: 1000, loadMs: 10,
    latencyMs: { median, p10: median, p90: median, mean: median * 1.1 }, totalMs: 10_000,
    memory: { wasmHeapBytes: 1, processTreePssBytes: 1 },
    accuracy: { top1: 0.9, agreement, maxAbsError: 1e-6, maxRelError: status === 'ok' ? 1e-7 : 0.5 },
    outputsSha256: 'ab', status,
  };
}
const results = (...runs) => ({ generated: '2026-01-01T00:00:00Z', runs });
// wasmnn 1.0 ms vs ORT 1.2 ms and TF.js 1.0 ms: ratios 0.83 and 1.0.
const baseline = results(
  run({ runtime: 'wasmnn', median: 1.0 }),
  run({ runtime: 'ort-wasm', median: 1.2 }),
  run({ runtime: 'tfjs-wasm', median: 1.0 }),
  run({ runtime: 'ort-wasm', threads: 2, median: 0.8 }),
);

test('the same results pass, with every comparison counted', () => {
  const check = checkAgainstBaseline(baseline, baseline);
  expect(check.failures).toEqual([]);
  expect(check.compared).toEqual({ agreement: 4, ratios: 2, ratiosTooShort: 0, ratiosCoresFar: 0 });
  expect(formatCheck(check, { baseline: 'base.json', tolerance: 0.25 })).toBe(
    'check against base.json: 4 agreement comparisons, 2 latency ratios wasmnn/peer (tolerance 25%): PASSED');
});

test('a machine twice as slow passes: ratios, not absolute times', () => {
  const slower = results(...baseline.runs.map((r) => run({ ...r, median: r.latencyMs.median * 2 })));
  expect(checkAgainstBaseline(baseline, slower).failures).toEqual([]);
});

test('a latency ratio worse than the tolerance fails and says by how much', () => {
  const current = results(
    run({ runtime: 'wasmnn', median: 1.4 }), // 1.4/1.2 = 1.17 vs 0.83 (+40 %); 1.4/1.0 = 1.4 vs 1.0 (+40 %)
    run({ runtime: 'ort-wasm', median: 1.2 }),
    run({ runtime: 'tfjs-wasm', median: 1.0 }),
  );
  const check = checkAgainstBaseline(baseline, current, { tolerance: 0.25 });
  expect(check.failures).toEqual([
    'chromium lenet5 b1 t1: wasmnn/ort-wasm: latency ratio 1.17 (1.400 ms / 1.200 ms, medians) is 40% worse than the ' +
      "baseline's 0.83 (1.000 ms / 1.200 ms); tolerance 25%, limit 1.04",
    'chromium lenet5 b1 t1: wasmnn/tfjs-wasm: latency ratio 1.40 (1.400 ms / 1.000 ms, medians) is 40% worse than the ' +
      "baseline's 1.00 (1.000 ms / 1.000 ms); tolerance 25%, limit 1.25",
  ]);
  // The ORT 2-thread run is missing now: a note, not a failure.
  expect(check.notes).toEqual(['chromium lenet5 ort-wasm t2 b1: in the baseline, not in this run (not compared)']);
  expect(formatCheck(check, { baseline: 'b.json', tolerance: 0.25 })).toMatch(/: FAILED\n {2}chromium lenet5 b1 t1: wasmnn\/ort-wasm: latency ratio 1\.17/);
  // Within a wider tolerance the same numbers pass.
  expect(checkAgainstBaseline(baseline, current, { tolerance: 0.5 }).failures).toEqual([]);
});

test('below half a millisecond the exact mean is compared, not the tick-bound median', () => {
  // Medians of 0.10 vs 0.10 ms (equal ticks) would hide this; the means say 0.2 vs 0.11 ms.
  const tiny = (runtime, median, mean) => ({ ...run({ runtime, median }), latencyMs: { median, p10: median, p90: median, mean } });
  const base = results(tiny('wasmnn', 0.10, 0.11), tiny('ort-wasm', 0.10, 0.11));
  const check = checkAgainstBaseline(base, results(tiny('wasmnn', 0.10, 0.20), tiny('ort-wasm', 0.10, 0.11)), { tolerance: 0.25 });
  expect(check.failures).toEqual([
    'chromium lenet5 b1 t1: wasmnn/ort-wasm: latency ratio 1.82 (0.200 ms / 0.110 ms, means) is 82% worse than the ' +
      "baseline's 1.00 (0.110 ms / 0.110 ms); tolerance 25%, limit 1.25",
  ]);
});

test('a baseline cut down to what the check reads compares like the full results', () => {
  const small = baselineOf(baseline);
  expect(small.runs[0]).toEqual({
    browser: 'chromium', browserVersion: '1', runtime: 'wasmnn', runtimeVersion: '1', threads: 1, model: 'lenet5', batch: 1,
    samples: 1000, status: 'ok', reason: undefined, totalMs: 10_000,
    accuracy: { top1: 0.9, agreement: 1, maxAbsError: 1e-6, maxRelError: 1e-7 },
    latencyMs: { median: 1.0, p10: 1.0, p90: 1.0, mean: 1.1, iqm: undefined },
  });
  expect(checkAgainstBaseline(small, baseline)).toEqual(checkAgainstBaseline(baseline, baseline));
});

test('the interquartile mean is compared when both sides have it', () => {
  const withIqm = (runtime, median, iqm) => ({ ...run({ runtime, median }), latencyMs: { median, p10: median, p90: median, mean: median, iqm } });
  const base = results(withIqm('wasmnn', 0.10, 0.100), withIqm('ort-wasm', 0.10, 0.100));
  const check = checkAgainstBaseline(base, results(withIqm('wasmnn', 0.10, 0.140), withIqm('ort-wasm', 0.10, 0.100)), { tolerance: 0.25 });
  expect(check.failures).toEqual([
    'chromium lenet5 b1 t1: wasmnn/ort-wasm: latency ratio 1.40 (0.140 ms / 0.100 ms, iqms) is 40% worse than the ' +
      "baseline's 1.00 (0.100 ms / 0.100 ms); tolerance 25%, limit 1.25",
  ]);
  // A baseline without it: both sides fall back to median (or mean), never one of each.
  const old = results(run({ runtime: 'wasmnn', median: 1.0 }), run({ runtime: 'ort-wasm', median: 1.2 }));
  expect(checkAgainstBaseline(old, results(withIqm('wasmnn', 1.0, 5.0), withIqm('ort-wasm', 1.2, 1.2))).failures).toEqual([]);
});

test('ratios of measurements too short to be steady are noted, not compared (--quick)', () => {
  const short = (runtime, median) => ({ ...run({ runtime, median }), totalMs: 100 });
  const base = results(short('wasmnn', 1.0), short('ort-wasm', 1.2));
  const check = checkAgainstBaseline(base, results(short('wasmnn', 3.0), short('ort-wasm', 1.2)));
  expect(check.failures).toEqual([]);
  expect(check.compared).toEqual({ agreement: 2, ratios: 0, ratiosTooShort: 1, ratiosCoresFar: 0 });
  expect(check.notes).toEqual(['1 latency ratio(s) not compared: one side measured under 0.5 s of calls, too short for a steady ' +
    'ratio (e.g. --quick); run without --quick to compare them (chromium lenet5 b1 t1: wasmnn/ort-wasm)']);
});

test('a 2-thread ratio with a cell measured on far-apart cores is noted, not compared; the baseline keeps the flag', () => {
  const t2 = (runtime, median, coresFar) => ({ ...run({ runtime, threads: 2, median }), conditions: { coresFar } });
  const base = results(t2('wasmnn', 1.0, false), t2('ort-wasm', 1.2, false));
  // ORT-Web measured far now: 2.4 ms would halve the ratio; wasmnn measured far: 3.0 ms would fail.
  for (const current of [results(t2('wasmnn', 1.0, false), t2('ort-wasm', 2.4, true)), results(t2('wasmnn', 3.0, true), t2('ort-wasm', 1.2, false))]) {
    const check = checkAgainstBaseline(base, current);
    expect(check.failures).toEqual([]);
    expect(check.compared).toEqual({ agreement: 2, ratios: 0, ratiosTooShort: 0, ratiosCoresFar: 1 });
    expect(check.notes).toEqual(["1 latency ratio(s) not compared: a multi-thread cell of the baseline or of this run was measured with the host's " +
      'CPUs far apart (e2e/core-handoff.mjs) (chromium lenet5 b1 t2: wasmnn/ort-wasm)']);
  }
  // Far in the baseline (read from a committed baseline's own field): not compared either.
  const farBase = baselineOf(results(t2('wasmnn', 1.0, true), t2('ort-wasm', 1.2, false)));
  expect(farBase.runs[0].coresFar).toBe(true);
  expect(checkAgainstBaseline(farBase, results(t2('wasmnn', 3.0, false), t2('ort-wasm', 1.2, false))).compared.ratiosCoresFar).toBe(1);
  // Near on both sides: compared, and 3.0 / 1.2 fails.
  expect(checkAgainstBaseline(base, results(t2('wasmnn', 3.0, false), t2('ort-wasm', 1.2, false))).failures).toHaveLength(1);
});

test('TF.js WebGL (a software GPU here) is no yardstick: its ratios are not compared', () => {
  const base = results(run({ runtime: 'wasmnn', median: 1.0 }), run({ runtime: 'tfjs-webgl', median: 10 }));
  const check = checkAgainstBaseline(base, results(run({ runtime: 'wasmnn', median: 1.0 }), run({ runtime: 'tfjs-webgl', median: 5 })));
  expect(check.failures).toEqual([]);
  expect(check.compared).toEqual({ agreement: 2, ratios: 0, ratiosTooShort: 0, ratiosCoresFar: 0 });
});

test('the default tolerance is 50 %', () => {
  const worse = (f) => results(run({ runtime: 'wasmnn', median: 1.0 * f }), run({ runtime: 'ort-wasm', median: 1.2 }));
  expect(checkAgainstBaseline(worse(1), worse(1.45)).failures).toEqual([]);
  expect(checkAgainstBaseline(worse(1), worse(1.55)).failures).toHaveLength(1);
});

test('agreement below the baseline fails', () => {
  const current = results(run({ runtime: 'wasmnn', median: 1.0, agreement: 0.999 }), run({ runtime: 'ort-wasm', median: 1.2 }));
  expect(checkAgainstBaseline(baseline, current).failures).toEqual([
    'chromium lenet5 wasmnn t1 b1: top-1 agreement with the PC reference dropped from 1.0000 to 0.9990',
  ]);
});

test('outputs that now disagree, or a run that now fails, fail the check', () => {
  const current = results(
    run({ runtime: 'wasmnn', median: 1.0, status: 'disagrees' }),
    { browser: 'chromium', runtime: 'ort-wasm', threads: 1, model: 'lenet5', batch: 1, samples: 0, latencyMs: null, accuracy: null,
      status: 'error', reason: 'page crashed' },
  );
  expect(checkAgainstBaseline(baseline, current).failures).toEqual([
    'chromium lenet5 wasmnn t1 b1: outputs now disagree with the PC reference (max rel error 5.00e-1; baseline 1.00e-7)',
    'chromium lenet5 ort-wasm t1 b1: measured in the baseline, now error: page crashed',
  ]);
});

test('nothing in common fails instead of passing vacuously', () => {
  const check = checkAgainstBaseline(baseline, results(run({ browser: 'webkit', runtime: 'wasmnn', median: 1.0 })));
  expect(check.failures).toEqual([
    'nothing to compare: no combination of the baseline was measured in this run (same browsers, models, runtimes, threads, batch?)',
  ]);
  expect(() => checkAgainstBaseline({}, baseline)).toThrow('the baseline has no "runs" array');
});

test('./bench --check exits 1 and prints why; 0 when within tolerance', ({}, testInfo) => {
  const dir = testInfo.outputPath('check');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, 'baseline.json');
  const cur = path.join(dir, 'current.json');
  fs.writeFileSync(base, JSON.stringify(baseline));
  fs.writeFileSync(cur, JSON.stringify(results(run({ runtime: 'wasmnn', median: 2.0 }), run({ runtime: 'ort-wasm', median: 1.2 }))));
  const cli = (...args) => spawnSync(process.execPath, ['e2e/bench.mjs', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const bad = cli('--check', base, '--current', cur);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain('FAILED\n  chromium lenet5 b1 t1: wasmnn/ort-wasm: latency ratio 1.67');
  const good = cli('--check', base, '--current', cur, '--tolerance', '1.5');
  expect(good.stdout).toContain('PASSED');
  expect(good.status).toBe(0);
});

test('./bench depths: the 15-minute default, --full and --quick; --quick with --full is refused', () => {
  const cli = (...args) => spawnSync(process.execPath, ['e2e/bench.mjs', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const both = cli('--quick', '--full', '--list-models');
  expect(both.status).not.toBe(0);
  expect(both.stderr).toContain('--quick and --full exclude each other');
  const help = cli('--help');
  expect(help.stdout).toMatch(/no depth option\)\s+the first-run table, about 15 min/);
  expect(help.stdout).toMatch(/--full\s+the whole-test-set run, about an hour: a fresh browser per combination/);
  // Every depth plans the same zoo pages but --quick, which keeps the small models.
  const pages = (...args) => Number(/(\d+) combinations \(pages\)/.exec(cli(...args, '--list-models').stdout)?.[1]);
  expect(pages()).toBe(pages('--full'));
  expect(pages('--quick')).toBeLessThan(pages());
});
