// Decodes an ONNX ModelProto in the browser, enough to rebuild the model in another runtime:
// opsets, graph inputs/outputs with shapes, nodes with attributes, initializers as typed arrays.
// Protobuf wire format: https://protobuf.dev/programming-guides/encoding/ ; field numbers from
// onnx/onnx.proto. No external data, no sparse initializers, no subgraphs (the zoo has none).
const utf8 = new TextDecoder();

// ONNX TensorProto.DataType -> [name, typed array]
export const ONNX_TYPES = {
  1: ['float32', Float32Array], 2: ['uint8', Uint8Array], 3: ['int8', Int8Array],
  6: ['int32', Int32Array], 7: ['int64', BigInt64Array], 9: ['bool', Uint8Array],
  11: ['float64', Float64Array],
};

class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.b = bytes;
    this.pos = start;
    this.end = end;
  }

  // Varints up to 2^53 as Numbers; longer ones (int64 negatives take 10 bytes) through BigInt.
  varint() {
    let result = 0;
    let scale = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      const byte = this.b[this.pos++];
      result += (byte & 0x7f) * scale;
      if (!(byte & 0x80)) return result;
      scale *= 128;
    }
    this.pos = start;
    return Number(this.varint64());
  }

  varint64() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error(`onnx: truncated varint at byte ${this.pos}`);
      const byte = this.b[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return BigInt.asIntN(64, result);
      shift += 7n;
    }
  }

  *fields() {
    while (this.pos < this.end) {
      const key = this.varint();
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (wire === 0) yield { field, wire, reader: this, value: null };
      else if (wire === 2) {
        const length = this.varint();
        const start = this.pos;
        this.pos += length;
        if (this.pos > this.end) throw new Error(`onnx: field ${field} runs past the end`);
        yield { field, wire, bytes: this.b.subarray(start, start + length) };
      } else if (wire === 5) {
        const start = this.pos;
        this.pos += 4;
        yield { field, wire, bytes: this.b.subarray(start, start + 4) };
      } else if (wire === 1) {
        const start = this.pos;
        this.pos += 8;
        yield { field, wire, bytes: this.b.subarray(start, start + 8) };
      } else throw new Error(`onnx: unsupported wire type ${wire} at byte ${this.pos}`);
    }
  }
}

const sub = (bytes) => new Reader(bytes);
const str = (bytes) => utf8.decode(bytes);
const f32 = (bytes) => new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);

// A varint field (wire 0) must be read before the generator advances: fields() yields the reader
// positioned at the value.
function ints(f, out, big = false) {
  if (f.wire === 0) out.push(big ? f.reader.varint64() : f.reader.varint());
  else {
    const r = sub(f.bytes);
    while (r.pos < r.end) out.push(big ? r.varint64() : r.varint());
  }
}

function floats(f, out) {
  if (f.wire === 5) out.push(f32(f.bytes));
  else for (let i = 0; i < f.bytes.length; i += 4) out.push(f32(f.bytes.subarray(i, i + 4)));
}

function skip(f) {
  if (f.wire === 0) f.reader.varint();
}

function copyAligned(bytes, Typed) {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Typed(copy.buffer);
}

export function parseTensor(bytes) {
  const dims = [];
  let dataType = 0;
  let name = '';
  let raw = null;
  const floatData = [];
  const intData = [];
  const int64Data = [];
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) ints(f, dims);
    else if (f.field === 2) dataType = f.reader.varint();
    else if (f.field === 4) floats(f, floatData);
    else if (f.field === 5) ints(f, intData);
    else if (f.field === 7) ints(f, int64Data, true);
    else if (f.field === 8) name = str(f.bytes);
    else if (f.field === 9) raw = f.bytes;
    else if (f.field === 14 && f.wire === 0) {
      if (f.reader.varint() === 1) throw new Error(`onnx: tensor '${name}' keeps its data in an external file; not supported`);
    } else skip(f);
  }
  const [type, Typed] = ONNX_TYPES[dataType] ?? [];
  if (!type) throw new Error(`onnx: tensor '${name}' has data type ${dataType}, not supported here`);
  let data;
  if (raw) data = copyAligned(raw, Typed);
  else if (type === 'float32') data = Float32Array.from(floatData);
  else if (type === 'int64') data = BigInt64Array.from(int64Data);
  else data = Typed.from(intData);
  return { name, type, dims, data };
}

