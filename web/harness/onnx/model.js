// ONNX models as plain JS values, over the protobufjs codec (codec.js): what readers need (opsets,
// graph inputs/outputs with shapes, nodes with attributes, initializers as typed arrays), and the
// one edit the tools make: intermediate values added as graph outputs, re-serialized. Used by the
// pages (TF.js builders, ORT-Web/wasmnn taps) and by Node (bench planning, models/ tools, the
// differential tests). No external data, sparse initializers or subgraphs (the zoo has none).
import {
  AttributeType, DataType, Long, OnnxFormatError, ValueInfoProto, decodeModel, decodeTensorProto,
  encodeModel, encodeTensorProto, toBigInt, toNumber,
} from './codec.js';

export { OnnxFormatError };

// TensorProto.DataType -> [name, typed array]
export const ONNX_TYPES = {
  [DataType.FLOAT]: ['float32', Float32Array], [DataType.UINT8]: ['uint8', Uint8Array],
  [DataType.INT8]: ['int8', Int8Array], [DataType.INT32]: ['int32', Int32Array],
  [DataType.INT64]: ['int64', BigInt64Array], [DataType.BOOL]: ['bool', Uint8Array],
  [DataType.DOUBLE]: ['float64', Float64Array],
  // float16 as its raw IEEE half bits (fp16 models of models/external; ONNX keeps them in
  // int32_data when there is no raw_data).
  [DataType.FLOAT16]: ['float16', Uint16Array],
};
const TYPE_IDS = Object.fromEntries(Object.entries(ONNX_TYPES).map(([id, [name]]) => [name, Number(id)]));

function copyAligned(bytes, Typed) {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Typed(copy.buffer);
}

/** TensorProto message -> {name, type, dims, data: TypedArray}. */
export function tensorFromProto(t) {
  const name = t.name ?? '';
  if (t.dataLocation === 1) throw new OnnxFormatError(`onnx: tensor '${name}' keeps its data in an external file; not supported`);
  const [type, Typed] = ONNX_TYPES[t.dataType] ?? [];
  if (!type) throw new OnnxFormatError(`onnx: tensor '${name}' has data type ${t.dataType}, not supported here`);
  const dims = t.dims.map(toNumber);
  let data;
  if (t.rawData?.length) data = copyAligned(t.rawData, Typed);
  else if (type === 'float32') data = Float32Array.from(t.floatData);
  else if (type === 'float64') data = Float64Array.from(t.doubleData);
  else if (type === 'int64') data = BigInt64Array.from(t.int64Data, toBigInt);
  else data = Typed.from(t.int32Data);
  return { name, type, dims, data };
}

/** TensorProto bytes (e.g. an ONNX backend test's input_0.pb) -> {name, type, dims, data}. */
export const decodeTensor = (bytes, what) => tensorFromProto(decodeTensorProto(bytes, what));

/** {name, type, dims, data} -> TensorProto bytes (raw_data, little-endian, C order). */
export function encodeTensor({ name = '', type, dims, data }) {
  if (!(type in TYPE_IDS)) throw new Error(`onnx: cannot write tensor '${name}' of type ${type}`);
  return encodeTensorProto({
    name, dataType: TYPE_IDS[type], dims: dims.map((d) => Long.fromNumber(d)),
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

// One value per attribute, as its type says.
function attributeValue(a) {
  switch (a.type) {
    case AttributeType.FLOAT: return a.f;
    case AttributeType.INT: return toNumber(a.i);
    case AttributeType.STRING: return new TextDecoder().decode(a.s);
    case AttributeType.TENSOR: return tensorFromProto(a.t);
    case AttributeType.FLOATS: return [...a.floats];
    case AttributeType.INTS: return a.ints.map(toNumber);
    case AttributeType.STRINGS: return a.strings.map((s) => new TextDecoder().decode(s));
    case AttributeType.GRAPH: case AttributeType.GRAPHS:
      throw new OnnxFormatError(`onnx: attribute '${a.name}' holds a subgraph; not supported`);
    default: throw new OnnxFormatError(`onnx: attribute '${a.name}' has type ${a.type}, not supported here`);
  }
}

// ValueInfoProto -> {name, type, dims}: dims hold numbers, strings for symbolic dims, '?' unknown.
function valueInfo(v) {
  const tt = v.type?.tensorType;
  return {
    name: v.name,
    type: tt ? ONNX_TYPES[tt.elemType]?.[0] ?? 'unknown' : null,
    dims: tt?.shape ? tt.shape.dim.map((d) => (d.value === 'dimValue' ? toNumber(d.dimValue) : d.value === 'dimParam' ? d.dimParam : '?')) : [],
  };
}

/**
 * ModelProto bytes -> {irVersion, producer, opsets: {domain: version}, opsetList: [{domain, version}],
 *   graph: {name, nodes: [{name, opType, domain, inputs, outputs, attrs}], initializers: Map(name ->
 *   tensor), inputs: [{name, type, dims}] (feeds only: not the initializers), outputs}}.
 * Throws OnnxFormatError for bytes that are not an ONNX model.
 */
export function parseOnnx(bytes, what) {
  const m = decodeModel(bytes, what);
  const g = m.graph;
  const initializers = new Map(g.initializer.map((t) => [t.name, tensorFromProto(t)]));
  const nodes = g.node.map((n) => ({
    name: n.name ?? '', opType: n.opType, domain: n.domain ?? '', inputs: [...n.input], outputs: [...n.output],
    attrs: Object.fromEntries(n.attribute.map((a) => [a.name, attributeValue(a)])),
  }));
  const opsetList = m.opsetImport.map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) }));
  return {
    irVersion: toNumber(m.irVersion), producer: m.producerName ?? '',
    opsets: Object.fromEntries(opsetList.map((o) => [o.domain, o.version])), opsetList,
    graph: {
      name: g.name ?? '', nodes, initializers,
      // Graph inputs that are initializers (older exporters list weights as inputs) are not feeds.
      inputs: g.input.map(valueInfo).filter((v) => !initializers.has(v.name)),
      outputs: g.output.map(valueInfo),
    },
  };
}

