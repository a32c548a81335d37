// The demo page (./bench --serve, then /web/demo/): pick a zoo model or drop an .onnx file; draw,
// pick a test-set image, upload an image or type a sentence; see the top 5, the latency, the
// memory, where the time goes per operator, the runtime's download size, and the same model in
// ONNX Runtime Web beside it. Everything a person sees is also in window.demo.last for tests.
import {
  InferenceSession, Tensor, WordTokenizer, imageToTensor, runtimeVersion, softmax, topK, wasmHeapBytes,
} from '../../dist/wasmnn.js';
import { fashionMnistTest } from '../harness/datasets.js';

const ORT_DIST = '/vendor/onnxruntime-web/dist/';
const FASHION_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SENTENCES = [
  'A fast, free IRC client for the GNOME desktop',
  'Library for reading and writing PNG images (development files)',
  'TrueType font with wide Unicode coverage for CJK scripts',
  'Multiplayer real-time strategy game set in a fantasy world',
  'Command-line audio converter and tag editor for MP3 and FLAC files',
  'Statistical computing environment with matrix algebra and plotting',
];
const RUNS = 20;  // timed runs per latency (their median), after one warm-up run

const $ = (id) => document.getElementById(id);
const state = { model: null, bytes: null, session: null, ort: null, busy: null, sentence: 0, sample: null, tokenizer: null, testSet: null };
const demo = { last: null, error: null };
window.demo = demo;

// --- The models: the zoo (models/index.json) or a file ---------------------------------------
async function zoo() {
  const index = await (await fetch('/models/index.json')).json();
  const { classes } = await (await fetch('/models/data/debian-descriptions/corpus.json')).json();
  return index.models.map((m) => {
    const { shape, dtype } = m.input;
    const kind = dtype === 'int64' ? 'text' : shape.length === 4 && shape[1] === 1 && shape[2] === 28 ? 'image' : 'any';
    return { name: m.name, url: `/models/${m.onnx}`, bytes: m.onnxBytes, kind,
      labels: kind === 'text' ? classes : kind === 'image' ? FASHION_LABELS : null };
  });
}

// Every action a person starts runs after the one before, in order; state.busy is the last one.
function act(job) {
  const previous = state.busy;
  state.busy = (async () => {
    try { await previous; } catch { /* shown already */ }
    demo.error = null;
    try {
      await job();
    } catch (e) {
      failed(e);
    }
  })();
  return state.busy;
}

async function loadModel(model, source) {
  status(`loading ${model.name}…`);
  await state.session?.release();
  await state.ort?.release();
  state.session = state.ort = null;
  state.model = model;
  const start = performance.now();
  // The bytes once (with download progress), for wasmnn and for ORT-Web.
  const got = source instanceof Blob ? new Uint8Array(await source.arrayBuffer())
    : await download(model.url, (loaded, total) => status(`downloading ${model.name}: ${kib(loaded)}${total ? ` of ${kib(total)}` : ''}`));
  state.bytes = got;
  state.session = await InferenceSession.create(got);
  const loadMs = performance.now() - start;
  const inputs = state.session.inputMetadata;
  $('model-info').textContent = `${model.name}: ${kib(got.length)}, loaded in ${loadMs.toFixed(0)} ms; inputs ` +
    inputs.map((v) => `${v.name} ${v.type} [${v.shape}]`).join(', ') + `; outputs ${state.session.outputNames.join(', ')}`;
  showInput(model.kind === 'any' && isImageModel(inputs) ? 'image' : model.kind);
  if (model.kind === 'any') {
    $('any-shapes').textContent = inputs.map((v) => `${v.name} [${concrete(v.shape)}]`).join(', ');
  }
  status(`${model.name} is ready: run it`);
  demo.last = null;
}

async function download(url, onProgress) {
  // The demo reads the bytes itself so that both runtimes get the same ones; wasmnn's own
  // InferenceSession.create(url, { onProgress }) reports progress the same way.
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || undefined;
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return bytes;
}

const isImageModel = (inputs) => inputs.length === 1 && inputs[0].type === 'float32' && inputs[0].shape.length === 4 &&
  inputs[0].shape[1] === 1 && inputs[0].shape[2] === 28;