function parseAttribute(bytes) {
  const a = { name: '', floats: [], ints: [], strings: [] };
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) a.name = str(f.bytes);
    else if (f.field === 2) a.f = f32(f.bytes);
    else if (f.field === 3) a.i = f.reader.varint();
    else if (f.field === 4) a.s = str(f.bytes);
    else if (f.field === 5) a.t = parseTensor(f.bytes);
    else if (f.field === 7) floats(f, a.floats);
    else if (f.field === 8) ints(f, a.ints);
    else if (f.field === 9) a.strings.push(str(f.bytes));
    else if (f.field === 6) throw new Error(`onnx: attribute '${a.name}' holds a subgraph; not supported`);
    else skip(f);
  }
  // One value per attribute: the scalar field that was set, else the list that has entries.
  const value = a.t ?? a.s ?? a.f ?? a.i ?? (a.ints.length ? a.ints : a.floats.length ? a.floats : a.strings);
  return [a.name, value];
}

function parseNode(bytes) {
  const node = { name: '', opType: '', domain: '', inputs: [], outputs: [], attrs: {} };
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) node.inputs.push(str(f.bytes));
    else if (f.field === 2) node.outputs.push(str(f.bytes));
    else if (f.field === 3) node.name = str(f.bytes);
    else if (f.field === 4) node.opType = str(f.bytes);
    else if (f.field === 5) {
      const [name, value] = parseAttribute(f.bytes);
      node.attrs[name] = value;
    } else if (f.field === 7) node.domain = str(f.bytes);
    else skip(f);
  }
  return node;
}

// ValueInfoProto -> {name, type, dims}: dims hold numbers, or strings for symbolic dims.
function parseValueInfo(bytes) {
  const v = { name: '', type: null, dims: [] };
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) v.name = str(f.bytes);
    else if (f.field === 2) {
      for (const t of sub(f.bytes).fields()) {
        if (t.field !== 1) { skip(t); continue; } // tensor_type
        for (const tt of sub(t.bytes).fields()) {
          if (tt.field === 1) v.type = ONNX_TYPES[tt.reader.varint()]?.[0] ?? 'unknown';
          else if (tt.field === 2) {
            for (const d of sub(tt.bytes).fields()) {
              if (d.field !== 1) { skip(d); continue; }
              let dim = '?';
              for (const x of sub(d.bytes).fields()) {
                if (x.field === 1) dim = x.reader.varint();
                else if (x.field === 2) dim = str(x.bytes);
                else skip(x);
              }
              v.dims.push(dim);
            }
          } else skip(tt);
        }
      }
    } else skip(f);
  }
  return v;
}

function parseGraph(bytes) {
  const g = { name: '', nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) g.nodes.push(parseNode(f.bytes));
    else if (f.field === 2) g.name = str(f.bytes);
    else if (f.field === 5) {
      const t = parseTensor(f.bytes);
      g.initializers.set(t.name, t);
    } else if (f.field === 11) g.inputs.push(parseValueInfo(f.bytes));
    else if (f.field === 12) g.outputs.push(parseValueInfo(f.bytes));
    else skip(f);
  }
  // Graph inputs that are initializers (older exporters list weights as inputs) are not feeds.
  g.inputs = g.inputs.filter((v) => !g.initializers.has(v.name));
  return g;
}

/** ModelProto bytes -> {irVersion, opsets: {domain: version}, graph}. */
export function parseOnnx(bytes) {
  const model = { irVersion: 0, opsets: {}, graph: null };
  for (const f of sub(bytes).fields()) {
    if (f.field === 1) model.irVersion = f.reader.varint();
    else if (f.field === 7) model.graph = parseGraph(f.bytes);
    else if (f.field === 8) {
      let domain = '';
      let version = 0;
      for (const o of sub(f.bytes).fields()) {
        if (o.field === 1) domain = str(o.bytes);
        else if (o.field === 2) version = o.reader.varint();
        else skip(o);
      }
      model.opsets[domain] = version;
    } else skip(f);
  }
  if (!model.graph) throw new Error('onnx: the bytes hold no graph (is this an ONNX model?)');
  return model;
}
