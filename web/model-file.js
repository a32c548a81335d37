// The .onnx bytes a session is created from (a URL, or bytes with ORT's byteOffset/byteLength),
// and what to tell the user when they are not a model: an HTML page (what a dev server answers
// for a mistyped path, with status 200), text, a file cut short, in words and no parser jargon.
import { looksLikeHtml } from './runtime-loader.js';

const isBuffer = (x) => x instanceof ArrayBuffer ||
  (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer);

// -> {bytes: Uint8Array, source: the URL or null}. byteOffset/byteLength: ORT's
// create(buffer, byteOffset, byteLength), for an ArrayBuffer only.
export async function modelBytes(model, byteOffset, byteLength) {
  if (byteOffset !== undefined) {
    if (!isBuffer(model)) {
      throw new TypeError('wasmnn: InferenceSession.create(buffer, byteOffset, byteLength) takes an ' +
        `ArrayBuffer; for a Uint8Array, pass a view of the bytes instead: create(bytes.subarray(start, end))`);
    }
    const end = byteLength === undefined ? model.byteLength : byteOffset + byteLength;
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || (byteLength !== undefined &&
        (!Number.isInteger(byteLength) || byteLength < 0)) || end > model.byteLength) {
      throw new RangeError(`wasmnn: create(buffer, byteOffset ${byteOffset}, byteLength ${byteLength}) ` +
        `lies outside the ${model.byteLength}-byte buffer`);
    }
    return { bytes: new Uint8Array(model, byteOffset, end - byteOffset), source: null };
  }
  if (model instanceof Uint8Array) return { bytes: model, source: null };
  if (isBuffer(model)) return { bytes: new Uint8Array(model), source: null };
  if (typeof model === 'string' || model instanceof URL) return fetchModel(String(model));
  throw new TypeError('wasmnn: InferenceSession.create() takes a URL or the .onnx bytes ' +
    '(ArrayBuffer or Uint8Array)');
}

async function fetchModel(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`wasmnn: could not fetch the model from ${url}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`wasmnn: could not fetch the model from ${url}: HTTP ${response.status} ` +
      `${response.statusText}`.trimEnd());
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('Content-Type') ?? '';
  if (/^text\/html/i.test(type) || looksLikeHtml(bytes)) {
    throw new Error(`wasmnn: cannot load the model from ${url}: this is an HTML page, not an .onnx file: ` +
      `check the URL (the server answered HTTP ${response.status}${type ? ` with Content-Type ${type}` : ''})`);
  }
  return { bytes, source: url };
}

// What is wrong with bytes that did not parse as a model, when it can be said in plain words;
// else null (the core's own message then says it: an unsupported op, a bad attribute...).
export function notAModel(bytes, coreMessage) {
  if (looksLikeHtml(bytes)) return 'this is an HTML page, not an .onnx file: check the URL';
  const text = textStart(bytes);
  if (text !== null) {
    return `this is a text file (it starts with ${JSON.stringify(text)}), not an .onnx file: check the URL or file`;
  }
  if (/^the file is truncated|end of buffer/.test(coreMessage)) {
    return `the file ends too early: its ${bytes.length} bytes stop in the middle of the model, so it was cut ` +
      'short (an interrupted download or copy?) or is not an .onnx file';
  }
  if (/not a valid ONNX protobuf|the model has no graph/.test(coreMessage)) {
    return `this is not an .onnx file: its ${bytes.length} bytes do not hold an ONNX model (a graph of ` +
      'operators and weights): check the URL or file';
  }
  return null;
}

// The first line of the bytes when they are printable text, cut to 40 characters; else null.
function textStart(bytes) {
  const head = bytes.subarray(0, 256);
  const printable = (b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0x80;
  if (head.length === 0 || !head.every(printable)) return null;
  let decoded;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    return null;  // cut inside a multi-byte character, or not UTF-8: not clearly text
  }
  const line = decoded.trim().split(/\r?\n/)[0];
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
