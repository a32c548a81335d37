// The mistakes a web developer can make with the API, each run in the page; returns what each
// one threw, so a test can check every engine gives the same helpful message.
import { InferenceSession, Tensor } from '../../dist/wasmnn.js';

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
  const bits = (t) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length));
  const a = await InferenceSession.create(MODEL);
  const b = await InferenceSession.create('/models/lenet1/model.onnx');
  const aloneA = [], aloneB = [];
  for (const img of images) aloneA.push(bits((await a.run(input(img))).logits));
  for (const img of images) aloneB.push(bits((await b.run(input(img))).logits));
  const aloneBatch = bits((await a.run(input(batch3, 3))).logits);
  const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);

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
