// ./bench --soak: does a page that lives for hours stay flat? Per browser, on one page: `runs`
// runs of one session (default 10,000), `cycles` create/run/release cycles (default 1,000) from
// the model's bytes and as many from its URL, and the URL's download alone as a control, in chunks; after each chunk the wasm heap (the page's WebAssembly memory) and the browser's
// PSS (its whole process tree) are sampled, and every output is compared bit for bit with the
// first. Flat means: no heap growth after the first chunk (warm-up), PSS within a small band.
// Writes report/soak/results.json and summary.md; exit 1 if the heap grew after warm-up or an
// output changed.
//
//   node e2e/soak.mjs [--browsers chromium,firefox,webkit] [--model lenet5] [--runs 10000]
//                     [--cycles 1000] [--chunks 10] [--out report/soak/results.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_NAMES, launchEngine } from './engines/index.mjs';
import { processTreePss } from './memory.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const { values } = parseArgs({
  options: {
    browsers: { type: 'string', default: ENGINE_NAMES.join(',') },
    model: { type: 'string', default: 'lenet5' },
    runs: { type: 'string', default: '10000' },
    cycles: { type: 'string', default: '1000' },
    chunks: { type: 'string', default: '10' },
    out: { type: 'string', default: 'report/soak/results.json' },
  },
});
const browsers = values.browsers.split(',').filter(Boolean);
const unknown = browsers.filter((b) => !ENGINE_NAMES.includes(b));
if (unknown.length) throw new Error(`--browsers: unknown ${unknown.join(', ')} (the engines are ${ENGINE_NAMES.join(', ')})`);
const modelFile = `/models/${values.model}/model.onnx`;
if (!fs.existsSync(path.join(REPO_ROOT, modelFile))) throw new Error(`--model ${values.model}: no ${modelFile}`);
const chunks = Number(values.chunks);
const MiB = (b) => (b / 2 ** 20).toFixed(1);
const log = (m) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);

// One phase: `total` iterations of `fn` in `chunks` calls, sampled after each.
async function phase(engine, fn, key, total, source) {
  const per = Math.ceil(total / chunks);
  const samples = [];
  for (let done = 0; done < total; done += per) {
    const r = await engine.call(`wasmnnHarness.${fn}`, { [key]: Math.min(per, total - done), model: modelFile, source });
    samples.push({ after: done + r.done, heapBytes: r.heapBytes, pssBytes: await processTreePss(engine.rootPid), ms: r.ms, identical: r.identical });
  }
  const rest = samples.slice(1);  // the first chunk is the warm-up
  const pss = rest.map((s) => s.pssBytes);
  return {
    iterations: total,
    samples,
    identical: samples.every((s) => s.identical),
    heapGrowthAfterWarmupBytes: rest.length ? Math.max(...rest.map((s) => s.heapBytes)) - samples[0].heapBytes : 0,
    pssBandBytes: pss.length ? Math.max(...pss) - Math.min(...pss) : 0,
    pssDriftBytes: pss.length ? pss[pss.length - 1] - pss[0] : 0,
    msPerIteration: samples.reduce((a, s) => a + s.ms, 0) / total,
  };
}

const server = await startServer({ root: REPO_ROOT });
const results = [];
let failed = false;
try {
  for (const browser of browsers) {
    log(`${browser}: ${values.runs} runs, then ${values.cycles} create/run/release cycles of ${values.model}`);
    const engine = await launchEngine(browser);
    try {
      await engine.goto(`${server.url}/web/test.html`);
      // The phases: runs of one session; create/run/release cycles from bytes fetched once (what
      // wasmnn itself keeps), and from the URL each time (what a page does); the download alone,
      // with no session, as the control for the browser's own memory.
      const phases = {
        runs: await phase(engine, 'soakRuns', 'runs', Number(values.runs)),
        'cycles (bytes)': await phase(engine, 'soakCycles', 'cycles', Number(values.cycles), 'bytes'),
        'cycles (URL)': await phase(engine, 'soakCycles', 'cycles', Number(values.cycles), 'url'),
        'fetch alone (control)': await phase(engine, 'soakCycles', 'cycles', Number(values.cycles), 'fetch'),
      };
      results.push({ browser, version: engine.version, model: values.model, phases });
      for (const [name, p] of Object.entries(phases)) {
        const ok = p.identical && p.heapGrowthAfterWarmupBytes === 0;
        failed ||= !ok;
        log(`${browser} ${name}: ${p.iterations} in ${chunks} chunks, ${p.msPerIteration.toFixed(3)} ms each; wasm heap ` +
          `${MiB(p.samples[0].heapBytes)} MiB after warm-up, +${MiB(p.heapGrowthAfterWarmupBytes)} MiB after; PSS band ` +
          `${MiB(p.pssBandBytes)} MiB (drift ${MiB(p.pssDriftBytes)}); outputs ${p.identical ? 'identical' : 'CHANGED'}${ok ? '' : ' FAIL'}`);
      }
    } finally {
      await engine.close();
    }
  }
} finally {
  await server.close();
}

const out = path.resolve(values.out);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model },
  options: values, results }, null, 2)}\n`);
const rows = results.flatMap((r) => Object.entries(r.phases).map(([name, p]) =>
  `| ${r.browser} ${r.version} | ${name} | ${p.iterations} | ${p.msPerIteration.toFixed(3)} | ${MiB(p.samples[0].heapBytes)} | ` +
  `${MiB(p.heapGrowthAfterWarmupBytes)} | ${MiB(p.samples[1]?.pssBytes ?? p.samples[0].pssBytes)} | ${MiB(p.pssBandBytes)} | ${MiB(p.pssDriftBytes)} | ${p.identical ? 'yes' : 'NO'} |`));
fs.writeFileSync(path.join(path.dirname(out), 'summary.md'), [
  `# Soak: ${values.model}, ${values.runs} runs, ${values.cycles} create/run/release cycles from bytes and from the URL, per browser (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Sampled after each of ${chunks} chunks; the first chunk is the warm-up. Heap: the page's WebAssembly memory; PSS: the browser's process tree.`,
  '',
  '| browser | phase | iterations | ms each | wasm heap after warm-up (MiB) | heap growth after (MiB) | PSS after warm-up (MiB) | PSS band (MiB) | PSS drift (MiB) | outputs identical |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n'));
log(`soak: ${failed ? 'FAILED' : 'flat'}; ${path.relative(REPO_ROOT, out)} and summary.md`);
process.exit(failed ? 1 : 0);
