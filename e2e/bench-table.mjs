// The human-readable summary of a bench run (the JSON is the record; report/index.html the view).
import { measuredFar } from './core-handoff.mjs';

const MIB = 2 ** 20;
const fixed = (digits) => (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '-');
const exp = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toExponential(1) : '-');
const mib = (x) => (typeof x === 'number' ? (x / MIB).toFixed(1) : '-');

export const threadsLabel = (r) => (r.threadsActual !== undefined && r.threadsActual !== r.threads ? `${r.threads}->${r.threadsActual}` : `${r.threads}`);

/** The whole test set's total in seconds, '~' when projected from the samples measured. */
export const fullSetTotal = (r) => (typeof r.fullSetTotalMs === 'number' ? `${r.fullSetProjected ? '~' : ''}${(r.fullSetTotalMs / 1000).toFixed(2)}` : '-');

// Where the host kept the CPUs while a measurement ran (e2e/core-handoff.mjs): 'far' marks a
// multi-thread cell that was far apart in all its attempts (its time is the host's placement).
export const coresLabel = (r) => {
  const c = r.conditions;
  if (typeof c?.coresFar !== 'boolean') return '-';
  return `${measuredFar(r) ? 'FAR' : c.coresFar ? 'far' : 'near'}${c.coreAttempts ? ` x${c.coreAttempts.length}` : ''}`;
};

const COLUMNS = [
  ['browser', (r) => r.browser],
  ['model', (r) => r.model],
  ['runtime', (r) => r.runtime],
  ['thr', threadsLabel],
  ['batch', (r) => String(r.batch)],
  ['status', (r) => r.status ?? 'ok'],
  ['samples', (r) => String(r.samples)],
  ['top-1', (r) => fixed(4)(r.accuracy?.top1)],
  ['agree', (r) => fixed(4)(r.accuracy?.agreement)],
  ['max|err|', (r) => exp(r.accuracy?.maxAbsError)],
  ['median ms', (r) => fixed(3)(r.latencyMs?.median)],
  ['p10', (r) => fixed(3)(r.latencyMs?.p10)],
  ['p90', (r) => fixed(3)(r.latencyMs?.p90)],
  ['total s', (r) => fixed(2)(r.totalMs / 1000)],
  ['set s', fullSetTotal],
  ['load ms', (r) => fixed(0)(r.loadMs)],
  ['warm ms', (r) => fixed(0)(r.loadWarmMs)],
  ['heap MiB', (r) => mib(r.memory?.wasmHeapBytes)],
  ['PSS MiB', (r) => mib(r.memory?.processTreePssBytes)],
  ['cores', (r) => coresLabel(r)],
  ['sha256', (r) => (r.outputsSha256 ? String(r.outputsSha256).slice(0, 8) : '-')],
];
const LEFT = 6; // the first columns are text

/** A plain-text table of runs, one row each; runs without numbers say why after the status. */
export function formatTable(runs) {
  const rows = [COLUMNS.map(([title]) => title), ...runs.map((run) => COLUMNS.map(([, cell]) => String(cell(run))))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i < LEFT ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const body = runs.map((run, i) => {
    if (run.latencyMs) return line(rows[i + 1]);
    return `${line(rows[i + 1].slice(0, LEFT)).padEnd(widths.slice(0, LEFT).reduce((a, w) => a + w + 2, 0))}${run.reason ?? ''}`;
  });
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...body].join('\n');
}

/**
 * Per runtime x model x threads x batch measured in more than one browser: are the outputs
 * bitwise identical across browsers? Compared on the first samples every measurement covers
 * (run.identity), so runs a time cap cut at different lengths still compare; results without it
 * compare their whole outputs. [{runtime, model, threads, batch, samples, browsers, identical, hashes}]
 */
export function crossBrowserIdentity(runs) {
  const groups = new Map();
  for (const r of runs) {
    const hashed = r.identity ?? (r.outputsSha256 ? { samples: r.samples, sha256: r.outputsSha256 } : null);
    if (!hashed) continue;
    const key = `${r.runtime}|${r.model}|${r.threads}|${r.batch}|${hashed.samples}`;
    if (!groups.has(key)) groups.set(key, { runtime: r.runtime, model: r.model, threads: r.threads, batch: r.batch, samples: hashed.samples, runs: [] });
    groups.get(key).runs.push({ browser: r.browser, sha256: hashed.sha256 });
  }
  return [...groups.values()].map(({ runs: group, ...g }) => ({
    ...g,
    browsers: group.map((r) => r.browser),
    identical: group.length > 1 ? new Set(group.map((r) => r.sha256)).size === 1 : null,
    hashes: Object.fromEntries(group.map((r) => [r.browser, r.sha256])),
  }));
}

