// Benchmark wasmnn in real browsers: for each browser x model, a fresh browser
// runs wasmnnHarness.runBench on the test page while we sample the browser's
// process-tree PSS. Writes the runs as JSON and prints a table.
//
//   node e2e/bench.mjs [--browsers chromium,firefox,webkit] [--models lenet5]
//                      [--samples 10000] [--out report/results.json] [--page /web/test.html]
// Exit status 1 if a browser fails to launch, the page throws, or agreement < 1.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatHashAgreement, formatTable } from './bench-table.mjs';
import { ENGINE_NAMES, launchEngine } from './engines/index.mjs';
import { sampleWhile } from './memory.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const progress = (tag, message) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${tag}: ${message}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      browsers: { type: 'string', default: ENGINE_NAMES.join(',') },
      models: { type: 'string', default: 'lenet5' },
      samples: { type: 'string', default: '10000' },
      out: { type: 'string', default: 'report/results.json' },
      page: { type: 'string', default: '/web/test.html' },
    },
  });
  const browsers = values.browsers.split(',').filter(Boolean);
  const unknown = browsers.filter((b) => !ENGINE_NAMES.includes(b));
  if (unknown.length) throw new Error(`unknown browser(s) ${unknown.join(', ')}; expected ${ENGINE_NAMES.join(', ')}`);
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`--samples must be a positive integer, got '${values.samples}'`);
  return { browsers, models: values.models.split(',').filter(Boolean), samples, out: values.out, page: values.page };
}

// What runBench must return (web/harness.js), checked so a contract break reads as one.
const NUMERIC_FIELDS = [
  'threads', 'batch', 'samples', 'loadMs', 'totalMs', 'latencyMs.median', 'latencyMs.p10', 'latencyMs.p90',
  'memory.wasmHeapBytes', 'accuracy.top1', 'accuracy.agreement', 'accuracy.maxAbsError', 'accuracy.maxRelError',
];

/** The results.json record for one run: the page's numbers plus what only Node can see. */
function toRecord(engine, r, peakPssBytes) {
  const missing = NUMERIC_FIELDS.filter((field) => typeof field.split('.').reduce((o, k) => o?.[k], r) !== 'number');
  if (typeof r?.outputsSha256 !== 'string') missing.push('outputsSha256');
  if (missing.length) throw new Error(`runBench returned a record without ${missing.join(', ')}: ${JSON.stringify(r).slice(0, 300)}`);
  const record = {
    browser: engine.name,
    browserVersion: engine.version,
    runtime: r.runtime,
    runtimeVersion: r.runtimeVersion,
    threads: r.threads,
    model: r.model,
    batch: r.batch,
    samples: r.samples,
    loadMs: r.loadMs,
    latencyMs: { median: r.latencyMs.median, p10: r.latencyMs.p10, p90: r.latencyMs.p90, ...r.latencyMs },
    totalMs: r.totalMs,
    memory: { wasmHeapBytes: r.memory.wasmHeapBytes, processTreePssBytes: peakPssBytes, ...r.memory },
    accuracy: {
      top1: r.accuracy.top1,
      agreement: r.accuracy.agreement,
      maxAbsError: r.accuracy.maxAbsError,
      maxRelError: r.accuracy.maxRelError,
    },
    outputsSha256: r.outputsSha256,
  };
  // The fields above first, in this order; then whatever else the page reports (kernels, userAgent, ...).
  return { ...record, ...r, ...record };
}

/** One fresh browser, one model. Returns the record; throws with a message naming the step that failed. */
async function benchOne(browser, model, { pageUrl, samples }) {
  const tag = `${browser} ${model}`;
  const launchStart = performance.now();
  let engine;
  try {
    engine = await launchEngine(browser);
  } catch (e) {
    throw new Error(`${browser} failed to launch: ${e.message}`);
  }
  try {
    progress(tag, `launched ${engine.version} in ${seconds(performance.now() - launchStart)}`);
    await engine.goto(pageUrl);
    progress(tag, `started runBench (${samples} samples)`);
    const started = performance.now();
    const { result, peakPssBytes } = await sampleWhile(engine.call('wasmnnHarness.runBench', { model, samples }), engine.rootPid);
    const record = toRecord(engine, result, peakPssBytes);
    progress(tag, `done in ${seconds(performance.now() - started)}: median ${record.latencyMs.median.toFixed(3)} ms/image, agreement ${record.accuracy.agreement}`);
    const errors = await engine.consoleErrors();
    if (errors.length) progress(tag, `console errors:\n  ${errors.join('\n  ')}`);
    return record;
  } finally {
    await engine.close();
  }
}

async function main() {
  const options = parseOptions();
  // Die through process.exit so the engines' exit hooks kill the browsers we started.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

  const server = await startServer({ root: REPO_ROOT });
  const pageUrl = server.url + options.page;
  const runs = [];
  const failures = [];
  try {
    for (const browser of options.browsers) {
      for (const model of options.models) {
        try {
          const record = await benchOne(browser, model, { pageUrl, samples: options.samples });
          runs.push(record);
          if (!(record.accuracy.agreement >= 1)) failures.push(`${browser} ${model}: agreement with the PC reference is ${record.accuracy.agreement}, not 1`);
        } catch (e) {
          progress(`${browser} ${model}`, `FAILED: ${e.message}`);
          failures.push(`${browser} ${model}: ${e.message}`);
        }
      }
    }
  } finally {
    await server.close();
  }

  const report = { generated: new Date().toISOString(), runs, ...(failures.length ? { failures } : {}) };
  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, JSON.stringify(report, null, 2) + '\n');

  if (runs.length) console.log(`${formatTable(runs)}\n\n${formatHashAgreement(runs)}`);
  console.log(`\nwrote ${options.out}`);
  if (failures.length) {
    console.error(`\nbench FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
});