/**
 * Every value the graph computes, in node order: [{name, node, op}] (the first producer of a
 * name; graph inputs and empty optional outputs left out). The order is the graph's, which is
 * what "first diverging layer" means.
 */
export function graphValues(graph) {
  const seen = new Set(graph.inputs.map((v) => v.name));
  const values = [];
  for (const n of graph.nodes) {
    for (const name of n.outputs) {
      if (!name || seen.has(name)) continue;
      seen.add(name);
      values.push({ name, node: n.name, op: n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType });
    }
  }
  return values;
}

/**
 * The model with `names` appended to its graph outputs (ValueInfoProto with a name only: the
 * runtimes infer type and shape), re-serialized. Names already outputs are skipped; a name no
 * node produces is an error that says which.
 */
export function withGraphOutputs(bytes, names, what) {
  const m = decodeModel(bytes, what);
  const produced = new Set(m.graph.node.flatMap((n) => n.output));
  const unknown = names.filter((n) => !produced.has(n));
  if (unknown.length) throw new Error(`onnx: no node computes ${unknown.map((n) => `'${n}'`).join(', ')}`);
  const present = new Set(m.graph.output.map((o) => o.name));
  for (const name of names) {
    if (present.has(name)) continue;
    m.graph.output.push(ValueInfoProto.create({ name }));
    present.add(name);
  }
  return encodeModel(m);
}

// An attribute value as AttributeProto: integer -> INT, other number -> FLOAT, string -> STRING,
// array of integers -> INTS, array of numbers -> FLOATS.
function attributeProto(name, value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) throw new Error(`onnx: cannot write attribute '${name}' (a tensor)`);
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    return value.every(Number.isInteger) ? { name, type: AttributeType.INTS, ints: value.map((v) => Long.fromNumber(v)) }
      : { name, type: AttributeType.FLOATS, floats: value };
  }
  if (Number.isInteger(value)) return { name, type: AttributeType.INT, i: Long.fromNumber(value) };
  if (typeof value === 'number') return { name, type: AttributeType.FLOAT, f: value };
  throw new Error(`onnx: cannot write attribute '${name}' (${typeof value})`);
}

const valueInfoProto = (name, type, dims) => ({
  name, type: { tensorType: { elemType: TYPE_IDS[type], shape: dims ? { dim: dims.map((d) => ({ dimValue: Long.fromNumber(d) })) } : undefined } },
});

/**
 * A model of one node (e.g. the minimal repro of a diverging layer): inputs [{name, type, dims}]
 * fed at run time, initializers [{name, type, dims, data}], outputs [{name, type, dims (null: unknown)}].
 */
export function singleNodeModel({ opType, attrs = {}, inputs, initializers = [], outputs, opset = 13, name = 'repro' }) {
  return encodeModel({
    irVersion: Long.fromNumber(7), producerName: 'wasmnn workbench', opsetImport: [{ domain: '', version: Long.fromNumber(opset) }],
    graph: {
      name,
      node: [{ name: `${name}/${opType}`, opType, input: [...inputs.map((i) => i.name), ...initializers.map((t) => t.name)],
        output: outputs.map((o) => o.name), attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)) }],
      initializer: initializers.map(({ name: n, type, dims, data }) => ({
        name: n, dataType: TYPE_IDS[type], dims: dims.map((d) => Long.fromNumber(d)),
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      })),
      input: inputs.map((i) => valueInfoProto(i.name, i.type, i.dims)),
      output: outputs.map((o) => valueInfoProto(o.name, o.type, o.dims)),
    },
  });
}
