// Reads .npy files (format 1.0 / 2.0, little-endian, C order): the reference format of models/.
const DTYPES = {
  '<f4': Float32Array, '|u1': Uint8Array, '<u1': Uint8Array, '<i8': BigInt64Array,
  '<i4': Int32Array, '|i1': Int8Array, '|b1': Uint8Array,
};
// The wasmnn Tensor type of each .npy dtype.
export const TENSOR_TYPES = {
  '<f4': 'float32', '|u1': 'uint8', '<u1': 'uint8', '<i8': 'int64', '<i4': 'int32',
  '|i1': 'int8', '|b1': 'bool',
};

export function parseNpy(buffer) {
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file');
  const view = new DataView(buffer);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (!/'fortran_order':\s*False/.test(header)) throw new Error('only C-order .npy is supported');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',')
    .map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const Typed = DTYPES[descr];
  if (!Typed) throw new Error(`.npy dtype ${descr} is not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  // Copy so the data is aligned for the typed array whatever the header length.
  const data = new Typed(buffer.slice(dataStart, dataStart + count * Typed.BYTES_PER_ELEMENT));
  return { descr, shape, data };
}

export async function fetchNpy(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return parseNpy(await response.arrayBuffer());
}
