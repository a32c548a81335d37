// The mistakes a web developer can make with the API, each run in the page; returns what each
// one threw, so a test can check every engine gives the same helpful message.
import { InferenceSession, Tensor, env, wasmHeapBytes } from '../../dist/wasmnn.js';
import { floatBits, sameElements as same } from './metrics.js';
import { simdGemmTiles } from './tiles.js';

const MODEL = '/models/lenet5/model.onnx';
const image = () => new Float32Array(784);
const feeds = () => ({ input: new Tensor('float32', image(), [1, 1, 28, 28]) });

async function outcome(job) {
  try {
    await job();
    return { threw: false };
  } catch (e) {
    return { threw: true, name: e.name, message: e.message };
  }
}

let limitedStillRuns = null;  // overMemoryLimit's session, run at batch 1 after the refusal

export async function apiMistakes() {
  const results = {};
  const session = await InferenceSession.create(MODEL);
  const released = await InferenceSession.create(MODEL);
  results.releaseReturnsPromise = released.release() instanceof Promise;
  await released.release();  // twice: harmless
  const cases = {
    modelNotFound: () => InferenceSession.create('/models/no-such-model.onnx'),
    // Files that are not a model, said in words (no parser jargon).
    notOnnxBytes: () => InferenceSession.create(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127])),
    htmlBytes: () => InferenceSession.create(new TextEncoder().encode('<!doctype html>\n<html><body>404</body></html>')),
    htmlPageWith200: () => InferenceSession.create('/web/test.html'),
    textFile: () => InferenceSession.create(new TextEncoder().encode('404: Not Found\n')),
    truncatedModel: async () => {
      const bytes = new Uint8Array(await (await fetch(MODEL)).arrayBuffer());
      return InferenceSession.create(bytes.subarray(0, bytes.length >> 1));
    },
    wrongModelArgument: () => InferenceSession.create(42),
    // run() on create()'s promise, not awaited (the page releases the session it makes).
    runBeforeCreate: async () => {
      const pending = InferenceSession.create(MODEL);
      try {
        return pending.run(feeds());
      } finally {
        await (await pending).release();
      }
    },
    wrongRank: () => session.run({ input: new Tensor('float32', image(), [1, 28, 28]) }),
    wrongChannels: () => session.run({ input: new Tensor('float32', new Float32Array(3 * 784), [1, 3, 28, 28]) }),
    missingInput: () => session.run({}),
    unknownInput: () => session.run({ image: new Tensor('float32', image(), [1, 1, 28, 28]) }),
    notATensor: () => session.run({ input: image() }),
    feedsNotAnObject: () => session.run(null),
    dimsDoNotMatchData: () => new Tensor('float32', image(), [1, 1, 28, 27]),
    // Tensors: ORT's 2-argument form, wrong arrays (never dumped), disposed tensors.
    twoArgWrongSize: () => new Tensor(image(), [1, 1, 28, 27]),
    wrongArrayForType: () => new Tensor('float32', new Float64Array(784).fill(0.123), [1, 1, 28, 28]),
    float64TwoArg: () => new Tensor(new Float64Array(784).fill(0.123), [1, 1, 28, 28]),
    uint16TwoArg: () => new Tensor(new Uint16Array(784), [1, 1, 28, 28]),
    wrongTypeFed: () => session.run({ input: new Tensor(new Int32Array(784).fill(7), [1, 1, 28, 28]) }),
    disposedFed: () => {
      const t = new Tensor(image(), [1, 1, 28, 28]);
      t.dispose();
      return session.run({ input: t });
    },
    memoryLimitTooLarge: () => InferenceSession.create(MODEL, { memoryLimit: 2 ** 32 }),
    // ResNet-20's file (1.1 MB) over a 1 MiB limit: refused before anything is read into the heap.
    modelOverMemoryLimit: () => InferenceSession.create('/models/resnet20/model.onnx', { memoryLimit: 2 ** 20 }),
    // 1 MiB: LeNet-5 loads (0.2 MB of weights) and runs at batch 1, but a batch of 1,000 images
    // (3 MB of input alone) is refused; the test checks the session still runs after it.
    overMemoryLimit: async () => {
      const small = await InferenceSession.create(MODEL, { memoryLimit: 2 ** 20 });
      try {
        await small.run({ input: new Tensor('float32', new Float32Array(1000 * 784), [1000, 1, 28, 28]) });
      } finally {
        limitedStillRuns = (await small.run(feeds())).logits.dims;
        await small.release();
      }
    },
    // The tensor's buffer transferred away (to a worker, or structuredClone with transfer): its
    // data is now empty, and a run must not use the heap's stale input instead.
    detachedFed: () => {
      const t = new Tensor(image(), [1, 1, 28, 28]);
      structuredClone(t.data.buffer, { transfer: [t.data.buffer] });
      return session.run({ input: t });
    },
    detachedModel: async () => {
      const bytes = await (await fetch('/models/lenet5/model.onnx')).arrayBuffer();
      const pending = InferenceSession.create(bytes);
      structuredClone(bytes, { transfer: [bytes] });
      return pending;
    },
    disposedData: () => {
      const t = new Tensor(image(), [1, 1, 28, 28]);
      t.dispose();
      return t.data;
    },
    // Session options.
    unknownSessionOption: () => InferenceSession.create(MODEL, { backend: 'wasm' }),
    gpuKernels: () => InferenceSession.create(MODEL, { kernels: 'gpu' }),
    winogradNotBoolean: () => InferenceSession.create(MODEL, { winograd: 'off' }),
    webglProvider: () => InferenceSession.create(MODEL, { executionProviders: ['webgl'] }),
    providersNotArray: () => InferenceSession.create(MODEL, { executionProviders: 'wasm' }),
    // ORT's create(buffer, byteOffset, byteLength).
    rangePastEnd: async () => {
      const bytes = await (await fetch(MODEL)).arrayBuffer();
      return InferenceSession.create(bytes, 100, bytes.byteLength);
    },
    rangeOnUint8Array: async () => {
      const bytes = new Uint8Array(await (await fetch(MODEL)).arrayBuffer());
      return InferenceSession.create(bytes, 0, bytes.length);
    },
    unsupportedType: () => new Tensor('float64', new Float64Array(4), [4]),
    releasedSession: () => released.run({ input: new Tensor('float32', image(), [1, 1, 28, 28]) }),
    releasedProfiling: () => released.startProfiling(),
    badOptimizationLevel: () => InferenceSession.create(MODEL, { graphOptimizationLevel: 'most' }),
    // Taps and fetches.
    unknownTaps: () => session.run(feeds(), { taps: ['/MaxPool_output_0', 'conv1', '/conv1/Conv_output_0'] }),
    tapWeight: () => session.run(feeds(), { taps: ['fc1.weight'] }),
    tapsNotNames: () => session.run(feeds(), { taps: '/MaxPool_output_0' }),
    unknownRunOption: () => session.run(feeds(), { tap: ['/MaxPool_output_0'] }),
    fetchesNotAnOutput: () => session.run(feeds(), ['logit']),
    fetchesIntermediate: () => session.run(feeds(), ['/MaxPool_output_0']),
    fetchesWrongTensor: () => session.run(feeds(), { logits: new Tensor('float32', new Float32Array(5), [1, 5]) }),
    fetchesThenNotOptions: () => session.run(feeds(), ['logits'], 'all'),
  };
  for (const [name, job] of Object.entries(cases)) results[name] = await outcome(job);
  // The session still works after all those rejected calls.
  const out = await session.run(feeds());
  results.stillWorks = { threw: false, dims: out.logits.dims, keys: Object.keys(out) };
  results.limitedStillRuns = limitedStillRuns;
  session.release();
  return results;
}

