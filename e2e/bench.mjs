// The cross-browser measurement suite: every model x browser x runtime x threads, measured the
// same way in one run (web/bench.html + web/harness/bench.js drive each runtime through one
// adapter interface), checked against the PC reference, written as report/results.json and
// report/index.html. See e2e/README.md. Usage:
//
//   node e2e/bench.mjs [--browsers chromium,firefox,webkit] [--models lenet5,...] [--runtimes wasmnn,ort-wasm,...]
//                      [--threads 1,2] [--samples N] [--batch 100] [--warmup-ms 3000] [--max-run-seconds S]
//                      [--quick | --full] [--reuse-browser] [--out report/results.json]
//                      [--check baseline.json [--tolerance 0.5]] [--current results.json] [--save-baseline FILE]
//   node e2e/bench.mjs --investigate MODEL [--runtime R] [--browsers ...] [--set S]   (the workbench: e2e/investigate.mjs)
//
// Exit status 1 when a wasmnn combination fails (a peer's failure, after one retry in a fresh
// browser, is a warning), wasmnn's top-1 disagrees with the PC reference, or --check finds a
// regression.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TOLERANCE, baselineOf, checkAgainstBaseline, formatCheck } from './bench-check.mjs';
import { EXTERNAL_GROUP, RUNTIME_IDS, discoverExternalModels, discoverModels, isSmallModel, planCombinations, runtimeSpec } from './bench-plan.mjs';
import { downloadSizes } from './bench-sizes.mjs';
import { AGREEMENT_REL_TOLERANCE, failuresOf } from './bench-verdict.mjs';
import { MEASURE_ATTEMPTS, coresFar, describeHandoff, measuredFar, startCoreProbe } from './core-handoff.mjs';
import { crossBrowserIdentity, formatDownloads, formatHashAgreement, formatMarkdown, formatTable } from './bench-table.mjs';
import { formatTargets, markdownTargets, speedTargets } from './bench-targets.mjs';
import { ENGINE_NAMES, launchEngine } from './engines/index.mjs';
import { processTreePss, startPssSampler } from './memory.mjs';
import { writeReport } from './report/render.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

// The x86 vector extensions the CPU offers (from /proc/cpuinfo; [] elsewhere): the engines'
// wasm SIMD code depends on them, and this shared machine's CPU changes between days (AVX only,
// then AVX2 and AVX-512: the GEMM tile Firefox ran fastest changed with it, docs/speed.md).
async function cpuVectorExtensions() {
  const info = await fs.readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const flags = new Set((/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/));
  return ['sse4_1', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.has(f));
}

const PAGE = '/web/bench.html';
// Three depths of run. The default is the first-run table (every model x browser x runtime in
// about 15 minutes on 2 cores: one browser per engine, short warm-up, a short cap per measurement);
// --full is the study's whole-test-set run (a fresh browser per combination, 3 s warm-up, 20 s cap,
// about an hour); --quick is CI's smoke (small models, 100 samples). Every measurement covers at
// least identitySamples samples (or the whole set), whatever the cap: cross-browser identity
// compares the SHA-256 of their outputs.
const DEPTHS = {
  quick: { samples: 100, batch: 10, warmupMs: 200, maxRunMs: 20_000, identitySamples: 100, profileRuns: 50, freshBrowser: false, warmLoad: true },
  default: { samples: Infinity, batch: 100, warmupMs: 300, maxRunMs: 1_000, identitySamples: 20, profileRuns: 20, freshBrowser: false, warmLoad: false },
  full: { samples: Infinity, batch: 100, warmupMs: 3000, maxRunMs: 20_000, identitySamples: 100, profileRuns: 50, freshBrowser: true, warmLoad: true },
};

