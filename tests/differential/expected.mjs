// Adds onnxruntime-node's outputs (output_<i>.pb) to every case generate.py wrote, so the
// conformance runner can compare wasmnn with ONNX Runtime on them.
//   node tests/differential/expected.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

// TensorProto data types and their arrays (raw_data is little-endian, C order).
const TYPES = {
  1: ['float32', Float32Array], 6: ['int32', Int32Array], 7: ['int64', BigInt64Array],
  9: ['bool', Uint8Array], 2: ['uint8', Uint8Array], 3: ['int8', Int8Array],
};
const TYPE_IDS = Object.fromEntries(Object.entries(TYPES).map(([id, [name]]) => [name, Number(id)]));

function readVarint(buf, pos) {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    value |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return [value, pos];
    shift += 7n;
  }
}

// Just what backend-test inputs use: dims, data_type, name, raw_data.
function decodeTensor(buf) {
  const t = { dims: [], type: 1, name: '', raw: new Uint8Array(0) };
  let pos = 0;
  while (pos < buf.length) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      let v;
      [v, pos] = readVarint(buf, pos);
      if (field === 1) t.dims.push(Number(v));
      if (field === 2) t.type = Number(v);
    } else if (wire === 2) {
      let len;
      [len, pos] = readVarint(buf, pos);
      const bytes = buf.subarray(pos, pos + Number(len));
      pos += Number(len);
      if (field === 1) for (let p = 0; p < bytes.length;) { let v; [v, p] = readVarint(bytes, p); t.dims.push(Number(v)); }
      if (field === 8) t.name = new TextDecoder().decode(bytes);
      if (field === 9) t.raw = bytes;
    } else {
      throw new Error(`unexpected wire type ${wire} in a test tensor`);
    }
  }
  if (!TYPES[t.type]) throw new Error(`tensor type ${t.type} is not supported here`);
  const [name, Typed] = TYPES[t.type];
  const copy = new Uint8Array(t.raw);  // a copy: Buffer.slice would be a view into a shared pool
  return new ort.Tensor(name, new Typed(copy.buffer, 0, copy.byteLength / Typed.BYTES_PER_ELEMENT), t.dims);
}

function varint(v) {
  const out = [];
  let x = BigInt(v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return out;
}

function encodeTensor(name, tensor) {
  const raw = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  const dims = tensor.dims.flatMap((d) => varint(d));
  const nameBytes = new TextEncoder().encode(name);
  return Buffer.from([
    0x0a, ...varint(dims.length), ...dims,
    0x10, ...varint(TYPE_IDS[tensor.type]),
    0x42, ...varint(nameBytes.length), ...nameBytes,
    0x4a, ...varint(raw.length), ...raw,
  ]);
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/differential/expected.mjs DIR');
  process.exit(2);
}
let written = 0;
for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('test_')).sort()) {
  const caseDir = path.join(dir, name);
  const session = await ort.InferenceSession.create(path.join(caseDir, 'model.onnx'));
  const data = path.join(caseDir, 'test_data_set_0');
  const inputs = fs.readdirSync(data).filter((f) => /^input_\d+\.pb$/.test(f))
    .sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10));
  const feeds = {};
  inputs.forEach((f, i) => { feeds[session.inputNames[i]] = decodeTensor(fs.readFileSync(path.join(data, f))); });
  const results = await session.run(feeds);
  session.outputNames.forEach((o, i) => fs.writeFileSync(path.join(data, `output_${i}.pb`), encodeTensor(o, results[o])));
  await session.release();
  written++;
}
console.log(`differential: onnxruntime-node ${ort.env.versions?.common ?? ''} outputs written for ${written} cases in ${dir}`);