// What code written for ONNX Runtime Web does, done right: fetches choose outputs, ORT's
// metadata, new Tensor(data, dims), getData/dispose, the accepted options, create(buffer, offset,
// length), release() as a Promise. Returns plain values for the test to compare.
export async function ortCompat() {
  const bytes = new Uint8Array(await (await fetch(MODEL)).arrayBuffer());
  const out = {};
  const logitsOf = async (session) => Array.from((await session.run(feeds())).logits.data);

  // fetches: a model with a second output (an inner value appended to the graph's outputs).
  const { withGraphOutputs } = await import('./onnx/model.js');
  const twoOutputs = await InferenceSession.create(withGraphOutputs(bytes, ['/MaxPool_output_0']));
  out.outputNames = twoOutputs.outputNames;
  out.fetchedAll = Object.keys(await twoOutputs.run(feeds()));
  out.fetchedLogits = Object.keys(await twoOutputs.run(feeds(), ['logits']));
  out.fetchedInner = Object.keys(await twoOutputs.run(feeds(), ['/MaxPool_output_0']));
  out.fetchedObject = Object.keys(await twoOutputs.run(feeds(), { logits: null }));
  out.fetchedWithOptions = Object.keys(await twoOutputs.run(feeds(), ['logits'], { logSeverityLevel: 3 }));
  out.unknownFetch = await outcome(() => twoOutputs.run(feeds(), ['logitz']));
  await twoOutputs.release();

  const session = await InferenceSession.create(MODEL, { executionProviders: ['wasm'] });
  out.inputMetadata = session.inputMetadata;
  out.outputMetadata = session.outputMetadata;
  const reference = await logitsOf(session);

  // new Tensor(data, dims), getData(), dispose().
  const data = image();
  const t = new Tensor(data, [1, 1, 28, 28]);
  out.twoArgTensor = { type: t.type, dims: t.dims, size: t.size, location: t.location };
  out.getDataSame = (await t.getData()) === data;
  out.twoArgRuns = Array.from((await session.run({ input: t })).logits.data).every((v, i) => v === reference[i]);
  t.dispose();
  out.disposed = t.disposed;
  const tensorFromArray = new Tensor([1, 2, 3]);
  out.plainArrayTensor = { type: tensorFromArray.type, dims: tensorFromArray.dims };
  out.int64Tensor = new Tensor(new BigInt64Array(2), [2]).type;
  await session.release();

  // Options ORT pages send.
  const accepted = {};
  for (const [name, options] of Object.entries({
    wasm: { executionProviders: ['wasm'] },
    cpu: { executionProviders: ['cpu'] },
    named: { executionProviders: [{ name: 'wasm' }] },
    fallback: { executionProviders: ['webgpu', 'wasm'] },
    ortLogging: { logSeverityLevel: 3, logId: 'page', enableCpuMemArena: true, executionMode: 'sequential' },
  })) {
    const s = await InferenceSession.create(MODEL, options);
    accepted[name] = (await logitsOf(s)).every((v, i) => v === reference[i]);
    await s.release();
  }
  out.acceptedOptions = accepted;

  // create(buffer, byteOffset, byteLength): the model inside a larger buffer, junk around it.
  const big = new Uint8Array(bytes.length + 200).fill(0xee);
  big.set(bytes, 100);
  const ranged = await InferenceSession.create(big.buffer, 100, bytes.length, { executionProviders: ['wasm'] });
  out.rangedSame = (await logitsOf(ranged)).every((v, i) => v === reference[i]);
  await ranged.release();
  const toEnd = new Uint8Array(bytes.length + 100).fill(0xee);
  toEnd.set(bytes, 100);
  const ranged2 = await InferenceSession.create(toEnd.buffer, 100);
  out.rangedToEndSame = (await logitsOf(ranged2)).every((v, i) => v === reference[i]);
  const released = ranged2.release();
  out.releaseIsPromise = released instanceof Promise;
  await released;
  out.releasedRun = await outcome(() => ranged2.run(feeds()));
  return out;
}