const clock = () => new Date().toISOString().slice(11, 19);
const log = (message) => process.stderr.write(`[${clock()}] ${message}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const duration = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};
const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      browsers: { type: 'string' },
      models: { type: 'string' },
      runtimes: { type: 'string' },
      threads: { type: 'string' },
      samples: { type: 'string' },
      batch: { type: 'string' },
      'warmup-ms': { type: 'string' },
      'max-run-seconds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      'reuse-browser': { type: 'boolean', default: false },
      out: { type: 'string', default: 'report/results.json' },
      report: { type: 'string' },
      check: { type: 'string' },
      'save-baseline': { type: 'string' },
      tolerance: { type: 'string', default: String(DEFAULT_TOLERANCE) },
      current: { type: 'string' },
      'list-models': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  if (quick && values.full) throw new Error('--quick and --full exclude each other: pick one (no option: the 15-minute default run)');
  const depthName = quick ? 'quick' : values.full ? 'full' : 'default';
  const depth = DEPTHS[depthName];
  const positive = (name, value, { zero = false } = {}) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < (zero ? 0 : 1) || (name !== 'max-run-seconds' && name !== 'tolerance' && !Number.isInteger(n))) {
      throw new Error(`--${name} must be a ${zero ? 'non-negative' : 'positive'} number, got '${value}'`);
    }
    return n;
  };
  const browsers = list(values.browsers ?? ENGINE_NAMES.join(','));
  const badBrowsers = browsers.filter((b) => !ENGINE_NAMES.includes(b));
  if (badBrowsers.length) throw new Error(`unknown browser(s) ${badBrowsers.join(', ')}; expected ${ENGINE_NAMES.join(', ')}`);
  const runtimes = list(values.runtimes ?? RUNTIME_IDS.join(','));
  const badRuntimes = runtimes.filter((r) => !RUNTIME_IDS.includes(r));
  if (badRuntimes.length) throw new Error(`unknown runtime(s) ${badRuntimes.join(', ')}; expected ${RUNTIME_IDS.join(', ')}`);
  const threads = list(values.threads ?? '1,2').map((t) => positive('threads', t));
  return {
    help: values.help,
    listModels: values['list-models'],
    quick,
    depth: depthName,
    browsers,
    models: values.models ? list(values.models) : null,
    runtimes,
    threads,
    samples: values.samples ? positive('samples', values.samples) : depth.samples,
    batch: values.batch !== undefined ? positive('batch', values.batch, { zero: true }) : depth.batch,
    warmupMs: values['warmup-ms'] !== undefined ? positive('warmup-ms', values['warmup-ms'], { zero: true }) : depth.warmupMs,
    // A cap per measurement bounds the run's time: --full's 20 s is thousands of samples for the
    // small models and hundreds for VGG-16. The record says how many were measured and projects
    // the whole set's total. 0 = no cap.
    maxRunMs: values['max-run-seconds'] !== undefined
      ? (positive('max-run-seconds', values['max-run-seconds'], { zero: true }) || Infinity) * 1000 : depth.maxRunMs,
    identitySamples: depth.identitySamples,
    profileRuns: depth.profileRuns,
    // The warm-cache load (the page again, HTTP cache and compiled code kept): a second page
    // visit per cell, left out of the default run (on 2026-12-03 its loads alone took 206 s of
    // the 17.5-minute run, over 171 cells; --full and --quick keep it).
    warmLoad: depth.warmLoad,
    freshBrowser: depth.freshBrowser && !values['reuse-browser'],
    out: values.out,
    reportDir: values.report ?? path.dirname(values.out),
    check: values.check ?? null,
    saveBaseline: values['save-baseline'] ?? null,
    tolerance: positive('tolerance', values.tolerance, { zero: true }),
    current: values.current ?? null,
  };
}

const HELP = `usage: node e2e/bench.mjs [options]   (./bench runs it after setting up and building)
  --browsers LIST      chromium,firefox,webkit (default: all three)
  --models LIST        models of models/ (default: every one with a model.onnx and a test/reference set;
                       --quick: the small ones); 'external' = the group of models/external (real
                       architectures, ORT-node references: not in the default run), or external/NAME
  --runtimes LIST      ${RUNTIME_IDS.join(',')} (default: all)
  --threads LIST       thread counts to ask for (default 1,2; each runtime only gets the counts it has)
  (no depth option)    the first-run table, about 15 min on 2 cores: one browser per engine, warm-up
                       ${DEPTHS.default.warmupMs} ms, each measurement capped at ${DEPTHS.default.maxRunMs / 1000} s (at least ${DEPTHS.default.identitySamples} samples)
  --full               the whole-test-set run, about an hour: a fresh browser per combination, warm-up
                       ${DEPTHS.full.warmupMs / 1000} s, cap ${DEPTHS.full.maxRunMs / 1000} s (at least ${DEPTHS.full.identitySamples} samples)
  --quick              small models, ${DEPTHS.quick.samples} samples, short warm-up, one browser per engine (CI)
  --samples N          samples of the test set (default: all of it, within the cap; --quick: 100)
  --batch B            the larger batch, measured after batch 1 (default 100; --quick 10; 0: batch 1 only)
  --warmup-ms MS       warm-up before each measurement, by time (default ${DEPTHS.default.warmupMs}; --full ${DEPTHS.full.warmupMs}; --quick ${DEPTHS.quick.warmupMs})
  --max-run-seconds S  stop a measurement after S seconds (but not before its minimum samples); the samples
                       measured are reported and the whole set's total projected from them (default
                       ${DEPTHS.default.maxRunMs / 1000}; --full ${DEPTHS.full.maxRunMs / 1000}; 0: no cap)
  --reuse-browser      with --full: one browser per engine for all its combinations
  --out FILE           results JSON (default report/results.json); the report goes beside it
  --report DIR         where index.html goes (default: the folder of --out)
  --check BASELINE     regression mode: compare with a baseline (a results.json or one --save-baseline wrote),
                       exit 1 on a regression; e2e/baselines/ has committed ones
  --save-baseline FILE also write this run as a baseline: the fields --check reads, small enough to commit
  --tolerance T        how much worse a latency ratio against a peer may get (default ${DEFAULT_TOLERANCE} = ${DEFAULT_TOLERANCE * 100} %)
  --current FILE       measure nothing: print this results file's speed targets (and with --check, compare it)
  --list-models        print the models these options select (and the number of pages), measure nothing
  --investigate MODEL  the investigator's workbench instead: every layer, browser vs PC (--investigate MODEL --help)`;

