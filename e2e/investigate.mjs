// The investigator's workbench (./bench --investigate MODEL): one runtime in each browser, every
// layer against the PC, accuracy against the PC, the first diverging layer, and a minimal repro of
// it, and each layer's time in that runtime. Writes report/investigate/<model>-<runtime>.json and
// .html. See e2e/README.md.
//
//   node e2e/bench.mjs --investigate resnet20 [--runtime tfjs-0.14] [--browsers chromium,firefox,webkit]
//        [--set testset|reference|generated] [--samples N] [--max-run-seconds S] [--layer-samples K] [--out-dir DIR]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOnnx } from '../web/harness/onnx/model.js';
import { ENGINE_NAMES, launchEngine } from './engines/index.mjs';
import { REPO_ROOT, startServer } from './server.mjs';
import { pcLayers } from './investigate/pc-layers.mjs';
import { minimalRepro } from './investigate/minimal-repro.mjs';
import { SET_NAMES, renderInvestigation } from './investigate/report.mjs';

export const INVESTIGATE_RUNTIMES = ['wasmnn', 'ort-wasm', 'tfjs-wasm', 'tfjs-0.14'];
const SETS = ['testset', 'reference', 'generated'];
const PAGE = '/web/bench.html';

const HELP = `usage: ./bench --investigate MODEL [options]   (or node e2e/bench.mjs --investigate MODEL ...)
  --runtime R          ${INVESTIGATE_RUNTIMES.join(' | ')} (default wasmnn)
  --browsers LIST      chromium,firefox,webkit (default: all three)
  --set S              ${SETS.join(' | ')} (default testset): the samples for top-1; per-layer values use its
                       first --layer-samples samples (the test set's are the reference set's)
  --samples N          samples for top-1 (default: all of the set, within the time cap)
  --max-run-seconds S  time cap of the top-1 run per browser (default 120; 0: none)
  --layer-samples K    samples compared layer by layer (default 2: the committed PC per-layer set)
  --no-repro           skip the minimal repro of the first diverging layer
  --out-dir DIR        default report/investigate`;

const log = (message) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export function parseInvestigateOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      investigate: { type: 'string' }, runtime: { type: 'string', default: 'wasmnn' }, browsers: { type: 'string' },
      set: { type: 'string', default: 'testset' }, samples: { type: 'string' }, 'max-run-seconds': { type: 'string', default: '120' },
      'layer-samples': { type: 'string', default: '2' }, 'no-repro': { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: 'report/investigate' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const model = values.investigate;
  if (!model) throw new Error('--investigate needs a model name, e.g. --investigate resnet20');
  const models = fs.readdirSync(path.join(REPO_ROOT, 'models')).filter((m) => fs.existsSync(path.join(REPO_ROOT, 'models', m, 'model.onnx')));
  if (!models.includes(model)) throw new Error(`no model '${model}' in models/ (models with a model.onnx: ${models.join(', ')})`);
  if (!INVESTIGATE_RUNTIMES.includes(values.runtime)) throw new Error(`unknown runtime '${values.runtime}' for --investigate; expected ${INVESTIGATE_RUNTIMES.join(', ')}`);
  if (!SETS.includes(values.set)) throw new Error(`unknown set '${values.set}'; expected ${SETS.join(', ')}`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'models', model, values.set === 'testset' ? 'testset' : values.set, 'manifest.json'))) {
    throw new Error(`models/${model} has no ${values.set}/manifest.json`);
  }
  const browsers = (values.browsers ?? ENGINE_NAMES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = browsers.filter((b) => !ENGINE_NAMES.includes(b));
  if (bad.length) throw new Error(`unknown browser(s) ${bad.join(', ')}; expected ${ENGINE_NAMES.join(', ')}`);
  const count = (name, v, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${v}'`);
    return n;
  };
  return {
    model, runtime: values.runtime, browsers, set: values.set,
    samples: values.samples === undefined ? null : count('samples', values.samples, 1),
    maxRunSeconds: count('max-run-seconds', values['max-run-seconds'], 0),
    layerSamples: count('layer-samples', values['layer-samples'], 1),
    repro: !values['no-repro'], outDir: path.resolve(REPO_ROOT, values['out-dir']),
  };
}

// One call in a fresh page (one runtime per page: TF.js 0.14 and 4.22 both claim window.tf).
async function inFreshPage(engine, url, fn, arg) {
  await engine.goto(url);
  return engine.call(fn, arg);
}

