// The workbench's views as HTML strings, shared by its Node report (e2e/investigate/report.mjs)
// and its page (web/workbench.html): the plot of the error against depth (inline SVG, one line
// per browser, log scale) and the layer table (errors, cosine, the node's time, the first values
// side by side: the study's Table VI). No script in the markup.
export const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const exp = (x, d = 1) => (x === null || x === undefined ? '-' : x === Infinity ? 'inf' : x === 0 ? '0' : x.toExponential(d));
const COLORS = { chromium: '#1a73e8', firefox: '#e66000', webkit: '#7b3fbf' };

/** The CSS the table and the plot expect. */
export const LAYER_CSS = `table.layers td{font-size:12px} table.layers td:nth-child(n+4):nth-child(-n+6){white-space:nowrap} td.side{font-family:monospace;font-size:11px;white-space:nowrap}
tr.first{background:#fde8e8} tr.muted{color:#888} td.ms{white-space:nowrap} td.ms small{color:#888}
td.ms span.bar{display:inline-block;height:8px;background:#7a9cc6;margin-left:4px;vertical-align:middle}`;

/** SVG: log10(max rel error) per compared layer (x = graph order), the tolerance as a dashed line. */
export function errorPlot(results, rule, { width = 900, height = 260 } = {}) {
  const browsers = Object.entries(results).filter(([, r]) => r.layers);
  const n = Math.max(1, ...browsers.map(([, r]) => r.layers.length));
  const lo = -9;
  const hi = 1;
  const m = { l: 50, r: 10, t: 10, b: 30 };
  const X = (i) => m.l + (i / Math.max(1, n - 1)) * (width - m.l - m.r);
  const Y = (e) => {
    const v = e === Infinity ? hi : e > 0 ? Math.max(lo, Math.min(hi, Math.log10(e))) : lo;
    return m.t + ((hi - v) / (hi - lo)) * (height - m.t - m.b);
  };
  const grid = [];
  for (let d = lo; d <= hi; d += 2) grid.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${Y(10 ** d)}" y2="${Y(10 ** d)}" stroke="#eee"/><text x="${m.l - 4}" y="${Y(10 ** d) + 4}" text-anchor="end" font-size="10">1e${d}</text>`);
  const tol = `<line x1="${m.l}" x2="${width - m.r}" y1="${Y(rule.tolerance)}" y2="${Y(rule.tolerance)}" stroke="#b00" stroke-dasharray="4 3"/><text x="${width - m.r}" y="${Y(rule.tolerance) - 3}" text-anchor="end" font-size="10" fill="#b00">tolerance ${rule.tolerance}</text>`;
  const lines = browsers.map(([b, r]) => {
    const pts = r.layers.map((l, i) => (l.maxRelError === undefined || l.maxRelError === null ? null : `${X(i).toFixed(1)},${Y(l.maxRelError).toFixed(1)}`)).filter(Boolean);
    const first = r.layers.findIndex((l) => r.firstDivergence && l.name === r.firstDivergence.value);
    const mark = first >= 0 ? `<circle cx="${X(first)}" cy="${Y(r.layers[first].maxRelError)}" r="5" fill="none" stroke="${COLORS[b] ?? '#000'}" stroke-width="2"/>` : '';
    return `<polyline fill="none" stroke="${COLORS[b] ?? '#000'}" stroke-width="1.5" points="${pts.join(' ')}"/>${mark}`;
  });
  const legend = browsers.map(([b], i) => `<text x="${m.l + 10 + i * 110}" y="${height - 8}" font-size="11" fill="${COLORS[b] ?? '#000'}">■ ${esc(b)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="max relative error per layer, log scale">` +
    `${grid.join('')}${tol}${lines.join('')}${legend.join('')}<text x="${width - m.r}" y="${height - 8}" text-anchor="end" font-size="10">layer (graph order) →</text></svg>`;
}

// The node's ms per run with a bar scaled to the slowest layer, or why there is none.
function msCell(l, slowest) {
  if (l.ms === undefined) return '<td class="ms">-</td>';
  if (l.ms === null) return `<td class="ms"><small>${esc(l.timeNote ?? '-')}</small></td>`;
  const width = slowest > 0 ? Math.round((60 * l.ms) / slowest) : 0;
  return `<td class="ms">${l.ms.toFixed(3)}<span class="bar" style="width:${width}px"></span></td>`;
}

/** r: {layers, firstDivergence} (a workbench layers() result). */
export function layerTable(r) {
  const slowest = Math.max(0, ...r.layers.map((l) => l.ms ?? 0));
  const rows = r.layers.map((l, i) => {
    const first = r.firstDivergence?.value === l.name;
    const head = `<td>${i}</td><td>${esc(l.op)}</td><td title="${esc(l.node)}">${esc(l.name)}${first ? ' ◀ first divergence' : ''}</td>`;
    if (l.status) return `<tr class="muted">${head}<td colspan="3">${esc(l.status)}</td>${msCell(l, slowest)}<td></td></tr>`;
    const side = l.first.pc.map((p, k) => `${p.toPrecision(5)} / ${l.first.runtime[k].toPrecision(5)}`).slice(0, 3).join('<br>');
    return `<tr${first ? ' class="first"' : ''}>${head}` +
      `<td>${exp(l.maxAbsError)}</td><td>${exp(l.maxRelError)}</td><td>${l.cosine === null ? '-' : l.cosine.toFixed(6)}</td>${msCell(l, slowest)}<td class="side">${side}</td></tr>`;
  });
  return `<table class="layers"><thead><tr><th>#</th><th>op</th><th>value</th><th>max abs err</th><th>max rel err</th><th>cosine</th><th>ms (its node)</th><th>first values: PC / browser</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One sentence on where the time goes: total per run, the slowest nodes, or why not known. */
export function timeSentence(time) {
  if (!time) return '';
  if (!time.available) return `Per-layer time: not available (${esc(time.note)}).`;
  const top = time.slowest.slice(0, 3).map((s) => `<b>${esc(s.node)}</b> (${esc(s.op)}) ${s.ms.toFixed(3)} ms, ${(100 * s.share).toFixed(0)} %`).join('; ');
  return `Time per run ${time.totalMs.toFixed(3)} ms (${esc(time.source)}, ${time.runs} runs); slowest: ${top}.`;
}