/** The record of one measured batch size, in the foundation issue's schema plus extras. */
function runRecord(combo, engine, load, m, memory, extras) {
  const accuracy = m.accuracy;
  return {
    browser: engine.name,
    browserVersion: engine.version,
    runtime: combo.runtime,
    runtimeVersion: load.info.runtimeVersion,
    threads: combo.threads,
    model: combo.model,
    batch: m.batch,
    samples: m.samples,
    loadMs: load.loadMs,
    latencyMs: m.latencyMs,
    totalMs: m.totalMs,
    // The whole test set's total (the study's figure): measured when every sample ran, otherwise
    // projected from the mean per sample of those measured (fullSetProjected).
    fullSetTotalMs: m.latencyMs.perSampleMean * load.available,
    fullSetSamples: load.available,
    fullSetProjected: m.samples < load.available,
    memory: { wasmHeapBytes: memory.wasmHeapBytes, processTreePssBytes: extras.peakPssBytes, ...memory,
      processTreePssIdleBytes: extras.idlePssBytes, jsHeapUsedBytes: extras.jsHeap?.usedBytes ?? null,
      jsHeapTotalBytes: extras.jsHeap?.totalBytes ?? null },
    accuracy: { top1: accuracy.top1, agreement: accuracy.agreement, maxAbsError: accuracy.maxAbsError, maxRelError: accuracy.maxRelError },
    outputsSha256: m.outputsSha256,
    identity: m.identity,
    status: accuracy.maxRelError <= (extras.relTolerance ?? AGREEMENT_REL_TOLERANCE) ? 'ok' : 'disagrees',
    agreementWidened: extras.agreementWidened || undefined,
    agreementRelTolerance: extras.relTolerance ?? AGREEMENT_REL_TOLERANCE,
    agreementRule: extras.agreementRule ?? undefined,
    threadsActual: load.info.threadsActual,
    variant: load.info.variant,
    backend: load.info.backend,
    runtimeInfo: load.info,
    loadWarmMs: extras.warmLoadMs ?? null,
    errorHistogram: accuracy.errorHistogram,
    mismatches: accuracy.mismatches,
    conditions: {
      set: load.set, dataset: load.dataset, referenceProducer: load.producer, samplesAvailable: load.available,
      samplesRequested: m.samplesRequested, timedRuns: m.timedRuns, passes: m.passes, cappedByTime: m.cappedByTime, maxRunSeconds: Number.isFinite(extras.maxRunMs) ? extras.maxRunMs / 1000 : null, warmupMs: m.warmupMs, warmupRuns: m.warmupRuns,
      freshBrowser: extras.freshBrowser, headless: !engine.headed, crossOriginIsolated: load.crossOriginIsolated, userAgent: load.userAgent,
      hardwareConcurrency: load.hardwareConcurrency,
      // One-way hand-off between two threads just before and after the measurement (core-handoff.mjs).
      coreHandoffNs: m.coreHandoffNs, coresFar: m.coresFar, coreAttempts: m.coreAttempts,
    },
  };
}

