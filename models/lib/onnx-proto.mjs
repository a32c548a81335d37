// Just enough protobuf to read an ONNX ModelProto's graph (nodes, inputs, outputs, initializer
// names, opsets) and to add graph outputs, without any ONNX library. Wire format:
// https://protobuf.dev/programming-guides/encoding/ ; field numbers from onnx/onnx.proto.
const td = new TextDecoder('utf-8', { fatal: false });

class ProtoError extends Error {}

function readVarint(buf, pos) {
  let result = 0n, shift = 0n, b;
  do {
    if (pos >= buf.length) throw new ProtoError(`truncated varint at byte ${pos}`);
    b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (shift > 70n) throw new ProtoError(`varint too long at byte ${pos}`);
  } while (b & 0x80);
  return [result, pos];
}

// Yields {field, wire, start, end, value} for each field of a message (value: BigInt for
// varints, Uint8Array for length-delimited). Throws ProtoError on malformed bytes.
export function* fields(buf, start = 0, end = buf.length) {
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n), wire = Number(key & 7n);
    if (field === 0) throw new ProtoError(`field number 0 at byte ${fieldStart}`);
    let value;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 1) { value = buf.subarray(pos, pos + 8); pos += 8; } else if (wire === 5) {
      value = buf.subarray(pos, pos + 4); pos += 4;
    } else if (wire === 2) {
      let len;
      [len, pos] = readVarint(buf, pos);
      len = Number(len);
      if (pos + len > end) throw new ProtoError(`length ${len} at byte ${pos} runs past the end (${end})`);
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new ProtoError(`unsupported wire type ${wire} at byte ${fieldStart}`);
    if (pos > end) throw new ProtoError(`field at byte ${fieldStart} runs past the end`);
    yield { field, wire, start: fieldStart, end: pos, value };
  }
}

const str = (v) => td.decode(v);

function parseNode(buf) {
  const node = { inputs: [], outputs: [], name: '', opType: '', domain: '', ints: {} };
  for (const f of fields(buf)) {
    if (f.wire !== 2) continue;
    if (f.field === 5) { // AttributeProto: 1 name, 3 i (int attributes only)
      let an = '', iv = null;
      for (const a of fields(f.value)) {
        if (a.field === 1 && a.wire === 2) an = str(a.value);
        if (a.field === 3 && a.wire === 0) iv = BigInt.asIntN(64, a.value);
      }
      if (iv !== null) node.ints[an] = Number(iv);
      continue;
    }
    if (f.field === 1) node.inputs.push(str(f.value));
    else if (f.field === 2) node.outputs.push(str(f.value));
    else if (f.field === 3) node.name = str(f.value);
    else if (f.field === 4) node.opType = str(f.value);
    else if (f.field === 7) node.domain = str(f.value);
  }
  return node;
}

function nameOf(buf, nameField) {
  for (const f of fields(buf)) if (f.field === nameField && f.wire === 2) return str(f.value);
  return '';
}

// Returns {irVersion, opsets:[{domain,version}], producer, graph:{name, nodes, inputs, outputs,
// initializers}, graphField:{start,end,valueStart}} or throws ProtoError / Error.
export function parseModel(buf) {
  const model = { irVersion: null, opsets: [], producer: '', graph: null };
  let graphBytes = null, graphField = null;
  for (const f of fields(buf)) {
    if (f.field === 1 && f.wire === 0) model.irVersion = Number(f.value);
    else if (f.field === 2 && f.wire === 2) model.producer = str(f.value);
    else if (f.field === 7 && f.wire === 2) { graphBytes = f.value; graphField = f; } else if (f.field === 8 && f.wire === 2) {
      const o = { domain: '', version: null };
      for (const g of fields(f.value)) {
        if (g.field === 1 && g.wire === 2) o.domain = str(g.value);
        if (g.field === 2 && g.wire === 0) o.version = Number(g.value);
      }
      model.opsets.push(o);
    }
  }
  if (model.irVersion === null || graphBytes === null) {
    throw new ProtoError(graphBytes === null ? 'no graph (ModelProto field 7)' : 'no ir_version (ModelProto field 1)');
  }
  const graph = { name: '', nodes: [], inputs: [], outputs: [], initializers: [] };
  for (const f of fields(graphBytes)) {
    if (f.wire !== 2) continue;
    if (f.field === 1) graph.nodes.push(parseNode(f.value));
    else if (f.field === 2) graph.name = str(f.value);
    else if (f.field === 5) graph.initializers.push(nameOf(f.value, 8));
    else if (f.field === 11) graph.inputs.push(nameOf(f.value, 1));
    else if (f.field === 12) graph.outputs.push(nameOf(f.value, 1));
  }
  model.graph = graph;
  model.graphField = graphField;
  return model;
}

export function isProtoError(e) { return e instanceof ProtoError; }

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Uint8Array.from(out);
}

function lengthDelimited(field, payload) {
  return concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

function concat(parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// Model bytes with extra graph outputs (ValueInfoProto with a name only; onnxruntime infers the
// type). Everything else is kept byte for byte.
export function withExtraOutputs(buf, model, names) {
  const te = new TextEncoder();
  const gf = model.graphField;
  const extra = names.map((n) => lengthDelimited(12, lengthDelimited(1, te.encode(n))));
  const newGraph = concat([gf.value, ...extra]);
  return concat([buf.subarray(0, gf.start), lengthDelimited(7, newGraph), buf.subarray(gf.end)]);
}

// Element count and dtype of every initializer (TensorProto: 1 dims, 2 data_type, 8 name).
export function initializerSizes(buf, model) {
  const out = [];
  for (const f of fields(model.graphField.value)) {
    if (f.field !== 5 || f.wire !== 2) continue;
    let dims = [], dataType = 0, name = '';
    for (const t of fields(f.value)) {
      if (t.field === 1 && t.wire === 0) dims.push(Number(t.value));
      else if (t.field === 1 && t.wire === 2) { // packed
        let p = 0;
        const b = t.value;
        while (p < b.length) { let v = 0n, s = 0n, c; do { c = b[p++]; v |= BigInt(c & 0x7f) << s; s += 7n; } while (c & 0x80); dims.push(Number(v)); }
      } else if (t.field === 2 && t.wire === 0) dataType = Number(t.value);
      else if (t.field === 8 && t.wire === 2) name = str(t.value);
    }
    out.push({ name, dims, dataType, count: dims.reduce((a, d) => a * d, 1) });
  }
  return out;
}