const concrete = (shape) => shape.map((d) => (typeof d === 'number' ? d : 1));

function showInput(kind) {
  $('image-input').hidden = kind !== 'image';
  $('text-input').hidden = kind !== 'text';
  $('any-input').hidden = kind !== 'any';
  state.kind = kind;
}

// --- Inputs -----------------------------------------------------------------------------------
const canvas = $('draw');
const ink = canvas.getContext('2d', { willReadFrequently: true });

function clearCanvas() {
  ink.fillStyle = '#000';
  ink.fillRect(0, 0, canvas.width, canvas.height);
  $('truth').textContent = '';
  state.sample = null;
}

function setupDrawing() {
  let last = null;
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
  };
  canvas.addEventListener('pointerdown', (e) => { canvas.setPointerCapture(e.pointerId); last = at(e); stroke(last, last); });
  canvas.addEventListener('pointermove', (e) => { if (last) { const p = at(e); stroke(last, p); last = p; } });
  const end = () => { if (last) { last = null; act(run); } };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

function stroke([x0, y0], [x1, y1]) {
  ink.strokeStyle = '#fff';
  ink.lineWidth = 22;
  ink.lineCap = 'round';
  ink.beginPath();
  ink.moveTo(x0, y0);
  ink.lineTo(x1, y1);
  ink.stroke();
}

// A Fashion-MNIST test image, drawn 10x (each pixel a 10x10 block: the 28x28 tensor made back
// from the canvas is the image's own pixels).
async function sampleImage() {
  state.testSet ??= await fashionMnistTest();
  const { count, pixels, labels } = state.testSet;
  const i = state.sample === null ? 0 : (state.sample * 7919 + 1) % count;
  state.sample = i;
  const small = new ImageData(28, 28);
  for (let k = 0; k < 784; k++) {
    const v = Math.round(pixels[i * 784 + k] * 255);
    small.data.set([v, v, v, 255], k * 4);
  }
  const tmp = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
  tmp.getContext('2d').putImageData(small, 0, 0);
  ink.imageSmoothingEnabled = false;
  ink.drawImage(tmp, 0, 0, canvas.width, canvas.height);
  $('truth').textContent = `test image #${i}: ${FASHION_LABELS[labels[i]]}`;
}

