// Regression mode (./bench --check baseline.json): compare a bench run with a baseline run.
// Fails when
//   - a runtime's top-1 agreement with the PC reference drops below the baseline's, or a
//     combination the baseline measured now disagrees or fails;
//   - a latency ratio wasmnn / peer, both measured in the same run (same browser, model, threads,
//     batch), got worse than the baseline's ratio by more than the tolerance.
// Ratios, never absolute times: the machine's speed and load cancel out of a ratio measured in
// one run; they do not cancel between two runs.
import { measuredFar } from './core-handoff.mjs';

const OURS = (runtime) => runtime.startsWith('wasmnn');
// Peers whose timings are too unsteady to be a yardstick: TF.js WebGL runs on a software GPU here
// (SwiftShader, llvmpipe), and its medians moved by up to 46 % between two runs an hour apart.
const UNSTEADY_PEERS = new Set(['tfjs-webgl']);
// The default tolerance: between two full runs an hour apart on this shared 2-core machine, with
// the same code, ratios against the CPU peers moved by up to 29 % (31 compared). A dedicated CI
// machine can pass a tighter --tolerance.
export const DEFAULT_TOLERANCE = 0.5;

const runKey = (r) => `${r.browser} ${r.model} ${r.runtime} t${r.threads} b${r.batch}`;
export const isMeasured = (r) => r.latencyMs && typeof r.latencyMs.median === 'number' && r.latencyMs.median > 0;
// Per-call latency compared: the interquartile mean where both runs have it (robust to a
// neighbour's burst of load and finer than the timer's ticks), else the median, or the mean where
// a median is under half a millisecond and so a few timer ticks (5-20 us steps).
const TICK_BOUND_MS = 0.5;
export const latencyOf = (r, iqm) => (iqm ? { ms: r.latencyMs.iqm, stat: 'iqm' }
  : r.latencyMs.median >= TICK_BOUND_MS ? { ms: r.latencyMs.median, stat: 'median' } : { ms: r.latencyMs.mean, stat: 'mean' });
// A ratio is only as steady as its shorter measurement: under this many milliseconds of measured
// calls (e.g. --quick's 100 samples of a LeNet, ~10 ms) it moves by more than any sane tolerance
// between two runs, so it is not compared (a note says so).
export const MIN_RATIO_MEASURED_MS = 500;
// Both files must have the iqm for it to be used: one statistic on both sides of a comparison.
export const resultsHaveIqm = (results) => results.runs.every((r) => !isMeasured(r) || typeof r.latencyMs.iqm === 'number');
const measuredMs = (r) => (typeof r.totalMs === 'number' ? r.totalMs : r.latencyMs.median * (r.samples / (r.batch || 1)));

/** Latency ratios wasmnn / peer within one results file: Map key -> {ratio, ours, peer}. */
export function latencyRatios(results, { iqm = resultsHaveIqm(results) } = {}) {
  const ratios = new Map();
  const runs = results.runs.filter((r) => isMeasured(r) && (r.status ?? 'ok') === 'ok');
  for (const ours of runs.filter((r) => OURS(r.runtime))) {
    for (const peer of runs.filter((r) => !OURS(r.runtime) && !UNSTEADY_PEERS.has(r.runtime))) {
      if (peer.browser !== ours.browser || peer.model !== ours.model || peer.batch !== ours.batch || peer.threads !== ours.threads) continue;
      const key = `${ours.browser} ${ours.model} b${ours.batch} t${ours.threads}: ${ours.runtime}/${peer.runtime}`;
      const a = latencyOf(ours, iqm);
      const b = latencyOf(peer, iqm);
      ratios.set(key, { ratio: a.ms / b.ms, ours: a.ms, peer: b.ms, stats: a.stat === b.stat ? `${a.stat}s` : `${a.stat} / ${b.stat}`,
        // A multi-thread cell measured with the host's CPUs far apart (e2e/core-handoff.mjs) times the
        // host's placement as much as the runtime (ORT-Web 2 threads 2.05 ms near, 3.5-4.5 ms far):
        // a ratio with one is not compared. (Baselines keep the flag at the top of each run.)
        measuredMs: Math.min(measuredMs(ours), measuredMs(peer)), coresFar: measuredFar(ours) || measuredFar(peer) });
    }
  }
  return ratios;
}

const pct = (x) => `${(x * 100).toFixed(0)}%`;
const ms = (x) => `${x.toFixed(3)} ms`;

/**
 * baseline, current: results.json objects. tolerance: a ratio may be up to (1 + tolerance) x the
 * baseline's. Returns {failures: [msg], notes: [msg], compared: {agreement, ratios}}.
 */