/** One line per runtime x model x threads x batch: identical across browsers or not. */
export function formatHashAgreement(crossBrowser) {
  return crossBrowser.map((g) => {
    const what = `${g.runtime} ${g.model} t${g.threads} b${g.batch}`;
    if (g.identical === null) return `${what}: outputs from one browser only (${g.browsers.join(', ')})`;
    if (g.identical) return `${what}: outputs of the first ${g.samples} samples bitwise IDENTICAL across ${g.browsers.join(', ')}`;
    return `${what}: outputs DIFFER across browsers (${Object.entries(g.hashes).map(([b, h]) => `${b} ${h.slice(0, 8)}`).join(', ')})`;
  }).join('\n');
}

/** Download size of each runtime: the files its 1-thread page fetched, raw and gzip. */
export function formatDownloads(runtimes) {
  const kib = (x) => `${(x / 1024).toFixed(0)} KiB`;
  return runtimes.filter((r) => r.download).map((r) => {
    const d = r.download;
    return `${r.id.padEnd(11)} ${kib(d.bytes).padStart(9)} (gzip ${kib(d.gzipBytes)}): wasm ${kib(d.wasmBytes)} (gzip ${kib(d.wasmGzipBytes)}), ` +
      `JS ${kib(d.jsBytes)} (gzip ${kib(d.jsGzipBytes)}); ${d.files.map((f) => f.url.split('/').pop()).join(', ')}`;
  }).join('\n');
}

/**
 * The run as Markdown (report/summary.md; e.g. a CI job summary): per model x browser, one column
 * per runtime x threads at batch 1, each cell "median ms (peak PSS MiB)", [n] when a time cap
 * stopped it at n samples; then the same grid with the whole test set's total in seconds.
 */
export function formatMarkdown(results) {
  const runs = results.runs.filter((r) => r.batch === 1);
  const columns = [...new Map(runs.map((r) => [`${r.runtime} t${r.threads}`, { runtime: r.runtime, threads: r.threads }])).entries()];
  const models = [...new Set(runs.map((r) => r.model))];
  const browsers = [...new Set(runs.map((r) => r.browser))];
  const find = (model, browser, c) => runs.find((r) => r.model === model && r.browser === browser && r.runtime === c.runtime && r.threads === c.threads);
  const reference = (model, browser) => runs.find((r) => r.model === model && r.browser === browser && r.runtime === 'wasmnn' && r.accuracy) ??
    runs.find((r) => r.model === model && r.browser === browser && r.accuracy);
  const grid = (title, cell) => {
    const head = `| model | browser | top-1 / agree | ${columns.map(([name]) => name).join(' | ')} |`;
    const rule = `|---|---|---|${columns.map(() => '---:').join('|')}|`;
    const rows = models.flatMap((model) => browsers.map((browser) => {
      const ref = reference(model, browser);
      const acc = ref ? `${fixed(4)(ref.accuracy.top1)} / ${fixed(2)(ref.accuracy.agreement)}` : '-';
      const cells = columns.map(([, c]) => {
        const r = find(model, browser, c);
        if (!r) return '';
        if (!r.latencyMs) return `${r.status}${r.reason ? `: ${r.reason}` : ''}`;
        return cell(r) + (r.status === 'disagrees' ? ' DISAGREES' : '') + (measuredFar(r) ? ' (cores far)' : '');
      });
      return `| ${model} | ${browser} | ${acc} | ${cells.join(' | ')} |`;
    }));
    return [`**${title}**`, '', head, rule, ...rows].join('\n');
  };
  const capped = (r) => (r.samples < (r.fullSetSamples ?? r.samples) ? ` [${r.samples}]` : '');
  return [
    grid('Median ms per inference, batch 1 (peak PSS of the browser process tree, MiB)',
      (r) => `${fixed(3)(r.latencyMs.median)} (${mib(r.memory?.processTreePssBytes).replace(/\.\d$/, '')})${capped(r)}`),
    grid('Whole test set, batch 1, seconds (~ projected from the samples measured)', (r) => fullSetTotal(r)),
  ].join('\n\n') + '\n';
}