async function uploadImage(file) {
  const img = new Image();
  img.src = URL.createObjectURL(file);
  try {
    await img.decode();
  } catch {
    throw new Error(`${file.name} is not an image this browser can decode`);
  }
  clearCanvas();
  // Fit the image into the square, keeping its aspect ratio.
  const s = Math.min(canvas.width / img.naturalWidth, canvas.height / img.naturalHeight);
  const w = img.naturalWidth * s;
  const h = img.naturalHeight * s;
  ink.drawImage(img, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
  URL.revokeObjectURL(img.src);
  $('truth').textContent = `${file.name} (${img.naturalWidth}x${img.naturalHeight}), as 28x28 grey`;
}

async function feeds() {
  const inputs = state.session.inputMetadata;
  if (state.kind === 'image') {
    return { [inputs[0].name]: imageToTensor(canvas, { width: 28, height: 28, channels: 'gray' }) };
  }
  if (state.kind === 'text') {
    const length = inputs[0].shape[1];
    state.tokenizer ??= new WordTokenizer(await (await fetch('/models/data/debian-descriptions/vocab.txt')).text(), { length });
    return { [inputs[0].name]: state.tokenizer.tensor($('text').value) };
  }
  // Any other model: deterministic values of each input's shape.
  return Object.fromEntries(inputs.map((v) => {
    const dims = concrete(v.shape);
    const n = dims.reduce((a, b) => a * b, 1);
    const arrays = { int32: Int32Array, uint8: Uint8Array, int8: Int8Array, bool: Uint8Array, float16: Uint16Array };
    const data = v.type === 'int64' ? new BigInt64Array(n) : v.type === 'float32'
      ? Float32Array.from({ length: n }, (_, i) => ((i * 7) % 17) / 17) : new (arrays[v.type] ?? Uint8Array)(n);
    return [v.name, new Tensor(v.type, data, dims)];
  }));
}

// --- Running ----------------------------------------------------------------------------------
async function timeRuns(runOnce) {
  await runOnce();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await runOnce();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

async function run() {
  if (!state.session) return;
  status('running…');
  const session = state.session;
  const input = await feeds();
  const out = await session.run(input);
  const first = out[session.outputNames[0]];
  const scores = Array.from(first.data, Number);
  const labels = state.model.labels?.length === scores.length ? state.model.labels : null;
  const probabilities = labels || scores.length <= 1000 ? Array.from(softmax(first)) : null;
  const top = topK(probabilities ?? scores, Math.min(5, scores.length), labels ?? scores.map((_, i) => `#${i}`));
  const wasmnnMs = await timeRuns(() => session.run(input));
  session.startProfiling();
  for (let i = 0; i < 10; i++) await session.run(input);
  const steps = session.endProfiling();
  const last = {
    model: state.model.name, top5: top.map((t) => ({ label: t.label, score: t.score })),
    outputDims: first.dims, wasmnnMs, heapBytes: await wasmHeapBytes(), profile: byOp(steps), ort: null,
  };
  if ($('compare').checked) last.ort = await runOrt(input, first, session.outputNames[0]);
  demo.last = last;
  show(last, probabilities !== null);
  status(`ran ${state.model.name}`);
}

function byOp(steps) {
  const ops = new Map();
  for (const s of steps) ops.set(s.op, (ops.get(s.op) ?? 0) + s.ms);
  const total = [...ops.values()].reduce((a, b) => a + b, 0);
  return [...ops].map(([op, ms]) => ({ op, ms, share: total ? ms / total : 0 })).sort((a, b) => b.ms - a.ms);
}

async function runOrt(input, wasmnnFirst, outputName) {
  try {
    const ort = await import(`${ORT_DIST}ort.wasm.min.mjs`);
    ort.env.wasm.wasmPaths = ORT_DIST;
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    state.ort ??= await ort.InferenceSession.create(state.bytes.slice(), { executionProviders: ['wasm'] });
    const feeds = Object.fromEntries(Object.entries(input).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
    const out = await state.ort.run(feeds);
    const theirs = out[outputName] ?? Object.values(out)[0];
    let maxAbs = 0;
    for (let i = 0; i < theirs.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(Number(theirs.data[i]) - Number(wasmnnFirst.data[i])));
    const argmax = (d) => Array.from(d, Number).reduce((best, v, i, a) => (v > a[best] ? i : best), 0);
    return { version: ort.env.versions?.web ?? '?', ms: await timeRuns(() => state.ort.run(feeds)), maxAbsDiff: maxAbs,
      sameTop1: argmax(theirs.data) === argmax(wasmnnFirst.data) };
  } catch (e) {
    return { error: e.message };
  }
}

// --- Showing ----------------------------------------------------------------------------------
const kib = (b) => (b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const cell = (text, cls) => Object.assign(document.createElement('td'), { textContent: text, className: cls ?? '' });
const row = (...cells) => { const tr = document.createElement('tr'); tr.append(...cells); return tr; };

function show(last, probabilities) {
  $('top5').replaceChildren(...last.top5.map((t) => row(cell(t.label),
    cell(probabilities ? `${(100 * t.score).toFixed(1)} %` : t.score.toPrecision(4), 'num'))));
  const o = last.ort;
  $('numbers').replaceChildren(
    row(cell(`wasmnn, median of ${RUNS} runs (1 thread)`), cell(`${last.wasmnnMs.toFixed(2)} ms`, 'num')),
    row(cell(o ? (o.error ? 'ONNX Runtime Web' : `ONNX Runtime Web ${o.version}, median of ${RUNS} runs (1 thread)`) : 'ONNX Runtime Web'),
      cell(o ? (o.error ? `failed: ${o.error}` : `${o.ms.toFixed(2)} ms`) : 'not asked', 'num')),
    row(cell('largest |wasmnn − ORT-Web| of the output'), cell(o && !o.error ? o.maxAbsDiff.toExponential(2) : '–', 'num')),
    row(cell('same top-1 as ORT-Web'), cell(o && !o.error ? (o.sameTop1 ? 'yes' : 'no') : '–', 'num')),
    row(cell('wasm heap (all wasmnn sessions of this page)'), cell(kib(last.heapBytes), 'num')),
    row(cell('output'), cell(`[${last.outputDims}]`, 'num')),
  );
  const max = last.profile[0]?.ms || 1;
  $('profile').replaceChildren(row(...['operator', 'ms per run (profiled: timed step by step)', 'share', ''].map((h) => Object.assign(document.createElement('th'), { textContent: h }))),
    ...last.profile.slice(0, 10).map((p) => {
      const bar = Object.assign(document.createElement('span'), { className: 'bar' });
      bar.style.width = `${Math.max(1, (160 * p.ms) / max)}px`;
      const barCell = cell('');
      barCell.append(bar);
      return row(cell(p.op), cell(p.ms.toFixed(3), 'num'), cell(`${(100 * p.share).toFixed(0)} %`, 'num'), barCell);
    }));
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

function failed(e) {
  demo.error = e.message;
  status(e.message, true);
}

async function settle() {
  let busy;
  do {  // until no action was added while waiting
    busy = state.busy;
    try { await busy; } catch { /* shown already */ }
  } while (busy !== state.busy);
}

// The runtime's download: the wasmnn files this page fetched, gzip-compressed as a server would
// send them (CompressionStream), beside their raw size.
async function downloadSize() {
  const files = [...new Set(performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/dist\/wasmnn[^/]*\.(js|wasm)$/.test(n)))];
  let raw = 0;
  let gzip = 0;
  for (const url of files) {
    const bytes = await (await fetch(url)).arrayBuffer();
    raw += bytes.byteLength;
    gzip += (await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()).byteLength;
  }
  return { files: files.map((u) => new URL(u).pathname.split('/').pop()), raw, gzip };
}

// --- Wiring -----------------------------------------------------------------------------------
demo.ready = (async () => {
  clearCanvas();
  setupDrawing();
  const models = await zoo();
  $('model').replaceChildren(...models.map((m) => Object.assign(document.createElement('option'),
    { value: m.name, textContent: `${m.name} (${kib(m.bytes)})`, selected: m.name === 'lenet5' })));
  $('model').addEventListener('change', () => act(() => loadModel(models.find((m) => m.name === $('model').value))));
  const openFile = (file) => act(() => loadModel({ name: file.name, kind: 'any', labels: null }, file));
  $('model-file').addEventListener('change', (e) => e.target.files[0] && openFile(e.target.files[0]));
  document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('drop'); });
  document.addEventListener('dragleave', () => document.body.classList.remove('drop'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('drop');
    const file = [...e.dataTransfer.files].find((f) => f.name.endsWith('.onnx')) ?? e.dataTransfer.files[0];
    if (file) openFile(file);
  });
  $('clear').addEventListener('click', clearCanvas);
  $('sample').addEventListener('click', () => act(() => sampleImage().then(run)));
  $('image-file').addEventListener('change', (e) => e.target.files[0] && act(() => uploadImage(e.target.files[0]).then(run)));
  $('sample-text').addEventListener('click', () => act(() => {
    state.sentence = (state.sentence + 1) % SENTENCES.length;
    $('text').value = SENTENCES[state.sentence];
    return run();
  }));
  $('text').addEventListener('change', () => act(run));
  $('run').addEventListener('click', () => act(run));
  await act(() => loadModel(models.find((m) => m.name === 'lenet5')));
  const [version, size] = await Promise.all([runtimeVersion(), downloadSize()]);
  demo.download = size;
  $('runtime').textContent = `wasmnn ${version}; this page downloaded ${kib(size.gzip)} of it gzip-compressed ` +
    `(${kib(size.raw)} raw: ${size.files.join(', ')}).`;
})().catch(failed);

// For tests: resolves when the page is idle, with what it shows.
demo.idle = async () => {
  await demo.ready;
  await settle();
  return { last: demo.last, error: demo.error, status: $('status').textContent, model: state.model?.name };
};