// Runs started without awaiting the previous one, on one session and on two sessions in turn:
// each run completes before the next starts (run() never yields between writing its inputs and
// reading its outputs), so every result is the bits the same run gives alone. Returns plain
// values for the test to compare.
export async function concurrentRuns() {
  const images = Array.from({ length: 6 }, (_, i) => Float32Array.from({ length: 784 }, (_, k) => ((k * 7 + i * 13) % 17) / 17));
  const batch3 = new Float32Array(3 * 784);
  images.slice(0, 3).forEach((img, i) => batch3.set(img, i * 784));
  const input = (data, n = 1) => ({ input: new Tensor('float32', data, [n, 1, 28, 28]) });
  const bits = (t) => floatBits(t.data);
  const a = await InferenceSession.create(MODEL);
  const b = await InferenceSession.create('/models/lenet1/model.onnx');
  const aloneA = [], aloneB = [];
  for (const img of images) aloneA.push(bits((await a.run(input(img))).logits));
  for (const img of images) aloneB.push(bits((await b.run(input(img))).logits));
  const aloneBatch = bits((await a.run(input(batch3, 3))).logits);

  // One session, all runs started at once, with a batch of 3 (a new plan) in the middle.
  const started = images.map((img) => a.run(input(img)));
  started.splice(3, 0, a.run(input(batch3, 3)));
  const results = await Promise.all(started);
  const batchResult = results.splice(3, 1)[0];
  const oneSession = results.every((r, i) => same(bits(r.logits), aloneA[i])) && same(bits(batchResult.logits), aloneBatch);
  // Two sessions in turn, started at once.
  const turns = images.flatMap((img) => [a.run(input(img)), b.run(input(img))]);
  const turned = await Promise.all(turns);
  const twoSessions = images.every((_, i) => same(bits(turned[2 * i].logits), aloneA[i]) && same(bits(turned[2 * i + 1].logits), aloneB[i]));
  // A run started before release() completes; one after it is refused.
  const before = a.run(input(images[0]));
  await a.release();
  const beforeRelease = same(bits((await before).logits), aloneA[0]);
  const afterRelease = await outcome(() => a.run(input(images[0])));
  await b.release();
  return { runs: results.length + 1 + turned.length, oneSession, twoSessions, beforeRelease, afterRelease };
}

