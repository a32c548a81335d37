// The bench page (web/bench.html): exposes the bench loop (bench-core.js) to e2e/bench.mjs as
// window.benchHarness; each call is one step (load, measure, memory, release, then resources:
// what the page downloaded, for the runtimes' download sizes), and the investigator's workbench
// (`investigate.*`: accuracy, per-layer comparison, one small model; e2e/investigate.mjs).
import { load, loadOnly, measure, memory, profile, release } from './bench-core.js';
import * as investigate from './investigate/workbench.js';

function resources() {
  return performance.getEntriesByType('resource').map((e) => ({
    url: new URL(e.name).pathname, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize,
    decodedBodySize: e.decodedBodySize,
  }));
}

const $ = (id) => document.getElementById(id);
window.benchHarness = { ready: Promise.resolve(true), load, loadOnly, measure, memory, profile, release, resources, investigate };
$('status').textContent = `bench page ready (crossOriginIsolated: ${self.crossOriginIsolated})`;
