// NumPy .npy read/write for Node (format 1.0/2.0/3.0 read; 1.0 written byte-for-byte like
// numpy 1.24's np.save, so a file written here and one written by Python are identical).
import fs from 'node:fs';

const DESCR = {
  '<f4': { dtype: 'float32', Array: Float32Array },
  '<f8': { dtype: 'float64', Array: Float64Array },
  '<i8': { dtype: 'int64', Array: BigInt64Array },
  '<u8': { dtype: 'uint64', Array: BigUint64Array },
  '<i4': { dtype: 'int32', Array: Int32Array },
  '<u4': { dtype: 'uint32', Array: Uint32Array },
  '<i2': { dtype: 'int16', Array: Int16Array },
  '<u2': { dtype: 'uint16', Array: Uint16Array },
  '|i1': { dtype: 'int8', Array: Int8Array },
  '|u1': { dtype: 'uint8', Array: Uint8Array },
  '|b1': { dtype: 'bool', Array: Uint8Array },
};
export const DTYPE_TO_DESCR = Object.fromEntries(Object.entries(DESCR).map(([d, v]) => [v.dtype, d]));
export const DTYPE_ARRAY = Object.fromEntries(Object.values(DESCR).map((v) => [v.dtype, v.Array]));

export function parseNpy(buf, what = 'npy') {
  const u8 = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (u8.length < 10 || magic.some((b, i) => u8[i] !== b)) throw new Error(`${what}: not a .npy file (bad magic)`);
  const major = u8[6];
  let headerLen, offset;
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (major === 1) { headerLen = dv.getUint16(8, true); offset = 10; } else if (major === 2 || major === 3) {
    headerLen = dv.getUint32(8, true); offset = 12;
  } else throw new Error(`${what}: unsupported .npy version ${major}`);
  const header = new TextDecoder('latin1').decode(u8.subarray(offset, offset + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${what}: bad .npy header ${JSON.stringify(header)}`);
  if (fortran === 'True') throw new Error(`${what}: Fortran-order arrays are not supported`);
  const info = DESCR[descr];
  if (!info) throw new Error(`${what}: unsupported dtype '${descr}' (little-endian numeric only)`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = offset + headerLen;
  const nbytes = count * info.Array.BYTES_PER_ELEMENT;
  if (u8.length !== dataStart + nbytes) {
    throw new Error(`${what}: ${u8.length - dataStart} data bytes, shape [${shape}] ${info.dtype} needs ${nbytes}`);
  }
  const copy = new Uint8Array(u8.subarray(dataStart, dataStart + nbytes)); // aligned copy (Buffer.slice would be a view)
  return { dtype: info.dtype, descr, shape, data: new info.Array(copy.buffer, 0, count), headerBytes: dataStart };
}

export function readNpy(path) {
  let buf;
  try { buf = fs.readFileSync(path); } catch (e) { throw new Error(`cannot read ${path}: ${e.code || e.message}`); }
  return parseNpy(buf, path);
}

// Header exactly as numpy 1.24 format.write_array(version=(1,0)) writes it.
export function npyBytes(dtype, shape, data) {
  const descr = DTYPE_TO_DESCR[dtype];
  if (!descr) throw new Error(`npy: cannot write dtype ${dtype}`);
  const shapeRepr = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) header += ' '.repeat(21 - String(shape[0]).length); // numpy's growth room
  const hlen = header.length + 1;
  const padlen = 64 - ((8 + 2 + hlen) % 64);
  header = header + ' '.repeat(padlen) + '\n';
  const out = Buffer.alloc(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export function writeNpy(path, dtype, shape, data) {
  const bytes = npyBytes(dtype, shape, data);
  fs.writeFileSync(path, bytes);
  return bytes;
}
