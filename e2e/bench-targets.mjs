// The speed targets of issue 9, judged on one bench run (results.json), per browser: ratios of
// two cells measured in the same run, so that the machine's speed and load mostly cancel out.
// Printed by ./bench after its table, written to results.json ("targets") and summary.md; they
// never fail a run (./bench --check does, on regressions against a baseline).
import { latencyOf, resultsHaveIqm, isMeasured } from './bench-check.mjs';
import { measuredFar } from './core-handoff.mjs';

const CONV_MODELS = ['resnet20', 'vgg16', 'blazeface_back', 'blazeface_front'];
const OVERHEAD_MODELS = ['lenet1', 'lenet5', 'textcnn', 'lstm', 'gru'];
const THREADED_MODELS = ['resnet20', 'vgg16', 'blazeface_back'];

// kind 'ratio': ours / peer latency (lower is better); 'gain': wasmnn t1 / wasmnn t2 (higher);
// 'peak': wasmnn t1's Conv steps, their FLOPs over their time, against the page's f32x4 peak.
export const TARGETS = [
  { id: 'conv t1 vs ORT', kind: 'ratio', models: CONV_MODELS, ours: 1, peer: 'ort-wasm', peerThreads: 1, limit: 0.8 },
  { id: 'conv t1 vs TF.js', kind: 'ratio', models: CONV_MODELS, ours: 1, peer: 'tfjs-wasm', peerThreads: 1, limit: 0.8 },
  { id: 'conv % of peak', kind: 'peak', models: CONV_MODELS, limit: 0.75 },
  { id: 'small t1 vs ORT', kind: 'ratio', models: OVERHEAD_MODELS, ours: 1, peer: 'ort-wasm', peerThreads: 1, limit: 0.7 },
  { id: '2-thread gain', kind: 'gain', models: THREADED_MODELS, limit: 1.8 },
  { id: 't2 vs ORT t2', kind: 'ratio', models: THREADED_MODELS, ours: 2, peer: 'ort-wasm', peerThreads: 2, limit: 0.8 },
];

const describe = (t) => (t.kind === 'ratio' ? `wasmnn t${t.ours} / ${t.peer} t${t.peerThreads} <= ${t.limit}`
  : t.kind === 'gain' ? `wasmnn t1 / wasmnn t2 >= ${t.limit}` : `Conv at >= ${100 * t.limit} % of the page's peak (t1)`);

/**
 * [{target, what, model, browser, value, met, detail}] for every target x model x browser the run
 * has cells for; value null (met null) when a cell is missing, failed or ran fewer threads.
 */
export function speedTargets(results) {
  const iqm = resultsHaveIqm(results);
  const runs = results.runs.filter((r) => r.batch === 1);
  const browsers = [...new Set(runs.map((r) => r.browser))];
  const cell = (browser, model, runtime, threads) => {
    const r = runs.find((x) => x.browser === browser && x.model === model && x.runtime === runtime && x.threads === threads);
    if (!r) return { missing: `no ${runtime} t${threads} cell` };
    if (!isMeasured(r) || (r.status ?? 'ok') !== 'ok') return { missing: `${runtime} t${threads}: ${r.status ?? 'not measured'}` };
    if (r.threadsActual !== undefined && r.threadsActual !== threads) return { missing: `${runtime} ran ${r.threadsActual} thread(s) for ${threads}` };
    return { run: r, ...latencyOf(r, iqm) };
  };
  const rows = [];
  for (const target of TARGETS) {
    for (const model of target.models) {
      if (!runs.some((r) => r.model === model)) continue;
      for (const browser of browsers) {
        const row = { target: target.id, kind: target.kind, what: describe(target), model, browser, value: null, met: null, detail: '' };
        if (target.kind === 'peak') {
          const ours = cell(browser, model, 'wasmnn', 1);
          const conv = ours.run?.profile?.byOpType?.find((o) => o.op === 'Conv');
          if (ours.missing || !conv || typeof conv.ofPeak !== 'number') row.detail = ours.missing ?? 'no Conv profile';
          else Object.assign(row, { value: conv.ofPeak, detail: `${conv.gflops.toFixed(1)} of ${ours.run.profile.peakGflops.toFixed(1)} GFLOP/s` });
        } else {
          const [a, b] = target.kind === 'gain' ? [cell(browser, model, 'wasmnn', 1), cell(browser, model, 'wasmnn', 2)]
            : [cell(browser, model, 'wasmnn', target.ours), cell(browser, model, target.peer, target.peerThreads)];
          if (a.missing || b.missing) row.detail = a.missing ?? b.missing;
          else {
            Object.assign(row, { value: a.ms / b.ms, detail: `${a.ms.toFixed(3)} / ${b.ms.toFixed(3)} ms (${a.stat === b.stat ? `${a.stat}s` : `${a.stat} / ${b.stat}`})` });
            // A multi-thread cell measured with the host's CPUs far apart (e2e/core-handoff.mjs).
            const far = [a.run, b.run].filter(measuredFar).map((r) => `${r.runtime} t${r.threads}`);
            if (far.length) Object.assign(row, { coresFar: far, detail: `${row.detail}; cores far apart for ${far.join(', ')}` });
          }
        }
        if (row.value !== null) row.met = target.kind === 'ratio' ? row.value <= target.limit : row.value >= target.limit;
        rows.push(row);
      }
    }
  }
  return rows;
}

const shown = (row) => (row.value === null ? `- (${row.detail})`
  : `${row.kind === 'peak' ? `${(100 * row.value).toFixed(0)} %` : row.value.toFixed(2)} ${row.met ? 'met' : 'MISSED'}${row.coresFar ? ' (cores far)' : ''}`);

// The browsers (columns) and one line per target x model: [what, model, a cell per browser].
function grid(rows) {
  const browsers = [...new Set(rows.map((r) => r.browser))];
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.target}|${r.model}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const lines = [...groups.values()].map((g) => [g[0].what, g[0].model,
    ...browsers.map((b) => { const r = g.find((x) => x.browser === b); return r ? shown(r) : ''; })]);
  return { browsers, lines };
}

/** Plain text: one line per target x model, a column per browser, then the count met. */
export function formatTargets(rows) {
  if (!rows.length) return 'speed targets: no cells for them in this run';
  const { browsers, lines } = grid(rows);
  const table = [['target', 'model', ...browsers], ...lines];
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => line[i].length)));
  const judged = rows.filter((r) => r.met !== null);
  return ['speed targets (issue 9; batch 1, ratios of cells of this run):',
    ...table.map((line) => line.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()),
    `${judged.filter((r) => r.met).length} of ${judged.length} met` + (rows.length > judged.length ? ` (${rows.length - judged.length} without their cells)` : '') +
      (rows.some((r) => r.coresFar) ? `; ${rows.filter((r) => r.coresFar).length} judged on a cell measured with the cores far apart (the host's CPU placement: e2e/core-handoff.mjs)` : '')].join('\n');
}

/** The same as Markdown, for summary.md. */
export function markdownTargets(rows) {
  if (!rows.length) return '';
  const { browsers, lines } = grid(rows);
  return ['**Speed targets (batch 1; ratios of cells of this run)**', '',
    `| target | model | ${browsers.join(' | ')} |`, `|---|---|${browsers.map(() => '---:').join('|')}|`,
    ...lines.map((line) => `| ${line.join(' | ')} |`),
  ].join('\n') + '\n';
}
