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

export async function apiMistakes() {
  const session = await InferenceSession.create(MODEL);
  const released = await InferenceSession.create(MODEL);
  released.release();
  const cases = {
    modelNotFound: () => InferenceSession.create('/models/no-such-model.onnx'),
    notOnnxBytes: () => InferenceSession.create(new TextEncoder().encode('<html>404</html>')),
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
    unsupportedType: () => new Tensor('float64', new Float64Array(4), [4]),
    releasedSession: () => released.run({ input: new Tensor('float32', image(), [1, 1, 28, 28]) }),
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
  const results = {};
  for (const [name, job] of Object.entries(cases)) results[name] = await outcome(job);
  // The session still works after all those rejected calls.
  const out = await session.run(feeds());
  results.stillWorks = { threw: false, dims: out.logits.dims, keys: Object.keys(out) };
  session.release();
  return results;
}
