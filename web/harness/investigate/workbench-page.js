// The workbench page (web/workbench.html): a zoo model with its committed per-layer reference, or
// an .onnx + a reference set a person chooses or drops, run in wasmnn in this browser through the
// same code as ./bench --investigate (layer-run.js, layer-set.js, report-html.js).
import { sha256Hex } from '../metrics.js';
import { investigateLayers } from './layer-run.js';
import { openLayerSetFiles, openLayerSetUrl } from './layer-set.js';
import { LAYER_CSS, errorPlot, esc, exp, layerTable, timeSentence } from './report-html.js';

const $ = (id) => document.getElementById(id);
const RUNTIME = 'wasmnn';
let zoo = new Map(); // model name -> its models/index.json entry
let chosen = [];     // File objects, each with `relativePath` when it came from a dropped folder

function setStatus(text, failed = false) {
  $('status').textContent = text;
  $('status').className = failed ? 'failed' : '';
}

async function loadZoo() {
  const response = await fetch('/models/index.json');
  if (!response.ok) throw new Error(`could not fetch /models/index.json: HTTP ${response.status}`);
  const index = await response.json();
  zoo = new Map(index.models.filter((m) => m.layersCommitted && m.references?.ort).map((m) => [m.name, m]));
  $('zoo-model').replaceChildren(...[...zoo.keys()].map((name) => new Option(name, name, name === 'resnet20', name === 'resnet20')));
}

// A dropped folder arrives as a directory entry: read it all (readEntries gives batches).
async function filesOfEntry(entry, prefix = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    file.relativePath = prefix + entry.name;
    return [file];
  }
  const reader = entry.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const child of batch) all.push(...await filesOfEntry(child, `${prefix}${entry.name}/`));
  }
  return all;
}

function choose(files) {
  chosen = files;
  const onnx = files.filter((f) => f.name.endsWith('.onnx')).length;
  const npy = files.filter((f) => f.name.endsWith('.npy')).length;
  const json = files.filter((f) => f.name.endsWith('.json')).length;
  $('files-note').textContent = `${files.length} file(s): ${onnx} .onnx, ${json} .json, ${npy} .npy`;
  $('run-files').disabled = files.length === 0;
}

function render(label, r, warnings) {
  const fd = r.firstDivergence;
  const compared = r.layers.filter((l) => l.maxRelError !== undefined);
  const worst = compared.reduce((w, l) => (!w || l.maxRelError > w.maxRelError ? l : w), null);
  const verdict = fd
    ? `first divergence: <b>${esc(fd.node)}</b> (${esc(fd.op)}), value <code>${esc(fd.value)}</code>, max abs error ${exp(fd.maxAbsError, 2)}, max rel error ${exp(fd.maxRelError, 2)}`
    : 'first divergence: none';
  const info = r.info;
  $('result').innerHTML = `<style>${LAYER_CSS}</style>
<h2 id="verdict">${esc(label)} in ${esc(info.runtime)} ${esc(info.runtimeVersion)}: ${verdict}</h2>
<p id="summary">${compared.length} of ${r.layers.length} values compared on sample${r.sampleIndices.length > 1 ? 's' : ''} ${r.sampleIndices.join(', ')}
  against ${esc(r.producer)} (backend ${esc(info.backend)}, kernels ${esc(info.kernels ?? '-')});
  largest relative error ${worst ? `${exp(worst.maxRelError, 2)} (<code>${esc(worst.name)}</code>)` : '-'}.
  Rule: a value diverges when its max error relative to the PC value's range is above ${r.rule.tolerance} and over ${r.rule.jump}x
  the largest of the values before it (floor ${r.rule.noiseFloor}).</p>
${warnings.map((w) => `<p class="warning">${esc(w)}</p>`).join('')}
<p id="time">${timeSentence(r.time)}</p>
<h3>Error against depth</h3>
<div id="plot">${errorPlot({ 'this browser': r }, r.rule)}</div>
<h3>Every layer</h3>
${layerTable(r)}`;
  setStatus(`done: ${label}: ${r.layers.length} values, ${fd ? `first divergence at ${fd.node}` : 'no divergence'}`);
}

async function run(label, job) {
  const buttons = [$('run-zoo'), $('run-files')];
  const enabled = buttons.map((b) => !b.disabled);
  buttons.forEach((b) => { b.disabled = true; });
  $('result').replaceChildren();
  setStatus(`${label}: running every layer in ${RUNTIME}…`);
  try {
    const { result, warnings } = await job();
    render(label, result, warnings);
  } catch (e) {
    setStatus(`failed: ${e.message}`, true);
  } finally {
    buttons.forEach((b, i) => { b.disabled = !enabled[i]; });
  }
}

// Every per-layer row the set has is compared; the time is taken on its first row.
const allRows = (layerSet) => layerSet.layers.sampleRows.map((_, j) => j);

function runZoo() {
  const m = zoo.get($('zoo-model').value);
  return run(m.name, async () => {
    const layerSet = await openLayerSetUrl(`/models/${m.references.ort}`);
    const modelUrl = new URL(`/models/${m.onnx}`, location.href).href;
    return { result: await investigateLayers({ runtime: RUNTIME, modelUrl, layerSet, rows: allRows(layerSet) }), warnings: [] };
  });
}

function runFiles() {
  const models = chosen.filter((f) => f.name.endsWith('.onnx'));
  const label = models.length === 1 ? models[0].name : 'your model';
  return run(label, async () => {
    if (models.length !== 1) {
      throw new Error(models.length ? `${models.length} .onnx files were chosen (${models.map((f) => f.name).join(', ')}); choose one model`
        : `no .onnx among the ${chosen.length} chosen file(s): choose the model together with its reference set`);
    }
    const layerSet = await openLayerSetFiles(chosen);
    const bytes = new Uint8Array(await models[0].arrayBuffer());
    const warnings = [];
    const sha = await sha256Hex(bytes);
    if (layerSet.manifest.onnxSha256 && layerSet.manifest.onnxSha256 !== sha) {
      warnings.push(`The reference set was made from another model file (its sha256 ${layerSet.manifest.onnxSha256.slice(0, 12)}…, ` +
        `this ${models[0].name} ${sha.slice(0, 12)}…): values that differ may be the model's doing, not the browser's.`);
    }
    const modelUrl = URL.createObjectURL(new Blob([bytes]));
    try {
      return { result: await investigateLayers({ runtime: RUNTIME, modelUrl, layerSet, rows: allRows(layerSet) }), warnings };
    } finally {
      URL.revokeObjectURL(modelUrl);
    }
  });
}

$('files').addEventListener('change', () => choose([...$('files').files]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  try {
    choose(entries.length ? (await Promise.all(entries.map((entry) => filesOfEntry(entry)))).flat() : [...e.dataTransfer.files]);
  } catch (err) {
    setStatus(`failed: could not read the dropped files: ${err.message}`, true);
  }
});
$('run-zoo').addEventListener('click', runZoo);
$('run-files').addEventListener('click', runFiles);

loadZoo().then(
  () => setStatus(`ready (crossOriginIsolated: ${self.crossOriginIsolated}): choose a zoo model or your files`),
  (e) => setStatus(`failed: ${e.message}`, true));