/** A combination that produced no measurement: unsupported ops, unavailable backend, or an error. */
function failedRecord(combo, engine, error) {
  const message = String(error.message ?? error).replace(/^Error: /, '');
  const inPage = /failed in \w+: (?:Error: )?(.*)/s.exec(message)?.[1] ?? message;
  const firstLine = inPage.split('\n')[0];
  const status = /^unsupported: /.test(firstLine) ? 'unsupported' : /^unavailable: /.test(firstLine) ? 'unavailable' : 'error';
  return {
    browser: combo.browser, browserVersion: engine?.version ?? null, runtime: combo.runtime, runtimeVersion: null,
    threads: combo.threads, model: combo.model, batch: 1, samples: 0, loadMs: null, latencyMs: null, totalMs: null,
    memory: null, accuracy: null, outputsSha256: null,
    status, reason: status === 'error' ? firstLine : firstLine.replace(/^\w+: /, ''), error: status === 'error' ? inPage.slice(0, 2000) : undefined,
  };
}

// Headless Firefox gives pages no WebGL context: TF.js WebGL runs in headed Firefox on a private
// Xvfb display (Mesa llvmpipe), and the run's conditions say so.
const needsHeaded = (combo) => combo.browser === 'firefox' && combo.runtime === 'tfjs-webgl';

class EnginePool {
  constructor(fresh) {
    this.fresh = fresh;
    this.engines = new Map();
  }

  async get(browser, { headed = false } = {}) {
    const key = `${browser}${headed ? ' headed' : ''}`;
    if (!this.fresh && this.engines.has(key)) return this.engines.get(key);
    const engine = await launchEngine(browser, { headed });
    if (!this.fresh) this.engines.set(key, engine);
    return engine;
  }

  async done(engine) {
    if (this.fresh) await engine.close();
  }

  // After an error the browser may be gone (a page crash ends WebKit's WebDriver session): the
  // next combination of this engine gets a new one instead of failing on the dead one first.
  async discard(engine) {
    for (const [key, e] of this.engines) if (e === engine) this.engines.delete(key);
    if (!this.fresh) await engine.close().catch(() => {});
  }

  async closeAll() {
    for (const engine of this.engines.values()) await engine.close().catch(() => {});
    this.engines.clear();
  }
}

/**
 * benchHarness.measure(args), bracketed by the core probe (when there is one). A measurement at
 * more than one thread taken while the host kept the CPUs far apart is taken again, up to
 * MEASURE_ATTEMPTS in all; the record keeps every attempt's hand-off times and median, and says
 * when the last one was far too.
 */
async function measureOnNearCores(engine, combo, probe, say, args) {
  const attempts = [];
  for (;;) {
    const before = probe ? await probe.handoffNs() : null;
    const m = await engine.call('benchHarness.measure', args);
    const after = probe ? await probe.handoffNs() : null;
    const far = coresFar(before) || coresFar(after);
    attempts.push({ coreHandoffNs: [before, after], median: m.latencyMs.median });
    if (!far || combo.threads === 1 || attempts.length === MEASURE_ATTEMPTS) {
      Object.assign(m, { coreHandoffNs: [before, after], coresFar: probe ? far : undefined });
      if (attempts.length > 1) m.coreAttempts = attempts;
      if (far && combo.threads > 1) say(`measured with the cores far apart in all ${attempts.length} attempt(s): this cell says where the host put the CPUs`);
      return m;
    }
    say(`batch ${args.batch}: median ${m.latencyMs.median.toFixed(3)} ms with the cores far apart (hand-off ${describeHandoff(before)} before, ` +
      `${describeHandoff(after)} after): measuring again (${attempts.length + 1} of ${MEASURE_ATTEMPTS})`);
  }
}

