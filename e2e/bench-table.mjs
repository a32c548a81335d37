// The human-readable summary of a benchmark run (the JSON is the record).
const MIB = 2 ** 20;

const COLUMNS = [
  ['browser', (r) => r.browser],
  ['version', (r) => r.browserVersion],
  ['model', (r) => r.model],
  ['top-1', (r) => r.accuracy.top1.toFixed(4)],
  ['agree', (r) => r.accuracy.agreement.toFixed(4)],
  ['max|err|', (r) => r.accuracy.maxAbsError.toExponential(1)],
  ['median ms', (r) => r.latencyMs.median.toFixed(3)],
  ['p10', (r) => r.latencyMs.p10.toFixed(3)],
  ['p90', (r) => r.latencyMs.p90.toFixed(3)],
  ['mean ms', (r) => (r.latencyMs.mean ?? r.totalMs / r.samples).toFixed(4)],
  ['load ms', (r) => r.loadMs.toFixed(1)],
  ['heap MiB', (r) => (r.memory.wasmHeapBytes / MIB).toFixed(1)],
  ['PSS MiB', (r) => (r.memory.processTreePssBytes / MIB).toFixed(1)],
  ['sha256', (r) => String(r.outputsSha256).slice(0, 12)],
];

/** A plain-text table of runs, one row each, columns padded to fit. */
export function formatTable(runs) {
  const rows = [COLUMNS.map(([title]) => title), ...runs.map((run) => COLUMNS.map(([, cell]) => String(cell(run))))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** One line per model: are the output hashes bitwise identical across browsers? */
export function formatHashAgreement(runs) {
  const byModel = new Map();
  for (const run of runs) byModel.set(run.model, [...(byModel.get(run.model) ?? []), run]);
  return [...byModel].map(([model, group]) => {
    const hashes = new Set(group.map((r) => r.outputsSha256));
    const browsers = group.map((r) => r.browser).join(', ');
    if (group.length < 2) return `${model}: outputsSha256 from one browser only (${browsers}), nothing to compare`;
    return hashes.size === 1
      ? `${model}: outputsSha256 IDENTICAL across ${browsers}`
      : `${model}: outputsSha256 DIFFERS across browsers (${group.map((r) => `${r.browser} ${String(r.outputsSha256).slice(0, 12)}`).join(', ')})`;
  }).join('\n');
}
