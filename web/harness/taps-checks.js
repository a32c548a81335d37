// What taps, fetches and graphOptimizationLevel do, run in the page (e2e/taps.spec.mjs checks the
// summary in every engine). Mistakes with them are in api-checks.js.
import { InferenceSession, Tensor } from '../../dist/wasmnn.js';
import { fetchNpy } from './npy.js';

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const sameBits = (a, b) => a.length === b.length &&
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength).every((x, i) => x === new Uint8Array(b.buffer, b.byteOffset, b.byteLength)[i]);

// Every tap of `model` with graph optimizations off against the same values made graph outputs of
// an edited copy (the way ORT-Web gets them): names whose bits differ, and what was compared.
async function tapsAgainstGraphOutputs(model, feeds) {
  const { withGraphOutputs } = await import('./onnx/model.js'); // protobufjs: only for this check
  const bytes = await fetchBytes(`/models/${model}/model.onnx`);
  const session = await InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
  const inputs = session.inputNames;
  const computed = session.valueNames.filter((n) => !inputs.includes(n));
  const edited = await InferenceSession.create(withGraphOutputs(bytes, computed, model), { graphOptimizationLevel: 'disabled' });
  try {
    await session.run(feeds);
    const arenaWithout = session.arenaBytes;
    const tapped = await session.run(feeds, { taps: 'all' });
    const reference = await edited.run(feeds);
    return {
      valueNames: session.valueNames,
      returned: Object.keys(tapped),
      types: Object.fromEntries(Object.entries(tapped).map(([k, t]) => [k, t.data.constructor.name])),
      differ: computed.filter((n) => !sameBits(tapped[n].data, reference[n].data)),
      inputsBack: inputs.filter((n) => sameBits(tapped[n].data, feeds[n].data)),
      arena: { without: arenaWithout, all: session.arenaBytes },
    };
  } finally {
    session.release();
    edited.release();
  }
}

export async function tapChecks() {
  const images = await fetchNpy('/models/lenet5/reference/input.npy');
  const feeds = { input: new Tensor('float32', images.data.slice(0, 784), [1, 1, 28, 28]) };
  const session = await InferenceSession.create('/models/lenet5/model.onnx');
  try {
    const plain = await session.run(feeds);
    const arenaWithout = session.arenaBytes;
    const all = await session.run(feeds, { taps: 'all' });
    const arenaAll = session.arenaBytes;
    const afterAll = await session.run(feeds);
    const arenaAfter = session.arenaBytes;
    const preallocated = new Tensor('float32', new Float32Array(10), [1, 10]);
    const filled = await session.run(feeds, { logits: preallocated });
    const onlyTap = await session.run(feeds, [], { taps: ['/MaxPool_output_0'] });
    const ids = await fetchNpy('/models/data/debian-descriptions/reference_ids.npy');
    return {
      defaultValueNames: session.valueNames,
      keysAll: Object.keys(all),
      logitsSameWithTaps: sameBits(all.logits.data, plain.logits.data),
      logitsSameAfter: sameBits(afterAll.logits.data, plain.logits.data),
      pool: { dims: all['/MaxPool_output_0'].dims, type: all['/MaxPool_output_0'].type },
      arena: { without: arenaWithout, all: arenaAll, after: arenaAfter },
      fetchArray: Object.keys(await session.run(feeds, ['logits'])),
      fetchNull: Object.keys(await session.run(feeds, { logits: null })),
      preallocated: { same: filled.logits === preallocated, equal: sameBits(preallocated.data, plain.logits.data) },
      onlyTap: Object.keys(onlyTap),
      ortRunOptions: Object.keys(await session.run(feeds, { logSeverityLevel: 3, tag: 'x' })),
      lenet5: await tapsAgainstGraphOutputs('lenet5', feeds),
      resnet20: await tapsAgainstGraphOutputs('resnet20', feeds),
      textcnn: await tapsAgainstGraphOutputs('textcnn', { ids: new Tensor('int64', ids.data.slice(0, 64), [1, 64]) }),
    };
  } finally {
    session.release();
  }
}
