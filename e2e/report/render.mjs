// report/index.html from a bench results.json: the study's tables (model, size, browser,
// accuracy, prediction time, system memory per runtime) as static HTML, charts drawn in the page
// by Chart.js (copied next to the report, so the folder works offline and from file://).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAR_HANDOFF_NS, MEASURE_ATTEMPTS, measuredFar } from '../core-handoff.mjs';
import { coresLabel, fullSetTotal } from '../bench-table.mjs';
import { profileTable } from './profile-table.mjs';
import { REPO_ROOT } from '../server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHART_JS = path.join(REPO_ROOT, 'node_modules/chart.js/dist/chart.umd.min.js');
const MIB = 2 ** 20;

const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const num = (x, digits) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–');
const mib = (x) => (typeof x === 'number' ? (x / MIB).toFixed(1) : '–');
const kib = (x) => (typeof x === 'number' ? (x / 1024).toFixed(0) : '–');
const unique = (xs) => [...new Set(xs)];
const td = (content, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${content}</td>`;

function statusCell(run, span) {
  const text = run.status === 'unsupported' ? `unsupported: ${run.reason}`
    : run.status === 'unavailable' ? `unavailable: ${run.reason}` : `${run.status}: ${run.reason ?? ''}`;
  return `<td class="${esc(run.status)}" colspan="${span}">${esc(text)}</td>`;
}

/** Table IV/V layout: one row per model x browser, per runtime: accuracy, prediction time, system memory. */
function studyTable(results, { threads, batch }) {
  const runs = results.runs;
  const runtimes = unique(runs.map((r) => r.runtime));
  const browsers = unique(runs.map((r) => r.browser));
  const models = results.models ?? unique(runs.map((r) => r.model)).map((name) => ({ name }));
  const pick = (model, browser, runtime) => {
    const of = runs.filter((r) => r.model === model && r.browser === browser && r.runtime === runtime);
    const exact = of.find((r) => r.threads === threads && r.batch === batch);
    if (exact) return { run: exact, note: '' };
    const failed = of.find((r) => !r.latencyMs && r.threads === threads);
    if (failed) return { run: failed, note: '' };
    if (threads !== 1) { // a runtime without this thread count: show its 1-thread run for comparison
      const single = of.find((r) => r.threads === 1 && r.batch === batch);
      if (single) return { run: single, note: ' <small>(1 thread)</small>' };
    }
    return { run: null, note: '' };
  };
  let rows = '';
  let any = false;
  for (const model of models) {
    const name = model.name;
    browsers.forEach((browser, i) => {
      const cells = runtimes.map((runtime) => {
        const { run, note } = pick(name, browser, runtime);
        if (!run) return td('not run', 'unavailable') + td('') + td('');
        if (!run.latencyMs) return statusCell(run, 3);
        if (run.threads === threads && run.batch === batch) any = true;
        const acc = run.accuracy.top1 !== null ? num(run.accuracy.top1, 4) : `agree ${num(run.accuracy.agreement, 4)}`;
        const accCls = run.status === 'disagrees' ? 'disagrees' : '';
        const time = fullSetTime(run) + `<br><small>median ${num(run.latencyMs.median, 3)} ms</small>${note}`;
        return td(esc(acc) + (run.status === 'disagrees' ? '<br><small>DISAGREES</small>' : ''), accCls) + td(time) + td(mib(run.memory.processTreePssBytes));
      }).join('');
      const size = model.onnxBytes ? `${kib(model.onnxBytes)} KiB<br><small>${(model.params ?? 0).toLocaleString('en')} params</small>` : '';
      const version = runs.find((r) => r.browser === browser && r.browserVersion)?.browserVersion ?? '';
      rows += `<tr${i === 0 ? ' class="group"' : ''}>${i === 0 ? `<td class="text" rowspan="${browsers.length}">${esc(name)}</td><td rowspan="${browsers.length}">${size}</td>` : ''}` +
        `<td class="text">${esc(browser)}<br><small>${esc(version)}</small></td>${cells}</tr>\n`;
    });
  }
  if (!any) return '';
  const head1 = `<tr><th class="text" rowspan="2">Model</th><th rowspan="2">Size</th><th class="text" rowspan="2">Browser</th>${runtimes.map((rt) => `<th colspan="3">${esc(rt)}</th>`).join('')}</tr>`;
  const head2 = `<tr>${runtimes.map(() => '<th>Accuracy<br><small>top-1</small></th><th>Prediction time<br><small>whole test set (~ projected)</small></th><th>System memory<br><small>PSS MiB</small></th>').join('')}</tr>`;
  return `<div class="scroll"><table>${head1}${head2}${rows}</table></div>`;
}

// The study's figure: the whole test set's total, measured, or projected from the samples a
// time cap let through (marked ~, with the count measured).
function fullSetTime(run) {
  if (typeof run.fullSetTotalMs !== 'number') return `${num(run.totalMs / 1000, 2)} s <small>/ ${run.samples}</small>`;
  const measured = run.fullSetProjected ? ` (${run.samples} measured)` : '';
  return `${fullSetTotal(run)} s <small>/ ${run.fullSetSamples}${measured}</small>`;
}

function fullTable(results) {
  const head = ['browser', 'model', 'runtime', 'threads (actual)', 'batch', 'status', 'samples', 'top-1', 'agreement', 'max |err|', 'max rel err',
    'median ms', 'p10 ms', 'p90 ms', 'mean ms', 'total s', 'whole set s', 'load ms cold', 'load ms warm', 'wasm heap MiB', 'PSS MiB (idle)', 'JS heap MiB', 'cores', 'sha256'];
  const rows = results.runs.map((r) => {
    const lead = [esc(r.browser), esc(r.model), esc(r.runtime), `${r.threads}${r.threadsActual !== undefined && r.threadsActual !== r.threads ? ` (${r.threadsActual})` : ''}`, r.batch];
    const leadCells = lead.map((c, i) => td(c, i < 3 ? 'text' : '')).join('');
    if (!r.latencyMs) return `<tr>${leadCells}${statusCell(r, head.length - lead.length)}</tr>`;
    const a = r.accuracy;
    const m = r.memory;
    return `<tr>${leadCells}${td(esc(r.status), r.status === 'ok' ? 'text' : 'disagrees')}${td(r.samples)}${td(num(a.top1, 4))}${td(num(a.agreement, 4))}` +
      `${td(a.maxAbsError.toExponential(1))}${td(a.maxRelError.toExponential(1))}${td(num(r.latencyMs.median, 3))}${td(num(r.latencyMs.p10, 3))}` +
      `${td(num(r.latencyMs.p90, 3))}${td(num(r.latencyMs.mean, 3))}${td(num(r.totalMs / 1000, 2))}${td(esc(fullSetTotal(r)))}${td(num(r.loadMs, 0))}${td(num(r.loadWarmMs, 0))}` +
      `${td(mib(m.wasmHeapBytes))}${td(`${mib(m.processTreePssBytes)} <small>(${mib(m.processTreePssIdleBytes)})</small>`)}${td(mib(m.jsHeapUsedBytes))}` +
      `${td(esc(coresLabel(r)), measuredFar(r) ? 'differs text' : 'text')}` +
      `${td(`<code>${esc(String(r.outputsSha256).slice(0, 12))}</code>`, 'text')}</tr>`;
  }).join('\n');
  return `<div class="scroll"><table><tr>${head.map((h, i) => `<th${i < 3 ? ' class="text"' : ''}>${esc(h)}</th>`).join('')}</tr>${rows}</table></div>`;
}

function identityTable(results) {
  const groups = (results.crossBrowser ?? []).filter((g) => g.browsers.length > 1);
  if (!groups.length) return '<p>No combination was measured in more than one browser.</p>';
  const rows = groups.map((g) => `<tr>${td(esc(g.runtime), 'text')}${td(esc(g.model), 'text')}${td(g.threads)}${td(g.batch)}${td(g.samples)}` +
    `${td(esc(g.browsers.join(', ')), 'text')}${td(g.identical ? 'identical' : 'differ', g.identical ? 'same text' : 'differs text')}</tr>`).join('');
  return `<table><tr><th class="text">runtime</th><th class="text">model</th><th>threads</th><th>batch</th><th>samples</th><th class="text">browsers</th><th class="text">outputs of the first <i>samples</i> (SHA-256 of the floats)</th></tr>${rows}</table>`;
}

function downloadsTable(results) {
  const rows = (results.runtimes ?? []).filter((r) => r.download).map((r) => {
    const d = r.download;
    const files = d.files.map((f) => `${esc(f.url)} <small>(${kib(f.bytes)} / ${kib(f.gzipBytes)} KiB)</small>`).join('<br>');
    return `<tr>${td(esc(r.id), 'text')}${td(kib(d.bytes))}${td(kib(d.gzipBytes))}${td(kib(d.wasmBytes))}${td(kib(d.jsBytes))}${td(files, 'text')}</tr>`;
  }).join('');
  if (!rows) return '<p>No download sizes recorded.</p>';
  return `<table><tr><th class="text">runtime</th><th>total KiB</th><th>gzip KiB</th><th>wasm KiB</th><th>JS KiB</th><th class="text">files a 1-thread page fetched (raw / gzip)</th></tr>${rows}</table>`;
}

function conditions(results) {
  const c = results.conditions ?? {};
  const o = c.options ?? {};
  const versions = unique(results.runs.filter((r) => r.browserVersion).map((r) => `${r.browser} ${r.browserVersion}`)).join('; ');
  const runtimeVersions = unique(results.runs.filter((r) => r.runtimeVersion).map((r) => `${r.runtime} ${r.runtimeVersion} (${r.backend ?? ''})`)).join('; ');
  const sample = results.runs.find((r) => r.conditions);
  const items = [
    ['generated', results.generated],
    ['machine', c.machine ? `${c.machine.cpus} CPUs (${c.machine.cpuModel}${c.machine.cpuVectorExtensions?.length ? `; ${c.machine.cpuVectorExtensions.join(' ')}` : ''}), ${mib(c.machine.memoryBytes)} MiB, ${c.machine.platform}; load average before ${c.machine.loadAverageBefore?.map((x) => x.toFixed(1)).join(' / ')}, after ${c.machine.loadAverageAfter?.map((x) => x.toFixed(1)).join(' / ')}` : '–'],
    ['cores', c.machine?.coreHandoff ? `one-way hand-off between two threads, probed before and after each measurement: ${c.machine.coreHandoff.minNs.toFixed(0)}-${c.machine.coreHandoff.maxNs.toFixed(0)} ns, ` +
      `${c.machine.coreHandoff.far} of ${c.machine.coreHandoff.probes} probes far apart (>= ${FAR_HANDOFF_NS} ns: the host kept the CPUs on cores that share no cache); ` +
      `a multi-thread measurement taken far is taken again, up to ${MEASURE_ATTEMPTS} in all; ${c.machine.coreHandoff.farCells} cell(s) stayed far (column "cores": FAR)` : '–'],
    ['browsers', versions],
    ['runtimes', runtimeVersions],
    ['samples', `${o.samples ?? '–'} per combination (the whole test set if "all"); batch 1${o.batch > 1 ? ` and ${o.batch}` : ''}`],
    ['time cap', o.maxRunSeconds ? `${o.maxRunSeconds} s per measurement, never fewer than 100 samples; whole-set totals marked ~ are projected from the samples measured` : 'none: every sample measured'],
    ['warm-up', `${o.warmupMs ?? '–'} ms of runs before each measurement (by time: JITs tier up)`],
    ['page', `${sample?.conditions?.crossOriginIsolated ? 'cross-origin isolated (COOP/COEP)' : 'not cross-origin isolated'}; ${o.freshBrowser ? 'a fresh browser per combination' : 'one browser per engine, a fresh page per combination'}`],
    ['agreement', `a run agrees with the PC reference when every sample's max |error| is within ${c.agreementRelTolerance ?? 1e-3} of that sample's reference range; "agreement" columns are top-1 agreement`],
    ['duration', c.durationMs ? `${(c.durationMs / 60000).toFixed(1)} min` : '–'],
  ];
  return `<dl class="conditions">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

export function renderHtml(results) {
  const batch = results.conditions?.options?.batch ?? 0;
  const tables = [
    ['Table IV layout: batch 1, 1 thread', studyTable(results, { threads: 1, batch: 1 })],
    ['Table V layout: batch 1, 2 threads', studyTable(results, { threads: 2, batch: 1 })],
    [`Batch ${batch}, 1 thread`, batch > 1 ? studyTable(results, { threads: 1, batch }) : ''],
  ].filter(([, html]) => html);
  const problems = [...(results.failures ?? []).map((f) => `<li class="error">${esc(f)}</li>`), ...(results.warnings ?? []).map((w) => `<li class="disagrees">${esc(w)}</li>`)];
  const notMeasured = results.runs.filter((r) => r.batchNote).map((r) => `<li>${esc(`${r.browser} ${r.model} ${r.runtime} t${r.threads}: ${r.batchNote}`)}</li>`);
  const json = JSON.stringify(results).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>wasmnn cross-browser bench report</title>
<link rel="stylesheet" href="assets/report.css">
</head>
<body>
<h1>wasmnn: cross-browser measurement report</h1>
<p class="note">Every model x browser x runtime x threads measured the same way in one run of <code>./bench</code>
(<code>e2e/bench.mjs</code>); each runtime's outputs are checked against the PC reference before its timing is shown.
Prediction time is the wall time of all samples after warm-up; "median" is per call. System memory is the peak
proportional set size of the browser's whole process tree during the run. Timings on a shared, loaded machine are noisy:
read them as the conditions below state.</p>
${conditions(results)}
${problems.length ? `<h2>Failures and warnings</h2><ul>${problems.join('')}</ul>` : ''}
${tables.map(([title, html]) => `<h2>${esc(title)}</h2>\n${html}`).join('\n')}
${notMeasured.length ? `<h2>Not measured</h2><ul>${notMeasured.join('')}</ul>` : ''}
<h2>Charts</h2>
<div id="charts" class="charts"></div>
<h2>Where wasmnn's time goes (per-op profile, batch 1)</h2>
<p class="note">50 runs timed step by step after the measurement; GFLOP/s against the page's own peak for 128-bit
float code (16 independent f32x4 multiply-add chains on one thread).</p>
${profileTable(results)}
<h2>Outputs across browsers</h2>
${identityTable(results)}
<h2>Download size of each runtime</h2>
${downloadsTable(results)}
<h2>Every run</h2>
${fullTable(results)}
<script type="application/json" id="results">${json}</script>
<script src="assets/chart.umd.min.js"></script>
<script src="assets/report.js"></script>
</body>
</html>
`;
}

/** Writes dir/index.html and dir/assets/; returns the path of index.html. */
export async function writeReport(results, dir) {
  await fs.mkdir(path.join(dir, 'assets'), { recursive: true });
  await fs.copyFile(CHART_JS, path.join(dir, 'assets/chart.umd.min.js'));
  await fs.copyFile(path.join(HERE, 'report.js'), path.join(dir, 'assets/report.js'));
  await fs.copyFile(path.join(HERE, 'report.css'), path.join(dir, 'assets/report.css'));
  const file = path.join(dir, 'index.html');
  await fs.writeFile(file, renderHtml(results));
  return file;
}