/** One combination in one page: cold load, batch 1, the larger batch, memory, then a warm load. */
async function benchCombination(combo, model, options, pool, pageUrl, say) {
  let engine;
  try {
    engine = await pool.get(combo.browser, { headed: needsHeaded(combo) });
  } catch (e) {
    return { records: [failedRecord(combo, null, new Error(`${combo.browser} failed to launch: ${e.message}`))] };
  }
  try {
    await engine.goto(pageUrl);
    const idlePssBytes = await processTreePss(engine.rootPid);
    const args = { model: combo.model, runtime: combo.runtime, threads: combo.threads };
    const batches = [1];
    const samples = Math.min(options.samples, model.samples ?? Infinity);
    if (options.batch > 1 && model.batchable && samples >= options.batch) batches.push(options.batch);
    // Peak PSS is sampled while loading and between measurements, never during one (nor during the
    // core probes): a sample costs 15-22 ms of a core (memory.mjs).
    const sampler = startPssSampler(engine.rootPid);
    const timed = async (work) => {
      await sampler.pause();
      try {
        return await work();
      } finally {
        await sampler.resume();
      }
    };
    const [outcome] = await Promise.allSettled([(async () => {
      const load = await engine.call('benchHarness.load', args);
      say(`loaded in ${seconds(load.loadMs)} (${load.info.runtime} ${load.info.runtimeVersion}, ${load.info.backend}, ${load.info.threadsActual} thread(s))`);
      const measured = [];
      let batchNote = null;
      for (const batch of batches) {
        // A larger batch that would not fit twice in the time cap (one warm-up, one measured batch
        // at least) is left out: it would take minutes per page on a software GPU and say little.
        const perSample = measured[0]?.latencyMs.perSampleMean;
        if (batch > 1 && perSample * batch > options.maxRunMs / 2) {
          batchNote = `batch ${batch} not measured: one batch would take ~${seconds(perSample * batch)} at batch 1's speed, ` +
            `over half the ${seconds(options.maxRunMs)} cap (--max-run-seconds)`;
          say(batchNote);
          continue;
        }
        // Infinity does not survive JSON (WebDriver): leave unbounded values out, the page's defaults are unbounded.
        const finite = (x) => (Number.isFinite(x) ? x : undefined);
        const m = await timed(() => measureOnNearCores(engine, combo, options.coreProbe, say, { batch, samples: finite(options.samples),
          warmupMs: options.warmupMs, maxMs: finite(options.maxRunMs), identitySamples: options.identitySamples }));
        say(`batch ${batch}: ${m.samples} samples${m.passes > 1 ? ` (timed over ${m.passes} passes, ${m.timedRuns} runs)` : ''}, median ${m.latencyMs.median.toFixed(3)} ms, total ${seconds(m.totalMs)}, agreement ${m.accuracy.agreement}, max|err| ${m.accuracy.maxAbsError.toExponential(1)}`);
        measured.push(m);
      }
      // wasmnn's per-step profile (50 timed runs at batch 1), after the timed measurement.
      const profile = combo.runtime === 'wasmnn' ? await timed(() => engine.call('benchHarness.profile', { runs: options.profileRuns })) : null;
      if (profile) {
        const conv = profile.byOpType.filter((o) => o.gflops !== null)
          .map((o) => `${o.op} ${o.gflops.toFixed(1)} GFLOP/s (${(100 * o.ofPeak).toFixed(0)} % of ${profile.peakGflops.toFixed(1)})`);
        say(`profile: ${profile.byOpType.slice(0, 3).map((o) => `${o.op} ${(100 * o.share).toFixed(0)} %`).join(', ')}; ${conv.join(', ')}`);
      }
      const memory = await engine.call('benchHarness.memory');
      const jsHeap = engine.jsHeap ? await engine.jsHeap() : null;
      return { load, measured, memory, jsHeap, batchNote, profile };
    })()]);
    const { peakPssBytes } = await sampler.stop();
    if (outcome.status === 'rejected') throw outcome.reason;
    const result = outcome.value;
    await engine.call('benchHarness.release');
    const resources = await engine.call('benchHarness.resources');
    const errors = await engine.consoleErrors();
    // Warm cache: the same page again in the same browser (HTTP cache and compiled code kept).
    let warmLoadMs = null;
    if (options.warmLoad) {
      try {
        await engine.goto(pageUrl);
        warmLoadMs = (await engine.call('benchHarness.loadOnly', args)).loadMs;
      } catch (e) {
        say(`warm load failed: ${e.message.split('\n')[0]}`);
      }
    }
    const extras = { peakPssBytes, idlePssBytes, jsHeap: result.jsHeap, warmLoadMs, freshBrowser: pool.fresh, maxRunMs: options.maxRunMs,
      agreementWidened: model.agreementWidened, relTolerance: model.relTolerance, agreementRule: model.agreementRule };
    const records = result.measured.map((m) => runRecord(combo, engine, result.load, m, result.memory, extras));
    if (result.batchNote) records[0].batchNote = result.batchNote;
    if (result.profile) records[0].profile = result.profile;
    if (!model.batchable && options.batch > 1) records[0].batchNote = `batch ${options.batch} not measured: the model's input has a fixed batch of ${model.input.dims?.[0]}`;
    if (errors.length) for (const r of records) r.consoleErrors = errors;
    return { records, resources };
  } catch (e) {
    const record = failedRecord(combo, engine, e);
    if (record.status === 'error') await pool.discard(engine);  // not for a runtime's 'unsupported'
    return { records: [record] };
  } finally {
    await pool.done(engine).catch(() => {});
  }
}