// NaN and ±Inf pixels (every third one) run like any other input: IEEE arithmetic makes every
// logit NaN (Inf times weights of both signs sums to NaN), nothing traps, and the next ordinary
// run gives the bits it gave before.
export async function specialValues() {
  const session = await InferenceSession.create(MODEL);
  const logits = async (v) => {
    const img = Float32Array.from({ length: 784 }, (_, i) => (i % 3 === 0 ? v : 0.5));
    return Array.from((await session.run({ input: new Tensor('float32', img, [1, 1, 28, 28]) })).logits.data);
  };
  const before = await logits(0.25);
  const special = {};
  for (const [name, v] of [['nan', NaN], ['inf', Infinity], ['minusInf', -Infinity]]) {
    special[name] = (await logits(v)).map((x) => (Number.isNaN(x) ? 'NaN' : x));
  }
  const after = await logits(0.25);
  await session.release();
  return { special, unharmed: after.every((x, i) => Object.is(x, before[i])) };
}

// Every kind of model source a page has (ArrayBuffer and Uint8Array are in apiMistakes): a Blob,
// a File (what <input type=file> gives), a fetch() Response, a DataView; a URL with onProgress;
// a URL through the Cache Storage cache, twice (the test's server counts what it sent). Returns
// plain values for the test to compare.
export async function loadingSources(cacheName) {
  const bytes = await (await fetch(MODEL)).arrayBuffer();
  const dims = async (model, options) => {
    const session = await InferenceSession.create(model, options);
    const out = await session.run(feeds());
    await session.release();
    return out.logits.dims;
  };
  const result = {
    blob: await dims(new Blob([bytes])),
    file: await dims(new File([bytes], 'lenet5.onnx')),
    response: await dims(await fetch(MODEL)),
    dataView: await dims(new DataView(bytes)),
    size: bytes.byteLength,
  };
  const calls = [];
  result.progressDims = await dims(MODEL, { onProgress: (loaded, total) => calls.push([loaded, total]) });
  result.progress = {
    calls: calls.length,
    first: calls[0],
    last: calls[calls.length - 1],
    increasing: calls.every((c, i) => i === 0 || c[0] >= calls[i - 1][0]),
  };
  result.bytesProgress = [];
  await dims(bytes, { onProgress: (loaded, total) => result.bytesProgress.push([loaded, total]) });
  result.htmlResponse = await outcome(async () => InferenceSession.create(await fetch('/web/test.html')));
  result.notFoundResponse = await outcome(async () => InferenceSession.create(await fetch('/models/nope.onnx')));
  result.badProgress = await outcome(() => InferenceSession.create(MODEL, { onProgress: 'yes' }));
  result.badCache = await outcome(() => InferenceSession.create(MODEL, { cache: 3 }));
  // Cache Storage: the first create downloads and keeps the file, the second asks the server
  // with the ETag and gets 304 Not Modified (no body), and both run alike.
  await caches.delete(cacheName);
  const cacheProgress = [];
  result.cachedFirst = await dims(MODEL, { cache: cacheName });
  result.cachedSecond = await dims(MODEL, { cache: cacheName, onProgress: (l, t) => cacheProgress.push([l, t]) });
  result.cacheProgress = cacheProgress;
  result.cachedKeys = (await (await caches.open(cacheName)).keys()).map((r) => new URL(r.url).pathname);
  await caches.delete(cacheName);
  return result;
}