export function checkAgainstBaseline(baseline, current, { tolerance = DEFAULT_TOLERANCE } = {}) {
  if (!Array.isArray(baseline?.runs)) throw new Error('the baseline has no "runs" array: is it a bench results.json?');
  if (!Array.isArray(current?.runs)) throw new Error('the current results have no "runs" array');
  const failures = [];
  const notes = [];
  const now = new Map(current.runs.map((r) => [runKey(r), r]));
  let agreementCompared = 0;

  for (const base of baseline.runs) {
    const key = runKey(base);
    const cur = now.get(key);
    if (!base.accuracy) continue; // the baseline measured nothing here (unsupported, unavailable, error)
    if (!cur) {
      notes.push(`${key}: in the baseline, not in this run (not compared)`);
      continue;
    }
    if (!cur.accuracy) {
      failures.push(`${key}: measured in the baseline, now ${cur.status}: ${cur.reason ?? 'no measurement'}`);
      continue;
    }
    agreementCompared++;
    if (cur.accuracy.agreement < base.accuracy.agreement) {
      failures.push(`${key}: top-1 agreement with the PC reference dropped from ${base.accuracy.agreement.toFixed(4)} to ${cur.accuracy.agreement.toFixed(4)}`);
    }
    if ((base.status ?? 'ok') === 'ok' && cur.status === 'disagrees') {
      failures.push(`${key}: outputs now disagree with the PC reference (max rel error ${cur.accuracy.maxRelError.toExponential(2)}; baseline ${base.accuracy.maxRelError.toExponential(2)})`);
    }
  }

  const iqm = resultsHaveIqm(baseline) && resultsHaveIqm(current);
  const baseRatios = latencyRatios(baseline, { iqm });
  const curRatios = latencyRatios(current, { iqm });
  let ratiosCompared = 0;
  const shortRatios = [];
  const farRatios = [];
  for (const [key, base] of baseRatios) {
    const cur = curRatios.get(key);
    if (!cur) {
      notes.push(`${key}: latency ratio in the baseline, not in this run (not compared)`);
      continue;
    }
    if (base.coresFar || cur.coresFar) {
      farRatios.push(key);
      continue;
    }
    const shortest = Math.min(base.measuredMs, cur.measuredMs);
    if (!(shortest >= MIN_RATIO_MEASURED_MS)) {
      shortRatios.push(key);
      continue;
    }
    ratiosCompared++;
    const limit = base.ratio * (1 + tolerance);
    if (cur.ratio > limit) {
      failures.push(`${key}: latency ratio ${cur.ratio.toFixed(2)} (${ms(cur.ours)} / ${ms(cur.peer)}, ${cur.stats}) is ` +
        `${pct(cur.ratio / base.ratio - 1)} worse than the baseline's ${base.ratio.toFixed(2)} ` +
        `(${ms(base.ours)} / ${ms(base.peer)}); tolerance ${pct(tolerance)}, limit ${limit.toFixed(2)}`);
    }
  }
  if (shortRatios.length) {
    notes.push(`${shortRatios.length} latency ratio(s) not compared: one side measured under ${MIN_RATIO_MEASURED_MS / 1000} s ` +
      `of calls, too short for a steady ratio (e.g. --quick); run without --quick to compare them (${shortRatios.slice(0, 3).join('; ')}${shortRatios.length > 3 ? '; ...' : ''})`);
  }
  if (farRatios.length) {
    notes.push(`${farRatios.length} latency ratio(s) not compared: a multi-thread cell of the baseline or of this run was measured with ` +
      `the host's CPUs far apart (e2e/core-handoff.mjs) (${farRatios.slice(0, 3).join('; ')}${farRatios.length > 3 ? '; ...' : ''})`);
  }
  if (agreementCompared === 0 && ratiosCompared === 0) {
    failures.push('nothing to compare: no combination of the baseline was measured in this run (same browsers, models, runtimes, threads, batch?)');
  }
  return { failures, notes, compared: { agreement: agreementCompared, ratios: ratiosCompared, ratiosTooShort: shortRatios.length, ratiosCoresFar: farRatios.length } };
}

export function formatCheck(check, { baseline, tolerance }) {
  const head = `check against ${baseline}: ${check.compared.agreement} agreement comparisons, ` +
    `${check.compared.ratios} latency ratios wasmnn/peer (tolerance ${pct(tolerance)})`;
  const notes = check.notes.length ? `\n  notes:\n    ${check.notes.join('\n    ')}` : '';
  if (!check.failures.length) return `${head}: PASSED${notes}`;
  return `${head}: FAILED\n  ${check.failures.join('\n  ')}${notes}`;
}

/**
 * The part of a results.json that --check reads, small enough to commit: per run its key,
 * status, agreement, error and latency summary, plus the run's conditions.
 */
export function baselineOf(results) {
  return {
    generated: results.generated,
    note: 'a bench baseline (e2e/bench-check.mjs baselineOf): compare a run with `./bench --check <this file>`',
    conditions: results.conditions,
    runs: results.runs.map((r) => ({
      browser: r.browser, browserVersion: r.browserVersion, runtime: r.runtime, runtimeVersion: r.runtimeVersion,
      threads: r.threads, model: r.model, batch: r.batch, samples: r.samples, status: r.status, reason: r.reason,
      coresFar: r.conditions?.coresFar,
      accuracy: r.accuracy && { top1: r.accuracy.top1, agreement: r.accuracy.agreement, maxAbsError: r.accuracy.maxAbsError, maxRelError: r.accuracy.maxRelError },
      totalMs: r.totalMs,
      latencyMs: r.latencyMs && { median: r.latencyMs.median, p10: r.latencyMs.p10, p90: r.latencyMs.p90, mean: r.latencyMs.mean, iqm: r.latencyMs.iqm },
    })),
  };
}
