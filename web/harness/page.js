// Wires the test page: exposes the harness to automation and gives a person two buttons.
import { apiMistakes, concurrentRuns, gemmChoices, heapExhausted, helperChecks, loadingSources, ortCompat, proxySession, soakCycles, soakRuns, specialValues, zeroImageBits } from './api-checks.js';
import { ortParity } from './ort-parity.js';
import { tapChecks } from './taps-checks.js';
import { extendedBuild } from './extended-checks.js';
import { runExternal } from './external.js';
import { runBench, runReference } from './harness.js';
import { timeGemmTiles } from './tiles.js';
import { runtimeVersion } from '../../dist/wasmnn.js';

const $ = (id) => document.getElementById(id);

window.wasmnnHarness = {
  ready: runtimeVersion(),
  runReference,
  runBench,
  runExternal,
  apiMistakes,
  concurrentRuns,
  gemmChoices,
  loadingSources,
  helperChecks,
  proxySession,
  zeroImageBits,
  soakRuns,
  soakCycles,
  heapExhausted,
  specialValues,
  ortCompat,
  ortParity,
  tapChecks,
  extendedBuild,
  timeGemmTiles,
};

async function show(label, job) {
  $('status').textContent = `${label}…`;
  try {
    $('result').textContent = JSON.stringify(await job(), null, 2);
    $('status').textContent = `${label}: done`;
  } catch (e) {
    $('status').textContent = `${label} failed: ${e.message}`;
  }
}

window.wasmnnHarness.ready.then(
  (v) => { $('status').textContent = `wasmnn ${v} loaded (crossOriginIsolated: ${self.crossOriginIsolated})`; },
  (e) => { $('status').textContent = `wasmnn failed to load: ${e.message}`; });
$('reference').onclick = () => show('Reference check', () => runReference({ model: $('model').value }));
$('bench').onclick = () => show('Benchmark', () => runBench({ model: $('model').value, samples: 1000 }));