// env.wasm.proxy = true: the session runs in a module Worker. Same bits as in the page, the same
// error messages, and the main thread free during a run (timers fire).
export async function proxySession() {
  const img = Float32Array.from({ length: 784 }, (_, k) => (k % 13) / 13);
  const batch = new Float32Array(200 * 784).map((_, k) => (k % 29) / 29);
  const bits = (t) => floatBits(t.data);
  env.wasm.proxy = true;
  const progress = [];
  const proxied = await InferenceSession.create(MODEL, { onProgress: (l, t) => progress.push([l, t]) });
  const r = { proxied: proxied.proxied === true, inputMetadata: proxied.inputMetadata, progressCalls: progress.length };
  const viaWorker = await proxied.run({ input: new Tensor(img, [1, 1, 28, 28]) });
  r.fetched = Object.keys(await proxied.run({ input: new Tensor(img, [1, 1, 28, 28]) }, ['logits']));
  const filled = new Tensor(new Float32Array(10), [1, 10]);
  await proxied.run({ input: new Tensor(img, [1, 1, 28, 28]) }, { logits: filled });
  let ticks = 0;
  let ticking = true;
  const tick = () => { if (ticking) { ticks++; setTimeout(tick, 0); } };
  setTimeout(tick, 0);
  const big = await proxied.run({ input: new Tensor(batch, [200, 1, 28, 28]) });
  ticking = false;
  r.ticksDuringRun = ticks;
  r.bigDims = big.logits.dims;
  r.wrongShape = await outcome(() => proxied.run({ input: new Tensor(img, [1, 28, 28]) }));
  r.unknownOption = await outcome(() => InferenceSession.create(MODEL, { backend: 'x' }));
  r.notFound = await outcome(() => InferenceSession.create('/models/nope.onnx'));
  await proxied.release();
  r.afterRelease = await outcome(() => proxied.run({ input: new Tensor(img, [1, 1, 28, 28]) }));
  env.wasm.proxy = false;
  const inPage = await InferenceSession.create(MODEL);
  const direct = await inPage.run({ input: new Tensor(img, [1, 1, 28, 28]) });
  const wrongInPage = await outcome(() => inPage.run({ input: new Tensor(img, [1, 28, 28]) }));
  await inPage.release();
  r.sameBits = same(bits(viaWorker.logits), bits(direct.logits));
  r.filledSame = same(bits(filled), bits(direct.logits));
  r.sameError = r.wrongShape.message === wrongInPage.message;
  return r;
}

// The bits of a model's outputs for an all-zero input of batch 1 (e2e/package.spec.mjs compares
// the packed package's quick start with them).
export async function zeroImageBits(model) {
  const session = await InferenceSession.create(`/models/${model}/model.onnx`);
  const [input] = session.inputMetadata;
  const dims = input.shape.map((d) => (typeof d === 'number' ? d : 1));
  const out = await session.run({ [input.name]: new Tensor(new Float32Array(dims.reduce((a, b) => a * b, 1)), dims) });
  await session.release();
  const data = out[session.outputNames[0]].data;
  return Array.from(floatBits(data));  // a plain array: it crosses to the test
}

