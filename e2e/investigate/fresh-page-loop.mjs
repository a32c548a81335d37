// Repeats what the intermittent WebKit fault happened in, many times over: a fresh page, the
// first sessions of the page at 1 thread (the trap was in the first session's create), one
// reference run each, every output compared bit for bit with the first page's.
//   node e2e/investigate/fresh-page-loop.mjs [--engine webkit] [--pages 500]
//        [--models blazeface_back,gru,lstm] [--samples 20] [--threads 1]
// A model named external/NAME runs models/external/NAME against its onnxruntime-node references
// (as e2e/external.spec.mjs does): a fault when it traps, throws or fails its agreement rule.
// WASMNN_DIST=build/wasm-names/dist serves a build whose traps name their functions. Prints one
// line per page that trapped, threw or gave other bits, and a count at the end; exit 1 if any.
import { parseArgs } from 'node:util';
import { launchEngine } from '../engines/index.mjs';
import { REPO_ROOT, startServer } from '../server.mjs';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'webkit' },
    pages: { type: 'string', default: '500' },
    models: { type: 'string', default: 'blazeface_back,gru,lstm' },
    samples: { type: 'string', default: '20' },
    threads: { type: 'string', default: '1' },
  },
});
const pages = Number(values.pages);
const models = values.models.split(',');
const server = await startServer({ root: REPO_ROOT });
const engine = await launchEngine(values.engine);
const first = new Map();  // model -> sha256 of the first page's outputs
const faults = [];
const fault = (message) => {
  faults.push(message);
  console.log(message);
};
const started = Date.now();
try {
  for (let page = 1; page <= pages; page++) {
    await engine.goto(`${server.url}/web/test.html`);
    for (const model of models) {
      let hash;
      try {
        if (model.startsWith('external/')) {
          const r = await engine.call('wasmnnHarness.runExternal',
            { model: model.slice('external/'.length), numThreads: Number(values.threads) });
          if (r.refused) fault(`page ${page} ${model}: refused: ${r.refused}`);
          else if (!r.pass) fault(`page ${page} ${model}: disagrees with onnxruntime-node (${r.agreement})`);
          continue;
        }
        const r = await engine.call('wasmnnHarness.runReference',
          { model, maxSamples: Number(values.samples), numThreads: Number(values.threads) });
        hash = r.outputsSha256;
        if (!first.has(model)) first.set(model, hash);
        if (hash !== first.get(model)) {
          fault(`page ${page} ${model}: other bits (sha256 ${hash.slice(0, 12)} against ${first.get(model).slice(0, 12)}), max abs error vs the PC ${r.maxAbsError.toExponential(2)}`);
        }
      } catch (e) {
        fault(`page ${page} ${model}: ${e.message.split('\n').slice(0, 6).join(' | ')}`);
        break;  // the page's module may be dead: a fresh page
      }
    }
    const errors = await engine.consoleErrors();
    if (errors.length) fault(`page ${page}: console errors ${errors.join(' | ').slice(0, 400)}`);
    if (page % 25 === 0) console.log(`${page} pages, ${faults.length} faults, ${((Date.now() - started) / 60000).toFixed(1)} min`);
  }
} finally {
  await engine.close();
  await server.close();
}
console.log(`fresh-page loop: ${values.engine}, ${pages} pages x ${models.join(', ')} at ${values.threads} thread(s): ${faults.length} faults`);
process.exitCode = faults.length ? 1 : 0;
