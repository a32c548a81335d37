// Shrinks the first diverging layer to the smallest layer + input that still disagrees with the
// PC (onnxruntime-node), by running one-node ONNX models in the browser, and writes the result as
// a standalone page + ONNX file. For a Conv: (1) the node as it is in the model, on the PC's value
// of its input; (2) one channel in and out, weight 1, no bias, input 0, 1, 2, ... of the same size;
// (3) the same on square inputs of side 1, 2, 3, ...: the first side that disagrees (and, when
// that is under 4, also 4x4 for the record: a 2x2 output shows which rows/columns were sampled).
// Other ops get step (1) only.
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { parseOnnx, singleNodeModel } from '../../web/harness/onnx/model.js';
import { parseNpy } from '../../web/harness/npy.js';
import { compareValues, DIVERGENCE_RULE } from '../../web/harness/investigate/layer-compare.js';
import { REPO_ROOT } from '../server.mjs';

const arange = (n) => Float32Array.from({ length: n }, (_, i) => i);

// The PC's value of `name`, row 0, from a per-layer manifest (or the model's input rows).
function pcValue(layersManifestPath, name) {
  const m = JSON.parse(fs.readFileSync(layersManifestPath, 'utf8'));
  const v = m.layers.values.find((x) => x.name === name);
  if (!v) return null;
  const buf = fs.readFileSync(path.join(path.dirname(layersManifestPath), v.file));
  const npy = parseNpy(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const per = npy.data.length / npy.shape[0];
  return { dims: npy.shape.slice(1), data: npy.data.slice(0, per) };
}

async function pcRun(bytes, x) {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await session.run({ x: new ort.Tensor('float32', x.data, x.dims) });
  await session.release();
  return out.y;
}

function convCandidate(node, W, B, x) {
  const attrs = Object.fromEntries(Object.entries(node.attrs).filter(([, v]) => typeof v !== 'object' || Array.isArray(v)));
  const initializers = [{ name: 'w', type: 'float32', dims: W.dims, data: W.data }];
  if (B) initializers.push({ name: 'b', type: 'float32', dims: B.dims, data: B.data });
  return { opType: 'Conv', attrs, inputs: [{ name: 'x', type: 'float32', dims: x.dims }], initializers, x };
}

/**
 * engine: a page with benchHarness loaded; divergence: {node, ...}; returns {steps, repro} and
 * writes <base>-repro.onnx / -repro.html / -repro.json into outDir.
 */
export async function minimalRepro({ engine, runtime, model, divergence, layersManifest, outDir, base, log = () => {} }) {
  const graph = parseOnnx(new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'models', model, 'model.onnx')))).graph;
  const node = graph.nodes.find((n) => n.name === divergence.node);
  if (!node) throw new Error(`minimal repro: no node '${divergence.node}' in models/${model}`);
  const work = path.join(outDir, 'work');
  fs.mkdirSync(work, { recursive: true });
  const feedOf = (name) => pcValue(layersManifest, name) ?? null;
  const x0 = feedOf(node.inputs[0]);
  if (!x0) return { steps: [], repro: null, note: `the PC's value of '${node.inputs[0]}' is not in the per-layer reference` };

  let count = 0;
  const check = async (what, c) => {
    const bytes = singleNodeModel({ ...c, outputs: [{ name: 'y', type: 'float32', dims: null }] });
    const expected = await pcRun(bytes, c.x);
    const file = path.join(work, `${base}-${count++}.onnx`);
    fs.writeFileSync(file, bytes);
    const r = await engine.call('benchHarness.investigate.runModel', {
      runtime, modelUrl: `/${path.relative(REPO_ROOT, file)}`, feeds: { x: { type: 'float32', data: Array.from(c.x.data), dims: c.x.dims } },
    });
    const got = r.outputs.y;
    const cmp = got.data.length === expected.data.length ? compareValues(expected.data, got.data, { firstOf: 16 }) : null;
    const disagrees = !cmp || cmp.maxRelError > DIVERGENCE_RULE.tolerance;
    const step = { what, inputDims: c.x.dims, attrs: c.attrs, disagrees, maxAbsError: cmp?.maxAbsError ?? null, maxRelError: cmp?.maxRelError ?? null,
      expected: Array.from(expected.data.slice(0, 16)), got: got.data.slice(0, 16), outputDims: expected.dims, gotDims: got.dims };
    log(`  repro ${what}: input ${c.x.dims.join('x')}: ${disagrees ? 'DISAGREES' : 'agrees'} (max abs error ${step.maxAbsError})`);
    return { step, bytes, c };
  };

  const steps = [];
  let best = null;
  const keep = (r) => { steps.push(r.step); if (r.step.disagrees) best = r; return r.step.disagrees; };
  if (node.opType === 'Conv' && graph.initializers.has(node.inputs[1])) {
    const W = graph.initializers.get(node.inputs[1]);
    const B = node.inputs[2] ? graph.initializers.get(node.inputs[2]) : null;
    const x = { dims: [1, ...x0.dims.slice(1)], data: x0.data };
    if (keep(await check('the layer as in the model, on the PC\'s input value', convCandidate(node, W, B, x)))) {
      const [, , kh, kw] = W.dims;
      const one = { dims: [1, 1, kh, kw], data: new Float32Array(kh * kw).fill(1) };
      const [h, w] = x.dims.slice(2);
      if (keep(await check('1 channel, weight 1, no bias, input 0..n-1', convCandidate(node, one, null, { dims: [1, 1, h, w], data: arange(h * w) })))) {
        let smallest = null;
        for (let s = 1; s < Math.max(h, w); s++) {
          if (s < kh || s < kw) continue;
          if (keep(await check(`input ${s}x${s}`, convCandidate(node, one, null, { dims: [1, 1, s, s], data: arange(s * s) })))) { smallest = best; break; }
        }
        if (smallest && smallest.c.x.dims[2] < 4 && Math.min(h, w) >= 4) {
          steps.push((await check('input 4x4 (for the record)', convCandidate(node, one, null, { dims: [1, 1, 4, 4], data: arange(16) }))).step);
          best = smallest;
        }
      }
    }
  } else if (node.inputs.filter((i) => i && !graph.initializers.has(i)).length === 1) {
    const init = node.inputs.filter((i) => graph.initializers.has(i)).map((i) => graph.initializers.get(i));
    keep(await check('the layer as in the model, on the PC\'s input value', {
      opType: node.opType, attrs: node.attrs, inputs: [{ name: 'x', type: 'float32', dims: x0.dims }], initializers: init, x: x0,
    }));
  }
  if (!best) return { steps, repro: null, note: steps.length ? 'the layer alone agrees with the PC: the divergence needs its context' : `no one-node repro for ${node.opType}` };

  const onnxFile = path.join(outDir, `${base}-repro.onnx`);
  fs.writeFileSync(onnxFile, best.bytes);
  const repro = { ...best.step, onnx: path.relative(REPO_ROOT, onnxFile), page: path.relative(REPO_ROOT, path.join(outDir, `${base}-repro.html`)),
    runtime, node: node.name, op: node.opType, input: Array.from(best.c.x.data.slice(0, 64)) };
  fs.writeFileSync(path.join(outDir, `${base}-repro.html`), reproPage(repro, path.basename(onnxFile), Array.from(best.c.x.data)));
  return { steps, repro };
}