// The pre/post-processing helpers on real browser objects: the same 4x2 RGBA pixels as ImageData,
// a canvas, an <img> (a PNG made from them), an ImageBitmap and a VideoFrame where the engine has
// one, each to NCHW, NHWC, gray and resized tensors; softmax/topK on LeNet-5's logits; the
// tokenizer on the text models' vocabulary. Returns plain arrays for the test to check.
export async function helperChecks(texts) {
  const { imageToTensor, softmax, topK, WordTokenizer } = await import('../../dist/wasmnn.js');
  const w = 4;
  const h = 2;
  const rgba = new Uint8ClampedArray(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));
  const imageData = new ImageData(rgba, w, h);
  const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
  canvas.getContext('2d').putImageData(imageData, 0, 0);
  const img = new Image();
  img.src = URL.createObjectURL(await new Promise((resolve) => canvas.toBlob(resolve, 'image/png')));
  await img.decode();
  const sources = { imageData, canvas, img, bitmap: await createImageBitmap(imageData) };
  if (typeof VideoFrame !== 'undefined') sources.videoFrame = new VideoFrame(canvas, { timestamp: 0 });
  const plain = (t) => ({ dims: t.dims, data: Array.from(t.data) });
  const r = { pixels: Array.from(rgba), sources: {} };
  for (const [name, source] of Object.entries(sources)) {
    r.sources[name] = {
      nchw: plain(imageToTensor(source)),
      nhwc: plain(imageToTensor(source, { layout: 'NHWC', channels: 'bgr', scale: 1, mean: [1, 2, 3], std: [2, 4, 8] })),
      gray: plain(imageToTensor(source, { channels: 'gray', scale: 1 })),
      resized: plain(imageToTensor(source, { width: 2, height: 1, scale: 1 })),
    };
  }
  sources.videoFrame?.close();
  const unloaded = new Image();
  r.errors = {
    notAnImage: await outcome(() => imageToTensor('cat.png')),
    unloaded: await outcome(() => imageToTensor(unloaded)),
    badLayout: await outcome(() => imageToTensor(imageData, { layout: 'CHW' })),
    badMean: await outcome(() => imageToTensor(imageData, { mean: [0.5, 0.5] })),
  };
  // LeNet-5 on the canvas of a 28x28 image, gray: probabilities and the top 3 with labels.
  const session = await InferenceSession.create(MODEL);
  const digit = Object.assign(document.createElement('canvas'), { width: 56, height: 56 });
  const ctx = digit.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 56, 56);
  ctx.fillStyle = '#fff';
  ctx.fillRect(16, 4, 24, 48);
  const out = await session.run({ input: imageToTensor(digit, { width: 28, height: 28, channels: 'gray' }) });
  await session.release();
  const labels = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  r.logits = Array.from(out.logits.data);
  r.probabilities = Array.from(softmax(out.logits));
  r.top3 = topK(out.logits, 3, labels);
  r.top2Plain = topK([0.1, 0.7, 0.7, 0.2], 2);
  const vocab = await (await fetch('/models/data/debian-descriptions/vocab.txt')).text();
  const tokenizer = new WordTokenizer(vocab, { length: 64 });
  r.vocabSize = tokenizer.size;
  r.ids = texts.map((t) => tokenizer.encode(t));
  const ids = tokenizer.tensor(texts);
  r.idsTensor = { type: ids.type, dims: ids.dims };
  return r;
}

