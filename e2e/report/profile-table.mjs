// The report's per-op profile of wasmnn: for every model x browser x threads, where the time of
// a batch-1 run goes (by op type), each conv/gemm type's GFLOP/s against the page's own 128-bit
// float peak, and the slowest nodes: the next kernel to write is a fact, not a guess.
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const fixed = (x, d) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const pct = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : '–');

export function profileTable(results) {
  const runs = results.runs.filter((r) => r.profile);
  if (!runs.length) return '<p>No profile recorded (wasmnn was not measured).</p>';
  const rows = runs.map((r) => {
    const p = r.profile;
    const types = p.byOpType.slice(0, 4).map((o) => `${esc(o.op)} ${pct(o.share)}` +
      (o.gflops !== null ? ` <small>(${fixed(o.gflops, 1)} GFLOP/s, ${pct(o.ofPeak)} of peak)</small>` : '')).join('<br>');
    const slowest = [...p.steps].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${esc(s.op)} ${fixed(s.ms, 3)} ms` +
      (s.gflops !== null ? ` <small>${fixed(s.gflops, 1)} GFLOP/s</small>` : '') + ` <small>${esc(s.node)}</small>`).join('<br>');
    return `<tr><td class="text">${esc(r.model)}</td><td class="text">${esc(r.browser)}</td><td>${r.threads}</td>` +
      `<td>${fixed(p.totalMs, 3)}</td><td>${fixed(p.peakGflops, 1)}</td><td class="text">${types}</td><td class="text">${slowest}</td></tr>`;
  }).join('');
  return '<table><tr><th class="text">model</th><th class="text">browser</th><th>threads</th><th>steps ms</th>' +
    '<th>peak GFLOP/s</th><th class="text">time by op type (GFLOP/s, share of the 1-thread peak)</th><th class="text">slowest nodes</th></tr>' +
    `${rows}</table>`;
}
