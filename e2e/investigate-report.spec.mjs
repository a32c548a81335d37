// The workbench's command line and report (e2e/investigate.mjs, e2e/investigate/report.mjs) on a
// crafted result: options a user can get wrong are refused with what to type, and the page shows
// the accuracy table, the first divergence, the plot, the side-by-side values and each layer's
// time (joined from a profile: its own, or inside the node it was merged into). Pure Node
// logic (runs in the chromium project only).
import { test, expect } from '@playwright/test';
import { formatInvestigation, parseInvestigateOptions } from './investigate.mjs';
import { attachLayerTimes, timeSummary } from '../web/harness/investigate/layer-times.js';
import { renderInvestigation } from './investigate/report.mjs';
import { errorPlot } from '../web/harness/investigate/report-html.js';
import { DIVERGENCE_RULE, summarizeLayers, compareValues } from '../web/harness/investigate/layer-compare.js';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

test('options: defaults, and every mistake named', () => {
  expect(parseInvestigateOptions(['--investigate', 'resnet20'])).toMatchObject({ model: 'resnet20', runtime: 'wasmnn', set: 'testset', layerSamples: 2, browsers: ['chromium', 'firefox', 'webkit'] });
  expect(() => parseInvestigateOptions(['--investigate', 'resnet50'])).toThrow(/no model 'resnet50' in models\/ \(models with a model.onnx: .*resnet20/);
  expect(() => parseInvestigateOptions(['--investigate', 'resnet20', '--runtime', 'tfjs-webgl'])).toThrow("unknown runtime 'tfjs-webgl' for --investigate; expected wasmnn, ort-wasm, tfjs-wasm, tfjs-0.14");
  expect(() => parseInvestigateOptions(['--investigate', 'resnet20', '--set', 'train'])).toThrow("unknown set 'train'; expected testset, reference, generated");
  expect(() => parseInvestigateOptions(['--investigate', 'blazeface_front', '--set', 'testset'])).toThrow('models/blazeface_front has no testset/manifest.json');
  expect(() => parseInvestigateOptions(['--investigate', 'resnet20', '--browsers', 'safari'])).toThrow('unknown browser(s) safari');
  expect(() => parseInvestigateOptions(['--investigate', 'resnet20', '--layer-samples', '0'])).toThrow("--layer-samples must be an integer >= 1, got '0'");
});

function crafted() {
  const layer = (i, got) => ({ name: `v${i}`, node: `/n${i}`, op: 'Conv', ...compareValues([1, 2, 3, 4], got) });
  const clean = summarizeLayers([layer(0, [1, 2, 3, 4]), layer(1, [1, 2, 3, 4.000001])]);
  const broken = summarizeLayers([layer(0, [1, 2, 3, 4]), layer(1, [1, 2, 3, 9])]);
  // Node /n0 ran with a Relu merged into it; /n1 has no step of its own.
  const profile = { available: true, source: 'a profiler', runs: 20, steps: [{ node: '/n0', op: 'Conv', ms: 0.5, fused: ['/n1'] }, { node: '/other', op: 'Gemm', ms: 1.5 }] };
  const timed = (s) => ({ ...s, layers: attachLayerTimes(s.layers, profile), time: timeSummary(profile) });
  const entry = (s, top1) => ({ browserVersion: '1', runtimeInfo: { backend: 'webgl 2' }, layerSet: 'reference', layerSamples: [0], ...timed(s),
    accuracy: { samples: 2000, pcTop1: 0.93, top1, agreement: 0.95 } });
  return { model: 'resnet20', runtime: 'tfjs-0.14', set: 'testset', rule: DIVERGENCE_RULE, generated: 'measured now', pcLayersProducer: 'onnxruntime-node 1.30.0',
    browsers: { chromium: entry(broken, 0.91), firefox: entry(clean, 0.93), webkit: { error: 'WebKitWebDriver did not start' } },
    minimalRepro: { browser: 'chromium', steps: [{ what: 'input 2x2', inputDims: [1, 1, 2, 2], disagrees: true, maxAbsError: 3 }],
      repro: { op: 'Conv', attrs: { strides: [2, 2] }, inputDims: [1, 1, 2, 2], expected: [0], got: [3], page: 'report/investigate/x-repro.html', onnx: 'report/investigate/x-repro.onnx' } } };
}

test('report: accuracy PC vs browser, first divergence marked, plot, repro, errors shown', () => {
  const html = renderInvestigation(crafted());
  expect(html).toContain('<td>93.00 %</td><td>91.00 %</td>');
  expect(html).toContain('<b>/n1</b> (Conv)');
  expect(html).toContain('<tr class="first">');
  expect(html).toContain('v1 ◀ first divergence');
  expect(html).toContain('1.0000 / 1.0000<br>2.0000 / 2.0000');
  expect(html).toContain('WebKitWebDriver did not start');
  expect(html).toContain('PC <code>[0]</code>, tfjs-0.14 <code>[3]</code>');
  // Each layer's time: /n0's own, /n1 inside /n0; where the time goes, slowest first.
  expect(html).toContain('<td class="ms">0.500<span class="bar" style="width:60px"></span></td>');
  expect(html).toContain('<td class="ms"><small>in /n0 (merged into it at load)</small></td>');
  expect(html).toContain('Time per run 2.000 ms (a profiler, 20 runs); slowest: <b>/other</b> (Gemm) 1.500 ms, 75 %; <b>/n0</b> (Conv) 0.500 ms, 25 %.');
  const svg = errorPlot(crafted().browsers, DIVERGENCE_RULE);
  expect(svg.match(/<polyline/g)).toHaveLength(2);
  expect(svg).toContain('tolerance 0.001');
  expect(svg.match(/<circle/g)).toHaveLength(1);
});

test('the console summary: one line per browser', () => {
  expect(formatInvestigation(crafted()).split('\n')).toEqual([
    'resnet20 in tfjs-0.14 (test set):',
    '  chromium (webgl 2): top-1 PC 0.9300 vs browser 0.9100 on 2000 samples, agreement 0.9500; first divergence: /n1 (Conv, max abs error 5.00e+0)',
    '    time: 2.000 ms per run, slowest /other (Gemm) 1.500 ms = 75 %',
    '  firefox (webgl 2): top-1 PC 0.9300 vs browser 0.9300 on 2000 samples, agreement 0.9500; first divergence: none',
    '    time: 2.000 ms per run, slowest /other (Gemm) 1.500 ms = 75 %',
    '  webkit: ERROR WebKitWebDriver did not start',
    '  minimal repro: Conv {"strides":[2,2]} on a 1x1x2x2 input: PC [0], got [3] -> report/investigate/x-repro.html',
  ]);
});