/** The run's probes: how many, how many far, the fastest and slowest hand-off (ns). */
function handoffSummary(runs) {
  const ns = runs.flatMap((r) => (r.conditions?.coreAttempts ?? [{ coreHandoffNs: r.conditions?.coreHandoffNs ?? [] }])
    .flatMap((a) => a.coreHandoffNs)).filter((x) => typeof x === 'number');
  if (!ns.length) return null;
  return { probes: ns.length, far: ns.filter(coresFar).length, minNs: Math.min(...ns), maxNs: Math.max(...ns),
    farCells: runs.filter(measuredFar).length };
}

const handoffLine = (h) => (h ? `core hand-off ${h.minNs.toFixed(0)}-${h.maxNs.toFixed(0)} ns (${h.far} of ${h.probes} probes far apart; ` +
  `${h.farCells} multi-thread cell(s) measured far after ${MEASURE_ATTEMPTS} attempts); ` : '');

export function selectModels(options, discovered) {
  const broken = discovered.filter((m) => m.error);
  for (const m of broken) log(`models/${m.name}: skipped, ${m.error}`);
  const usable = discovered.filter((m) => !m.error);
  // The default run is the zoo; a group (`--models external`) names all of its models.
  if (!options.models) return usable.filter((m) => !m.group).filter(options.quick ? isSmallModel : () => true);
  const names = options.models.flatMap((name) => (name === EXTERNAL_GROUP ? usable.filter((m) => m.group === name).map((m) => m.name) : [name]));
  if (options.models.includes(EXTERNAL_GROUP) && !usable.some((m) => m.group === EXTERNAL_GROUP)) {
    throw new Error('--models external: no model of models/external has its reference set yet; ' +
      'build them with: node models/external/build-references.mjs');
  }
  const unknown = names.filter((name) => !usable.some((m) => m.name === name));
  if (unknown.length) {
    throw new Error(`no benchmarkable model ${unknown.join(', ')} in models/ (found: ${usable.map((m) => m.name).join(', ')}; ` +
      `a model needs model.onnx and testset/ or reference/manifest.json; '${EXTERNAL_GROUP}' names the group of models/external)`);
  }
  return [...new Set(names)].map((name) => usable.find((m) => m.name === name));
}

