// The workbench's report page: accuracy PC vs each browser, the first diverging layer, a plot of
// the error against depth (inline SVG, one line per browser, log scale), and the layer table
// with the first values side by side (the study's Table VI). Static HTML, no script.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const exp = (x, d = 1) => (x === null || x === undefined ? '-' : x === Infinity ? 'inf' : x === 0 ? '0' : x.toExponential(d));
const pct = (x) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(2)} %`);
export const SET_NAMES = { testset: 'test set', reference: 'reference set', generated: 'generated set' };
const COLORS = { chromium: '#1a73e8', firefox: '#e66000', webkit: '#7b3fbf' };

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

function layerTable(r) {
  const rows = r.layers.map((l, i) => {
    const first = r.firstDivergence?.value === l.name;
    if (l.status) return `<tr class="muted"><td>${i}</td><td>${esc(l.op)}</td><td title="${esc(l.node)}">${esc(l.name)}</td><td colspan="5">${esc(l.status)}</td></tr>`;
    const side = l.first.pc.map((p, k) => `${p.toPrecision(5)} / ${l.first.runtime[k].toPrecision(5)}`).slice(0, 3).join('<br>');
    return `<tr${first ? ' class="first"' : ''}><td>${i}</td><td>${esc(l.op)}</td><td title="${esc(l.node)}">${esc(l.name)}${first ? ' ◀ first divergence' : ''}</td>` +
      `<td>${exp(l.maxAbsError)}</td><td>${exp(l.maxRelError)}</td><td>${l.cosine === null ? '-' : l.cosine.toFixed(6)}</td><td class="side">${side}</td></tr>`;
  });
  return `<table class="layers"><thead><tr><th>#</th><th>op</th><th>value</th><th>max abs err</th><th>max rel err</th><th>cosine</th><th>first values: PC / browser</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderInvestigation(result) {
  const browsers = Object.entries(result.browsers);
  const summary = browsers.map(([b, r]) => {
    if (r.error) return `<tr><td>${esc(b)}</td><td colspan="6" class="bad">${esc(r.error)}</td></tr>`;
    const a = r.accuracy ?? {};
    const fd = r.firstDivergence;
    return `<tr><td>${esc(b)} ${esc(r.browserVersion ?? '')}</td><td>${esc(r.runtimeInfo?.backend ?? '')}</td><td>${a.samples ?? '-'}${a.cappedByTime ? ' (time cap)' : ''}</td>` +
      `<td>${pct(a.pcTop1)}</td><td>${pct(a.top1)}</td><td>${a.agreement === undefined ? '-' : a.agreement.toFixed(4)}</td>` +
      `<td>${fd ? `<b>${esc(fd.node)}</b> (${esc(fd.op)}), max abs err ${exp(fd.maxAbsError, 2)}` : 'none'}</td></tr>`;
  });
  const repro = result.minimalRepro?.repro;
  const reproHtml = repro ? `<h2>Minimal repro</h2><p>${esc(repro.op)} ${esc(JSON.stringify(repro.attrs))} on a ${repro.inputDims.join('x')} input (0, 1, 2, ...) still disagrees in ${esc(result.minimalRepro.browser)}:
    PC <code>[${repro.expected.join(', ')}]</code>, ${esc(result.runtime)} <code>[${repro.got.join(', ')}]</code>.
    Standalone page: <code>${esc(repro.page)}</code> + <code>${esc(repro.onnx)}</code> (serve the repository with <code>node e2e/server.mjs</code>).</p>
    <table><thead><tr><th>step</th><th>input</th><th>verdict</th><th>max abs err</th><th>first outputs: PC / browser</th></tr></thead><tbody>${result.minimalRepro.steps.map((s) =>
    `<tr><td>${esc(s.what)}</td><td>${s.inputDims.join('x')}</td><td>${s.disagrees ? 'disagrees' : 'agrees'}</td><td>${exp(s.maxAbsError, 2)}</td>` +
    `<td><code>[${(s.expected ?? []).slice(0, 4).map((v) => +v.toPrecision(5)).join(', ')}]</code> / <code>[${(s.got ?? []).slice(0, 4).map((v) => +v.toPrecision(5)).join(', ')}]</code></td></tr>`).join('')}</tbody></table>`
    : result.minimalRepro?.note ? `<h2>Minimal repro</h2><p>${esc(result.minimalRepro.note)}</p>` : '';
  const perBrowser = browsers.filter(([, r]) => r.layers).map(([b, r]) =>
    `<h2>${esc(b)}: every layer (${r.layers.length} values, sample${r.layerSamples.length > 1 ? 's' : ''} ${r.layerSamples.join(', ')} of the ${esc(SET_NAMES[r.layerSet] ?? r.layerSet)})</h2>${layerTable(r)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasmnn workbench: ${esc(result.model)} in ${esc(result.runtime)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;max-width:80em;color:#222} table{border-collapse:collapse;margin:1em 0}
td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top} table.layers td{font-size:12px}
td.side{font-family:monospace;font-size:11px;white-space:nowrap} tr.first{background:#fde8e8} tr.muted{color:#888} .bad{color:#b00}
code{background:#f4f4f4;padding:0 3px}
</style></head><body>
<h1>Investigator's workbench: ${esc(result.model)} in ${esc(result.runtime)}</h1>
<p>Every intermediate value of the ONNX graph computed in the browser against the PC's (${esc(result.pcLayersProducer)}), in graph order,
and top-1 on the ${esc(SET_NAMES[result.set] ?? result.set)} (PC = ${esc(result.pcProducer ?? 'the set\'s reference outputs')}). First divergence: the first layer whose max error,
relative to the range of the PC's values, is above ${result.rule.tolerance} and over ${result.rule.jump}x the largest of the layers before it
(floor ${result.rule.noiseFloor}). ${esc(result.generated)}.</p>
<table><thead><tr><th>browser</th><th>backend</th><th>samples</th><th>top-1 PC</th><th>top-1 browser</th><th>agreement</th><th>first diverging layer</th></tr></thead><tbody>${summary.join('')}</tbody></table>
<h2>Error against depth</h2>
<p>Max rel error of each value (log scale; an exact 0 is drawn at 1e-9); a circle marks the first divergence. Lines of browsers with the same errors overlap.</p>
${errorPlot(result.browsers, result.rule)}
${reproHtml}
${perBrowser.join('\n')}
</body></html>
`;
}
