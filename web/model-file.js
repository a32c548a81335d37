// The .onnx bytes a session is created from (a URL, or bytes with ORT's byteOffset/byteLength),
// and what to tell the user when they are not a model: an HTML page (what a dev server answers
// for a mistyped path, with status 200), text, a file cut short, in words and no parser jargon.
import { fileUrlHint, looksLikeHtml } from './runtime-loader.js';

const isBuffer = (x) => x instanceof ArrayBuffer ||
  (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer);

// -> {bytes: Uint8Array, source: the URL or null}. byteOffset/byteLength: ORT's
// create(buffer, byteOffset, byteLength), for an ArrayBuffer only. loading: {onProgress(loaded,
// total), cache} (session-options.js): progress of a download, and the Cache Storage cache of URLs.
export async function modelBytes(model, byteOffset, byteLength, loading = {}) {
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
  const { onProgress } = loading;
  const done = (bytes, source = null) => {
    onProgress?.(bytes.length, bytes.length);
    return { bytes, source };
  };
  if (model instanceof Uint8Array) return done(model);
  if (isBuffer(model)) return done(new Uint8Array(model));
  if (ArrayBuffer.isView(model)) return done(new Uint8Array(model.buffer, model.byteOffset, model.byteLength));
  if (typeof model === 'string' || model instanceof URL) return fetchModel(String(model), loading);
  if (typeof Response !== 'undefined' && model instanceof Response) {
    return { bytes: await responseBytes(model, model.url || 'the Response', onProgress), source: model.url || null };
  }
  if (typeof Blob !== 'undefined' && model instanceof Blob) {
    const name = typeof File !== 'undefined' && model instanceof File ? `the file ${model.name}` : 'the Blob';
    let buffer;
    try {
      buffer = await model.arrayBuffer();
    } catch (e) {
      throw new Error(`wasmnn: could not read ${name}: ${e.message} (was it removed or changed since it was picked?)`);
    }
    return done(new Uint8Array(buffer));
  }
  throw new TypeError('wasmnn: InferenceSession.create() takes a URL, the .onnx bytes (ArrayBuffer or ' +
    `Uint8Array), a Blob or File, or a fetch() Response; got ${describe(model)}`);
}

const describe = (x) => (x === null || x === undefined ? String(x)
  : typeof x === 'object' ? `a ${x.constructor?.name ?? 'object'}` : `a ${typeof x}`);

// The cache a session option `cache: true` uses (a string names another).
const DEFAULT_CACHE = 'wasmnn-models';

async function fetchModel(url, { onProgress, cache }) {
  const store = cache ? await openCache(cache === true ? DEFAULT_CACHE : cache) : null;
  const hit = store ? await store.match(url).catch(() => undefined) : undefined;
  // A cached copy is revalidated with its ETag (or Last-Modified): 304 Not Modified costs no download.
  const headers = {};
  if (hit?.headers.get('ETag')) headers['If-None-Match'] = hit.headers.get('ETag');
  else if (hit?.headers.get('Last-Modified')) headers['If-Modified-Since'] = hit.headers.get('Last-Modified');
  let response;
  try {
    // no-store: this cache keeps the file; the browser's HTTP cache need not keep a second copy.
    response = await fetch(url, store ? { headers, cache: 'no-store' } : undefined);
  } catch (e) {
    if (hit) {
      console.info(`wasmnn: ${url} could not be checked (${e.message}); using the cached copy`);
      return { bytes: await cachedBytes(hit, onProgress), source: url };
    }
    throw new Error(`wasmnn: could not fetch the model from ${url}: ${e.message}` + fetchHint(url));
  }
  if (hit && response.status === 304) return { bytes: await cachedBytes(hit, onProgress), source: url };
  const bytes = await responseBytes(response, url, onProgress);
  const etag = response.headers.get('ETag');
  const modified = response.headers.get('Last-Modified');
  if (store && (etag || modified)) {
    const kept = { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) };
    if (etag) kept.ETag = etag;
    if (modified) kept['Last-Modified'] = modified;
    try {
      await store.put(url, new Response(bytes, { headers: kept }));
    } catch (e) {
      console.warn(`wasmnn: could not cache ${url} (${e.message}); it will be downloaded again next time`);
    }
  } else if (store) {
    console.info(`wasmnn: ${url} is not cached: its server sends no ETag or Last-Modified to check it against`);
  }
  return { bytes, source: url };
}

// Cache Storage, or null (with a note) where the page has none: an insecure (http://, not
// localhost) page, file://, a private window in some browsers.
async function openCache(name) {
  try {
    if (typeof caches === 'undefined') throw new Error('this page has no Cache Storage (it needs https:// or localhost)');
    return await caches.open(name);
  } catch (e) {
    console.info(`wasmnn: the model is not cached: ${e.message}`);
    return null;
  }
}

async function cachedBytes(hit, onProgress) {
  const bytes = new Uint8Array(await hit.arrayBuffer());
  onProgress?.(bytes.length, bytes.length);
  return bytes;
}

// Why a fetch() of the model failed, when the page can tell: opened from file://.
const fetchHint = (url) => fileUrlHint(url) ||
  ' (a network error, a wrong host, or another origin without CORS)';

// The body of a fetch() response: refused when the server said no or sent an HTML page; read
// chunk by chunk, telling onProgress(loaded, total) (total: the Content-Length, undefined when the
// server does not say or compresses the body).
async function responseBytes(response, url, onProgress) {
  if (!response.ok) {
    throw new Error(`wasmnn: could not fetch the model from ${url}: HTTP ${response.status} ` +
      `${response.statusText}`.trimEnd());
  }
  const type = response.headers.get('Content-Type') ?? '';
  const encoded = !/^(identity)?$/i.test(response.headers.get('Content-Encoding') ?? '');
  const length = Number(response.headers.get('Content-Length'));
  const total = !encoded && Number.isSafeInteger(length) && length > 0 ? length : undefined;
  const bytes = await readBody(response, total, onProgress);
  if (/^text\/html/i.test(type) || looksLikeHtml(bytes)) {
    throw new Error(`wasmnn: cannot load the model from ${url}: this is an HTML page, not an .onnx file: ` +
      `check the URL (the server answered HTTP ${response.status}${type ? ` with Content-Type ${type}` : ''})`);
  }
  if (total !== undefined && bytes.length < total) {
    throw new Error(`wasmnn: cannot load the model from ${url}: the download stopped after ${bytes.length} of ` +
      `its ${total} bytes (the connection was cut?); try again`);
  }
  return bytes;
}

async function readBody(response, total, onProgress) {
  if (!onProgress || !response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.(bytes.length, total ?? bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  let bytes = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > bytes.length) {  // no or a wrong Content-Length: grow
      const grown = new Uint8Array(Math.max(bytes.length * 2, loaded + value.length));
      grown.set(bytes.subarray(0, loaded));
      bytes = grown;
    }
    bytes.set(value, loaded);
    loaded += value.length;
    onProgress(loaded, total);
  }
  return loaded === bytes.length ? bytes : bytes.slice(0, loaded);
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