async function measureAll(options) {
  const discovered = [...discoverModels(), ...discoverExternalModels()];
  const models = selectModels(options, discovered);
  if (!models.length) throw new Error('no model to measure (models/ has no model.onnx with a test or reference set)');
  const combos = planCombinations({ browsers: options.browsers, models, runtimes: options.runtimes, threads: options.threads });
  log(`bench: ${combos.length} combinations: ${options.browsers.join(', ')} x ${models.map((m) => m.name).join(', ')} x ` +
    `${options.runtimes.map((r) => `${r} (threads ${runtimeSpec(r).threads.filter((t) => options.threads.includes(t)).join(',')})`).join(', ')}; ` +
    `batch 1${options.batch > 1 ? ` + ${options.batch}` : ''}, samples ${options.samples === Infinity ? 'all' : options.samples}, ` +
    `warm-up ${options.warmupMs} ms, ${options.freshBrowser ? 'a fresh browser per combination' : 'one browser per engine'}`);

  const server = await startServer({ root: REPO_ROOT, cachePrefixes: ['/dist/', '/vendor/', '/models/'] });
  options = { ...options, coreProbe: await startCoreProbe() };
  const pool = new EnginePool(options.freshBrowser);
  const runs = [];
  const resourcesByRuntime = new Map();
  const started = Date.now();
  const loadBefore = os.loadavg();
  try {
    for (const [i, combo] of combos.entries()) {
      const tag = `[${i + 1}/${combos.length}] ${combo.browser} ${combo.model} ${combo.runtime} t${combo.threads}`;
      const elapsed = Date.now() - started;
      const eta = i ? ` (elapsed ${duration(elapsed)}, ETA ${duration((elapsed / i) * (combos.length - i))})` : '';
      log(`${tag}${eta}`);
      const model = models.find((m) => m.name === combo.model);
      let { records, resources } = await benchCombination(combo, model, options, pool, server.url + PAGE, (msg) => log(`  ${msg}`));
      // A combination that errored gets one more try in a fresh browser: peers' threaded builds
      // crash now and then (ORT-Web 2 threads in WebKit: "Out of bounds memory access", 1 in ~100
      // pages here). Both attempts are in the record.
      if (records[0].status === 'error') {
        const first = records[0].reason;
        log(`  error: ${first}; trying once more in a fresh browser`);
        const fresh = new EnginePool(true);
        ({ records, resources } = await benchCombination(combo, model, options, fresh, server.url + PAGE, (msg) => log(`  ${msg}`)));
        for (const r of records) r.retriedAfter = first;
      }
      for (const r of records) if (r.status !== 'ok') log(`  ${r.status}: ${r.reason ?? `max rel error ${r.accuracy?.maxRelError}`}`);
      runs.push(...records);
      // What one page of this runtime and thread count fetched (the first such page is enough).
      const key = `${combo.runtime}|${combo.threads}`;
      if (resources && !resourcesByRuntime.has(key)) resourcesByRuntime.set(key, resources);
    }
  } finally {
    await pool.closeAll();
    await server.close();
    await options.coreProbe.close();
  }
  const downloads = await downloadSizes(resourcesByRuntime);
  return {
    generated: new Date().toISOString(),
    runs,
    conditions: {
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null,
        cpuVectorExtensions: await cpuVectorExtensions(), memoryBytes: os.totalmem(), platform: `${os.type()} ${os.release()}`,
        loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), coreHandoff: handoffSummary(runs) },
      node: process.version,
      options: { quick: options.quick, depth: options.depth, browsers: options.browsers, models: models.map((m) => m.name), runtimes: options.runtimes,
        threads: options.threads, samples: options.samples === Infinity ? 'all' : options.samples, batch: options.batch,
        warmupMs: options.warmupMs, maxRunSeconds: options.maxRunMs === Infinity ? null : options.maxRunMs / 1000,
        identitySamples: options.identitySamples, freshBrowser: options.freshBrowser },
      agreementRelTolerance: AGREEMENT_REL_TOLERANCE,
      durationMs: Date.now() - started,
    },
    models: models.map(({ name, onnxBytes, params, opTypes, set, samples, dataset, producer, hasLabels, pcTestAccuracy, batchable, input }) =>
      ({ name, onnxBytes, params, opTypes, set, samples, dataset, producer, hasLabels, pcTestAccuracy, batchable, input })),
    // Download per runtime: the files of its 1-thread page (threaded pages may fetch other builds:
    // downloadsByThreads has each).
    runtimes: options.runtimes.map((id) => ({
      ...runtimeSpec(id),
      download: downloads[`${id}|1`] ?? Object.entries(downloads).find(([k]) => k.startsWith(`${id}|`))?.[1] ?? null,
      downloadsByThreads: Object.fromEntries(Object.entries(downloads).filter(([k]) => k.startsWith(`${id}|`)).map(([k, v]) => [k.split('|')[1], v])),
    })),
    crossBrowser: crossBrowserIdentity(runs),
  };
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--investigate' || a.startsWith('--investigate='))) {
    const { investigateMain } = await import('./investigate.mjs');
    return investigateMain(argv);
  }
  const options = parseOptions(argv);
  if (options.help) return console.log(HELP);
  if (options.listModels) {
    const models = selectModels(options, [...discoverModels(), ...discoverExternalModels()]);
    const combos = planCombinations({ browsers: options.browsers, models, runtimes: options.runtimes, threads: options.threads });
    for (const m of models) {
      console.log(`${m.name}\t${(m.onnxBytes / 1024).toFixed(0)} kB\t${m.set} (${m.samples} samples)\t` +
        `${Object.keys(m.opTypes).join(' ')}${m.agreementWidened ? '\t[ORT disagrees with itself: judged by the external tests]' : ''}`);
    }
    return console.log(`${models.length} models, ${combos.length} combinations (pages) with ${options.browsers.join(', ')} x ${options.runtimes.join(', ')}`);
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

  let results;
  if (options.current) {
    results = JSON.parse(await fs.readFile(options.current, 'utf8'));
    console.log(formatTargets(speedTargets(results)));
  } else {
    results = await measureAll(options);
    Object.assign(results, failuresOf(results.runs));
    results.targets = speedTargets(results);
    await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await fs.writeFile(options.out, JSON.stringify(results, null, 1) + '\n');
    const html = await writeReport(results, options.reportDir);
    const summary = path.join(options.reportDir, 'summary.md');
    await fs.writeFile(summary, `${formatMarkdown(results)}\n${markdownTargets(results.targets)}`);
    const c = results.conditions;
    console.log(`${formatTable(results.runs)}\n\n${formatHashAgreement(results.crossBrowser)}\n\ndownload size:\n${formatDownloads(results.runtimes)}`);
    console.log(`\nconditions: ${c.machine.cpus} CPUs (${c.machine.cpuModel}; ${c.machine.cpuVectorExtensions.join(' ') || 'vector extensions unknown'}), load average ${c.machine.loadAverageBefore.map((x) => x.toFixed(1)).join('/')} before, ` +
      `${c.machine.loadAverageAfter.map((x) => x.toFixed(1)).join('/')} after; ${handoffLine(c.machine.coreHandoff)}${c.options.depth ?? 'default'} run; warm-up ${c.options.warmupMs} ms; ` +
      `cap ${c.options.maxRunSeconds ?? 'none'} s per measurement; samples ${c.options.samples}; ` +
      `${c.options.freshBrowser ? 'fresh browser per combination' : 'one browser per engine'}; ${(c.durationMs / 60000).toFixed(1)} min`);
    console.log(`\n${formatTargets(results.targets)}`);
    console.log(`\nwrote ${options.out}, ${html} and ${summary}`);
    if (options.saveBaseline) {
      await fs.mkdir(path.dirname(path.resolve(options.saveBaseline)), { recursive: true });
      await fs.writeFile(options.saveBaseline, JSON.stringify(baselineOf(results), null, 1) + '\n');
      console.log(`wrote the baseline ${options.saveBaseline} (compare later runs with --check ${options.saveBaseline})`);
    }
    if (results.warnings.length) console.log(`\nwarnings:\n  ${results.warnings.join('\n  ')}`);
    if (results.failures.length) {
      console.error(`\nbench FAILED:\n  ${results.failures.join('\n  ')}`);
      process.exitCode = 1;
    }
  }
  if (options.check) {
    const baseline = JSON.parse(await fs.readFile(options.check, 'utf8'));
    const check = checkAgainstBaseline(baseline, results, { tolerance: options.tolerance });
    console.log(`\n${formatCheck(check, { baseline: options.check, tolerance: options.tolerance })}`);
    if (check.failures.length) process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
});