/** Investigates one model x runtime in each browser; returns the result written to JSON. */
export async function investigate(options) {
  fs.mkdirSync(options.outDir, { recursive: true });
  const pc = pcLayers(options.model, options.set, options.layerSamples, { outDir: options.outDir, log });
  const base = `${options.model}-${options.runtime}`;
  // Batches of 100 for the top-1 run, unless the model's batch is fixed (BlazeFace: 1).
  const input = parseOnnx(new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'models', options.model, 'model.onnx')))).graph.inputs[0];
  const batch = typeof input?.dims?.[0] === 'string' ? 100 : 1;
  const server = await startServer({ root: REPO_ROOT });
  const pageUrl = server.url + PAGE;
  const result = {
    format: 'wasmnn-investigation/1', model: options.model, runtime: options.runtime, set: options.set,
    generated: `measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    pcLayersManifest: path.relative(REPO_ROOT, pc.manifest), pcLayersProducer: pc.producer, pcProducer: null, browsers: {}, minimalRepro: null,
  };
  try {
    for (const browser of options.browsers) {
      log(`${browser}: ${options.model} in ${options.runtime}`);
      let engine;
      const entry = {};
      result.browsers[browser] = entry;
      try {
        engine = await launchEngine(browser);
        entry.browserVersion = engine.version;
        const layers = await inFreshPage(engine, pageUrl, 'benchHarness.investigate.layers', {
          model: options.model, runtime: options.runtime, layersManifest: `/${path.relative(REPO_ROOT, pc.manifest)}`, rows: pc.rows,
        });
        Object.assign(entry, {
          runtimeInfo: layers.info, layerSet: pc.set, layerSamples: layers.sampleIndices, rule: layers.rule,
          layers: layers.layers, firstDivergence: layers.firstDivergence, firstAboveTolerance: layers.firstAboveTolerance,
          time: layers.time,
        });
        result.rule = layers.rule;
        const fd = layers.firstDivergence;
        log(`  layers: ${layers.layers.length} values; first divergence: ${fd ? `${fd.node} (${fd.op}), max abs error ${fd.maxAbsError.toExponential(2)}` : 'none'}`);
        log(`  time: ${timeLine(layers.time)}`);
        const acc = await inFreshPage(engine, pageUrl, 'benchHarness.investigate.accuracy', {
          model: options.model, runtime: options.runtime, set: options.set, samples: options.samples ?? undefined,
          maxMs: options.maxRunSeconds ? options.maxRunSeconds * 1000 : undefined, batch,
        });
        entry.accuracy = { samples: acc.samples, samplesAvailable: acc.samplesAvailable, cappedByTime: acc.cappedByTime, seconds: acc.seconds,
          pcTop1: acc.pcTop1, top1: acc.top1, agreement: acc.agreement };
        result.pcProducer = acc.producer;
        log(`  top-1 on ${acc.samples} samples of the ${SET_NAMES[options.set]}: PC ${acc.pcTop1 ?? '-'}, ${browser} ${acc.top1 ?? '-'}, agreement ${acc.agreement}`);
        if (fd && options.repro && !result.minimalRepro) {
          await engine.goto(pageUrl);
          result.minimalRepro = { browser, ...await minimalRepro({ engine, runtime: options.runtime, model: options.model, divergence: fd,
            layersManifest: pc.manifest, outDir: options.outDir, base, log }) };
        }
      } catch (e) {
        entry.error = String(e.message ?? e).split('\n')[0];
        log(`  error: ${entry.error}`);
      } finally {
        await engine?.close().catch(() => {});
      }
    }
  } finally {
    await server.close();
  }
  result.rule ??= null;
  const json = path.join(options.outDir, `${base}.json`);
  const html = path.join(options.outDir, `${base}.html`);
  fs.writeFileSync(json, JSON.stringify(result, null, 1) + '\n');
  if (result.rule) fs.writeFileSync(html, renderInvestigation(result));
  return { result, json, html };
}

/** Where the time goes, in one line: total per run and the slowest node, or why not known. */
export function timeLine(time) {
  if (!time?.available) return `per-layer time not available${time?.note ? ` (${time.note})` : ''}`;
  const s = time.slowest[0];
  return `${time.totalMs.toFixed(3)} ms per run${s ? `, slowest ${s.node} (${s.op}) ${s.ms.toFixed(3)} ms = ${(100 * s.share).toFixed(0)} %` : ''}`;
}

/** Per browser: accuracy PC vs browser and the first diverging layer, then where the time goes. */
export function formatInvestigation(result) {
  const lines = [`${result.model} in ${result.runtime} (${SET_NAMES[result.set]}):`];
  for (const [b, r] of Object.entries(result.browsers)) {
    if (r.error) { lines.push(`  ${b}: ERROR ${r.error}`); continue; }
    const a = r.accuracy;
    const fd = r.firstDivergence;
    const f = (x) => (x === null || x === undefined ? '-' : x.toFixed(4));
    lines.push(`  ${b} (${r.runtimeInfo?.backend}): top-1 PC ${f(a?.pcTop1)} vs browser ${f(a?.top1)} on ${a?.samples} samples, agreement ${f(a?.agreement)}; ` +
      `first divergence: ${fd ? `${fd.node} (${fd.op}, max abs error ${fd.maxAbsError.toExponential(2)})` : 'none'}`);
    if (r.time) lines.push(`    time: ${timeLine(r.time)}`);
  }
  const r = result.minimalRepro?.repro;
  if (r) lines.push(`  minimal repro: ${r.op} ${JSON.stringify(r.attrs)} on a ${r.inputDims.join('x')} input: PC [${r.expected.join(', ')}], got [${r.got.join(', ')}] -> ${r.page}`);
  else if (result.minimalRepro?.note) lines.push(`  minimal repro: ${result.minimalRepro.note}`);
  return lines.join('\n');
}

export async function investigateMain(argv) {
  const options = parseInvestigateOptions(argv);
  if (options.help) return console.log(HELP);
  const { result, json, html } = await investigate(options);
  console.log(formatInvestigation(result));
  console.log(`\nwrote ${path.relative(REPO_ROOT, json)}${result.rule ? ` and ${path.relative(REPO_ROOT, html)}` : ''}`);
  if (Object.values(result.browsers).some((r) => r.error)) process.exitCode = 1;
}
