// The workbench's report page: accuracy PC vs each browser, the first diverging layer, a plot of
// the error against depth, where the time goes, and per browser the layer table (the plot and the
// table are web/harness/investigate/report-html.js, shared with the workbench page). Static HTML,
// no script.
import { LAYER_CSS, errorPlot, esc, exp, layerTable, timeSentence } from '../../web/harness/investigate/report-html.js';

const pct = (x) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(2)} %`);
export const SET_NAMES = { testset: 'test set', reference: 'reference set', generated: 'generated set' };

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
    `<h2>${esc(b)}: every layer (${r.layers.length} values, sample${r.layerSamples.length > 1 ? 's' : ''} ${r.layerSamples.join(', ')} of the ${esc(SET_NAMES[r.layerSet] ?? r.layerSet)})</h2>` +
    `<p>${timeSentence(r.time)}</p>${layerTable(r)}`);
  const times = browsers.filter(([, r]) => r.time).map(([b, r]) => `<li>${esc(b)}: ${timeSentence(r.time)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasmnn workbench: ${esc(result.model)} in ${esc(result.runtime)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;max-width:80em;color:#222} table{border-collapse:collapse;margin:1em 0}
td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top} .bad{color:#b00}
code{background:#f4f4f4;padding:0 3px}
${LAYER_CSS}
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
${times.length ? `<h2>Where the time goes</h2><p>Each layer's time is its node's, on a session made as an application makes it (no taps), on the first compared sample; nodes the runtime merged into another have none of their own.</p><ul>${times.join('')}</ul>` : ''}
${reproHtml}
${perBrowser.join('\n')}
</body></html>
`;
}