// Soak (./bench --soak, and e2e/api-concurrency.spec.mjs in short): `runs` runs of one session
// kept between calls, or `cycles` create/run/release cycles; each output compared bit for bit
// with the first one ever made here. -> {done, identical, heapBytes, ms}.
const soak = { session: null, bits: null };
const soakInput = () => ({ input: new Tensor(Float32Array.from({ length: 784 }, (_, k) => (k % 11) / 11), [1, 1, 28, 28]) });
const soakSame = (out) => {
  const bits = floatBits(out.logits.data);
  soak.bits ??= bits;
  return bits.every((b, i) => b === soak.bits[i]);
};
export async function soakRuns({ runs, model = MODEL }) {
  const start = performance.now();
  soak.session ??= await InferenceSession.create(model);
  let identical = true;
  for (let i = 0; i < runs; i++) identical = soakSame(await soak.session.run(soakInput())) && identical;
  return { done: runs, identical, heapBytes: await wasmHeapBytes(), ms: performance.now() - start };
}
export async function soakCycles({ cycles, model = MODEL, source = 'url' }) {
  const start = performance.now();
  // source 'bytes': the file fetched once and each session created from its bytes; 'fetch': the
  // file fetched each time and no session (what the download alone does to memory).
  const bytes = source === 'bytes' ? new Uint8Array(await (await fetch(model)).arrayBuffer()) : null;
  let identical = true;
  for (let i = 0; i < cycles; i++) {
    if (source === 'fetch') {  // the control: the download alone, no session
      await (await fetch(model)).arrayBuffer();
      continue;
    }
    const session = await InferenceSession.create(bytes ?? model);
    identical = soakSame(await session.run(soakInput())) && identical;
    await session.release();
  }
  return { done: cycles, identical, heapBytes: await wasmHeapBytes(), ms: performance.now() - start };
}

// The wasm heap cannot grow past 2 GiB: two sessions each planning an arena of ~1.1 GB (LeNet-5
// at a batch sized from its batch-256 arena) cannot both have one. The second run is refused with a
// message (a rejected promise, no abort); that session still runs small batches, and once the
// first is released it gets its large arena too; a new session can be created after.
export async function heapExhausted() {
  const a = await InferenceSession.create(MODEL);
  const b = await InferenceSession.create(MODEL);
  // The arena grows with the batch; its size per image at batch 256 sizes the large batch.
  await a.run({ input: new Tensor('float32', new Float32Array(256 * 784), [256, 1, 28, 28]) });
  const perImage = a.arenaBytes / 256;
  const n = Math.ceil(1.1e9 / perImage);
  const big = new Tensor('float32', new Float32Array(n * 784), [n, 1, 28, 28]);
  const r = { batch: n, perImageArena: perImage };
  r.first = await outcome(() => a.run({ input: big }));
  r.heapAfterFirst = await wasmHeapBytes();
  r.second = await outcome(() => b.run({ input: big }));
  r.secondSmall = (await b.run(feeds())).logits.dims;
  await a.release();
  r.secondAfterRelease = await outcome(() => b.run({ input: big }));
  await b.release();
  const c = await InferenceSession.create(MODEL);
  r.newSession = (await c.run(feeds())).logits.dims;
  await c.release();
  return r;
}

// The GEMM tiles give the same bits (each output sums k in order, no FMA): ResNet-20, whose
// convolutions use both the main tile and the one for short sums, run by the engine's default,
// by every tile of the build alone and by a pair given as 'TILE+WIDE'. Also what the default is
// here, and the message for an unknown tile in a pair.
export async function gemmChoices() {
  const model = '/models/resnet20/model.onnx';
  const first = await InferenceSession.create(model);
  const [meta] = first.inputMetadata;
  const dims = meta.shape.map((d) => (typeof d === 'number' ? d : 1));
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, k) => ((k * 7) % 23) / 23 - 0.5);
  const outputOf = async (session) => floatBits((await session.run({ [meta.name]: new Tensor(data, dims) }))[session.outputNames[0]].data);
  const want = await outputOf(first);
  const defaultGemm = first.gemm;
  await first.release();
  const tiles = await simdGemmTiles();
  const choices = [...tiles, `${tiles[tiles.length - 1]}+${tiles[0]}`];
  const results = [];
  for (const gemm of choices) {
    const session = await InferenceSession.create(model, { gemm });
    results.push({ gemm, reported: session.gemm, same: same(await outputOf(session), want) });
    await session.release();
  }
  const unknown = await outcome(() => InferenceSession.create(model, { gemm: `${tiles[0]}+f32_gemm_9x9__wasmsimd` }));
  return { defaultGemm, results, unknown };
}