/** The standalone page; window.reproHarness.result() gives {disagrees, got, expected} to automation. */
export function reproPage(repro, onnxName, input) {
  const data = JSON.stringify({ runtime: repro.runtime, onnx: onnxName, input, dims: repro.inputDims, expected: repro.expected, node: repro.node });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Minimal repro: ${repro.op} (${repro.node}) in ${repro.runtime}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em} td,th{padding:2px 8px;text-align:right;font-family:monospace} .bad{color:#b00}</style></head>
<body>
<h1>Minimal repro: ${repro.op} in ${repro.runtime}</h1>
<p>From the first diverging layer <code>${repro.node}</code>, shrunk to one ${repro.op} (attributes <code>${JSON.stringify(repro.attrs)}</code>)
on an input of ${repro.inputDims.join('x')} holding 0, 1, 2, ...: <code>${onnxName}</code>. Expected = onnxruntime-node on the PC.
Serve the repository (<code>node e2e/server.mjs</code>) and open this page from <code>/report/investigate/</code>.</p>
<p id="status">running…</p>
<table><thead><tr><th>index</th><th>expected (PC)</th><th>${repro.runtime}</th></tr></thead><tbody id="rows"></tbody></table>
<script type="module">
import { createRuntime } from '/web/harness/runtimes/index.js';
const r = ${data};
const status = document.getElementById('status');
async function run() {
  const rt = await createRuntime(r.runtime, new URL(r.onnx, location.href).href);
  const out = await rt.run({ x: { type: 'float32', data: Float32Array.from(r.input), dims: r.dims } });
  const got = Array.from(out.y.data);
  const bad = got.length !== r.expected.length || got.some((v, i) => Math.abs(v - r.expected[i]) > 1e-3 * Math.max(1, ...r.expected.map(Math.abs)));
  document.getElementById('rows').innerHTML = r.expected.map((e, i) => '<tr' + (got[i] !== e ? ' class="bad"' : '') + '><td>' + i + '</td><td>' + e + '</td><td>' + got[i] + '</td></tr>').join('');
  status.textContent = (bad ? 'DISAGREES with the PC' : 'agrees with the PC') + ' (' + rt.info.runtime + ' ' + rt.info.runtimeVersion + ', ' + rt.info.backend + ')';
  return { disagrees: bad, got, expected: r.expected };
}
const done = run();
done.catch((e) => { status.textContent = 'error: ' + e.message; });
window.reproHarness = { ready: done.then(() => true), result: () => done };
</script>
</body></html>
`;
}
