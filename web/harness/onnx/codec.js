// The ONNX protobuf codec: protobufjs 8 (light build) with ONNX's own schema (schema.js, made from
// onnx.proto by tools/onnx-schema.mjs). The one place in JS that knows ONNX's wire format; the
// same module in pages (served under /vendor/ from node_modules) and in Node.
//
// int64 fields (dims, int64_data, attribute ints) decode as Long objects (npm `long`), so a
// decode + encode round trip keeps every value exactly (INT64_MAX in a Slice too); model.js turns
// them into Numbers or BigInts for readers.
import schema from './schema.js';

const inNode = typeof window === 'undefined' && typeof process !== 'undefined' && Boolean(process.versions?.node);

async function loadProtobuf() {
  if (inNode) {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return { protobuf: require('protobufjs/light'), Long: require('long') };
  }
  // The browser bundles are UMD: importing one sets globalThis.protobuf. long 5 is an ES module.
  if (!globalThis.protobuf) await import('/vendor/protobufjs/dist/light/protobuf.min.js');
  const { default: Long } = await import('/vendor/long/index.js');
  return { protobuf: globalThis.protobuf, Long };
}

const { protobuf, Long } = await loadProtobuf();
protobuf.util.Long = Long;
protobuf.configure();

const root = protobuf.Root.fromJSON(schema);
export const ModelProto = root.lookupType('onnx.ModelProto');
export const TensorProto = root.lookupType('onnx.TensorProto');
export const ValueInfoProto = root.lookupType('onnx.ValueInfoProto');
export const AttributeType = root.lookupEnum('onnx.AttributeProto.AttributeType').values;
export const DataType = root.lookupEnum('onnx.TensorProto.DataType').values;
export { Long };

/** A readable message for bytes that are not what they claim to be. */
export class OnnxFormatError extends Error {}

function decode(type, bytes, what) {
  try {
    return type.decode(bytes);
  } catch (e) {
    throw new OnnxFormatError(`${what}: not a valid ${type.name} (${bytes.length} bytes; protobuf: ${e.message})`);
  }
}

/** ModelProto bytes -> the protobufjs message (fields in camelCase: graph.node, opsetImport...). */
export function decodeModel(bytes, what = 'onnx model') {
  const model = decode(ModelProto, bytes, what);
  if (!model.graph) throw new OnnxFormatError(`${what}: the bytes hold no graph (is this an ONNX model?)`);
  return model;
}

export const encodeModel = (model) => ModelProto.encode(model).finish();
export const decodeTensorProto = (bytes, what = 'onnx tensor') => decode(TensorProto, bytes, what);
export const encodeTensorProto = (tensor) => TensorProto.encode(TensorProto.create(tensor)).finish();

/** A Long, a number or a bigint -> a Number (int64 beyond 2^53 rounds, as any JS number does). */
export const toNumber = (v) => (Long.isLong(v) ? v.toNumber() : Number(v));
/** A Long, a number or a bigint -> a BigInt (exact). */
export const toBigInt = (v) => (Long.isLong(v) ? BigInt(v.toString()) : BigInt(v));
