// One model of models/external/ through any runtime with wasmnn's (and ORT's) session shape, on
// its onnxruntime-node reference set, judged by the rule its manifest stores (agreement.js).
// No imports of a runtime: the page passes wasmnn (external.js), Node's check passes
// onnxruntime-node (e2e/external-verdict.spec.mjs), so the spec's logic runs without a browser.
//   manifest: the reference manifest; read(file) -> {data, shape, descr} (a parsed .npy next to it)
//   create() -> session {run(feeds) -> {name: {data}}, release()}; makeTensor(type, data, dims)
import { compareWithEnvelope, describeComparison } from './agreement.js';
import { TENSOR_TYPES } from './npy.js';

export async function judgeExternal({ model, manifest, read, create, makeTensor }) {
  const rule = manifest.agreement;
  let session;
  try {
    session = await create();
  } catch (e) {
    return { model, refused: String(e.message ?? e), agreement: rule };
  }
  try {
    const inputs = await Promise.all(manifest.inputs.map((v) => read(v.file)));
    const samples = manifest.samples;
    const outputs = [];
    for (const v of manifest.outputs) {
      const want = await read(v.file);
      const low = v.envelope ? (await read(v.envelope.low)).data : null;
      const high = v.envelope ? (await read(v.envelope.high)).data : null;
      outputs.push({ name: v.name, agreement: v.agreement, want: want.data, low, high, got: new want.data.constructor(want.data.length) });
    }
    for (let s = 0; s < samples; s++) {
      const feeds = {};
      manifest.inputs.forEach((v, i) => {
        const rest = inputs[i].shape.slice(1);
        const per = rest.reduce((a, b) => a * b, 1);
        feeds[v.name] = makeTensor(TENSOR_TYPES[inputs[i].descr], inputs[i].data.subarray(s * per, (s + 1) * per), [1, ...rest]);
      });
      const out = await session.run(feeds);
      for (const o of outputs) {
        const t = out[o.name];
        if (!t) throw new Error(`the runtime returned no output '${o.name}' (it returned ${Object.keys(out).join(', ')})`);
        const per = o.want.length / samples;
        if (t.data.length !== per) throw new Error(`output '${o.name}': ${t.data.length} values per sample, the reference ${per}`);
        o.got.set(t.data, s * per);
      }
    }
    const results = outputs.map((o) => {
      const n = o.want.length / samples;
      const c = o.want instanceof Float32Array
        ? compareWithEnvelope(o.got, o.want, o.low, o.high, samples, n, rule.relTolerance)
        : { maxAbsError: 0, maxRelError: 0, envelopeRelError: 0, beyond: o.got.some((x, i) => x !== o.want[i]) ? 1 : 0, worst: null };
      const own = o.agreement ?? { widened: rule.widened, allowedBeyond: 0 };
      const pass = c.beyond <= own.allowedBeyond;
      return { name: o.name, ...c, allowedBeyond: own.allowedBeyond, pass,
        line: describeComparison(o.name, c, { widened: own.widened, allowedBeyond: own.allowedBeyond, tolerance: rule.relTolerance }) };
    });
    return { model, samples, agreement: rule, outputs: results, pass: results.every((r) => r.pass) };
  } finally {
    await session.release();
  }
}
