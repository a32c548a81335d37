// wasmnn's Tensor, shaped like ONNX Runtime Web's: new Tensor(type, data, dims) or, with the type
// taken from the typed array, new Tensor(data, dims). Messages about a wrong array give its type
// and length, never its values (a 784-value image in an error message helps nobody).

// Tensor types and their arrays, as in ONNX Runtime Web (int64 needs BigInt64Array; float16 is
// its IEEE bits in a Uint16Array).
export const TYPED_ARRAYS = {
  float32: Float32Array, float16: Uint16Array, int64: BigInt64Array, int32: Int32Array,
  uint8: Uint8Array, int8: Int8Array, bool: Uint8Array,
};
const TYPE_NAMES = Object.keys(TYPED_ARRAYS).map((t) => `'${t}'`).join(', ');

// The type new Tensor(data, dims) gives each array (ORT's inference, less the types wasmnn lacks).
const TYPE_OF_ARRAY = new Map([
  [Float32Array, 'float32'], [BigInt64Array, 'int64'], [Int32Array, 'int32'],
  [Uint8Array, 'uint8'], [Int8Array, 'int8'],
]);

// 'a' or 'an' before a type name: an Int32Array, an int8 tensor, a Uint8Array.
export const article = (word) => (/^[aeio]/i.test(word) ? `an ${word}` : `a ${word}`);

// What a value is, in a few words: 'a Float64Array of 784 values', 'a string', 'null'.
export function describeValue(x) {
  if (x === null || x === undefined) return String(x);
  if (ArrayBuffer.isView(x)) return `${article(x.constructor.name)} of ${x.length ?? x.byteLength} values`;
  if (Array.isArray(x)) return `an array of ${x.length} values`;
  if (typeof x === 'object') return article(x.constructor?.name ?? 'object');
  return article(typeof x);
}

function typeFromArray(data) {
  if (Array.isArray(data)) {
    return data.length && data.every((v) => typeof v === 'boolean') ? 'bool'
      : data.every((v) => typeof v === 'bigint') && data.length ? 'int64' : 'float32';
  }
  const type = data ? TYPE_OF_ARRAY.get(data.constructor) : undefined;
  if (type) return type;
  if (data instanceof Uint16Array) {
    throw new TypeError(`wasmnn: a Uint16Array of ${data.length} values could be float16 bits or uint16 ` +
      `(wasmnn has float16 only): say which, new Tensor('float16', data, dims)`);
  }
  if (data instanceof Float64Array) {
    throw new TypeError(`wasmnn: float64 tensors are not supported (got a Float64Array of ${data.length} ` +
      'values); convert it: new Tensor(Float32Array.from(data), dims)');
  }
  throw new TypeError(`wasmnn: new Tensor(data, dims) takes a typed array (Float32Array, Int32Array, ` +
    `BigInt64Array, Uint8Array, Int8Array) or new Tensor(type, data, dims) with type one of ${TYPE_NAMES}; ` +
    `got ${describeValue(data)}`);
}

export class Tensor {
  #data;

  // new Tensor(type, data, dims?) or ORT's new Tensor(data, dims?) (type from the array).
  constructor(typeOrData, dataOrDims, maybeDims) {
    let type = typeOrData;
    let data = dataOrDims;
    let dims = maybeDims;
    if (typeof typeOrData !== 'string') {
      type = typeFromArray(typeOrData);
      data = typeOrData;
      dims = dataOrDims;
    } else if (!(type in TYPED_ARRAYS)) {
      throw new TypeError(`wasmnn: tensor type '${type}' is not supported; use one of ${TYPE_NAMES}`);
    }
    const Typed = TYPED_ARRAYS[type];
    if (Array.isArray(data)) {
      data = Typed === BigInt64Array ? Typed.from(data, BigInt) : Typed.from(data, Number);
    }
    if (!(data instanceof Typed)) {
      throw new TypeError(`wasmnn: a '${type}' tensor needs ${article(Typed.name)} (or a plain array), ` +
        `got ${describeValue(data)}`);
    }
    dims = dims === undefined ? [data.length] : dims;
    if (!Array.isArray(dims) && !ArrayBuffer.isView(dims)) {
      throw new TypeError(`wasmnn: dims must be an array of sizes, e.g. [1, 1, 28, 28]; got ${describeValue(dims)}`);
    }
    dims = Array.from(dims);
    if (!dims.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new TypeError(`wasmnn: dims [${dims}] must be non-negative integers`);
    }
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new RangeError(`wasmnn: dims [${dims}] describe ${size} elements, but the ${type} data ` +
        `(${article(data.constructor.name)}) has ${data.length}`);
    }
    this.type = type;
    this.#data = data;
    this.dims = dims;
    this.size = size;
    this.location = 'cpu';
  }

  get data() {
    if (!this.#data) throw new Error('wasmnn: this tensor was disposed; its data is gone');
    return this.#data;
  }

  get disposed() { return !this.#data; }

  // ORT's getData(): the data (already on the CPU here). releaseData: dispose the tensor after.
  async getData(releaseData = false) {
    const data = this.data;
    if (releaseData) this.dispose();
    return data;
  }

  // ORT's dispose(): drops the tensor's reference to its data, so that it can be freed.
  dispose() { this.#data = null; }
}
