// Loads the runtime (the Emscripten module) and says in plain words why it could not: the file's
// URL and HTTP status, an HTML page where the .wasm should be, a CSP that blocks WebAssembly.
// Emscripten's own failure ("Aborted(...)", "Build with -s ASSERTIONS") never reaches the user:
// wasmnn fetches and checks the .wasm itself and hands the bytes to the module.
//
// Two builds sit next to wasmnn.js: wasmnn-core (one thread) and wasmnn-core-mt (threads; needs a
// cross-origin-isolated page), each also as wasmnn-extended(-mt), with the rare operators too
// (loaded only for a model that needs them). env.wasm.wasmPaths places them elsewhere, as in ONNX
// Runtime Web.

// ORT-style global settings, read when the runtime first loads (as in ORT):
//   numThreads: threads for sessions that do not say (1; 0 = as many as the page can run, <= 4)
//   wasmPaths: a URL prefix for the runtime files, or {file name: URL} for some of them
//   simd: true (wasmnn has only a SIMD128 build); proxy: true runs each session in a module Worker
//   (wasmnn-proxy-worker.js; web/wasmnn-proxy-session.js), keeping the main thread free
export const env = { wasm: { numThreads: 1 } };

const WASM_SETTINGS = ['numThreads', 'wasmPaths', 'simd', 'proxy'];
// The files wasmPaths can place. Each build's .js glue brings its pthread worker (.worker.js) from
// its own folder.
export const RUNTIME_FILES = {
  st: { js: 'wasmnn-core.js', wasm: 'wasmnn-core.wasm' },
  mt: { js: 'wasmnn-core-mt.js', wasm: 'wasmnn-core-mt.wasm' },
  'st-ext': { js: 'wasmnn-extended.js', wasm: 'wasmnn-extended.wasm' },
  'mt-ext': { js: 'wasmnn-extended-mt.js', wasm: 'wasmnn-extended-mt.wasm' },
};
const FILE_NAMES = [...Object.values(RUNTIME_FILES).flatMap((f) => [f.js, f.wasm]), 'wasmnn-proxy-worker.js'];
const list = (names) => names.map((n) => `'${n}'`).join(', ');

// The default locations, as literal `new URL(..., import.meta.url)` so that bundlers (Vite) carry
// the files along.
const DEFAULT_URLS = {
  'wasmnn-core.wasm': () => new URL('./wasmnn-core.wasm', import.meta.url).href,
  'wasmnn-core-mt.wasm': () => new URL('./wasmnn-core-mt.wasm', import.meta.url).href,
  'wasmnn-extended.wasm': () => new URL('./wasmnn-extended.wasm', import.meta.url).href,
  'wasmnn-extended-mt.wasm': () => new URL('./wasmnn-extended-mt.wasm', import.meta.url).href,
};
// A bundle without ES modules (an IIFE or CommonJS bundle) has no import.meta.url: wasmnn.js
// cannot tell where it came from, and `new URL(file, undefined)` would only say "Invalid URL".
function defaultUrl(file) {
  if (typeof import.meta.url !== 'string') {
    throw new Error(`wasmnn: cannot tell where its runtime file ${file} is: this copy of wasmnn.js was bundled ` +
      'without import.meta.url (an IIFE or CommonJS bundle), which is how it finds the files beside it. Bundle ' +
      'it as an ES module (esbuild --format=esm, Vite, webpack 5), or say where the runtime files are: ' +
      "env.wasm.wasmPaths = '/path/to/wasmnn/'");
  }
  return DEFAULT_URLS[file]();
}
const DEFAULT_IMPORTS = {
  'wasmnn-core.js': () => import('./wasmnn-core.js'),
  'wasmnn-core-mt.js': () => import('./wasmnn-core-mt.js'),
  'wasmnn-extended.js': () => import('./wasmnn-extended.js'),
  'wasmnn-extended-mt.js': () => import('./wasmnn-extended-mt.js'),
};

// Throws a clear TypeError for env.wasm settings wasmnn cannot honour.
export function checkWasmSettings() {
  const wasm = env.wasm;
  if (wasm === null || typeof wasm !== 'object') {
    throw new TypeError(`wasmnn: env.wasm must be an object of settings (${WASM_SETTINGS.join(', ')})`);
  }
  for (const key of Object.keys(wasm)) {
    if (!WASM_SETTINGS.includes(key)) {
      throw new TypeError(`wasmnn: env.wasm.${key} is not a wasmnn setting; the settings are ` +
        `${WASM_SETTINGS.join(', ')}`);
    }
  }
  if (wasm.simd !== undefined && wasm.simd !== true && wasm.simd !== 'fixed') {
    throw new TypeError(`wasmnn: env.wasm.simd = ${JSON.stringify(wasm.simd)}: wasmnn has one build, on ` +
      `fixed-width SIMD128 (every current browser has it); leave simd unset or true`);
  }
  if (wasm.proxy !== undefined && typeof wasm.proxy !== 'boolean') {
    throw new TypeError(`wasmnn: env.wasm.proxy must be true (run sessions in a Worker) or false, got ` +
      `${JSON.stringify(wasm.proxy)}`);
  }
  if (wasm.proxy && typeof Worker === 'undefined') {
    throw new TypeError('wasmnn: env.wasm.proxy = true runs sessions in a Worker, but this context has no Worker ' +
      '(already inside a worker?); leave proxy false here');
  }
  const paths = wasm.wasmPaths;
  if (paths === undefined || typeof paths === 'string' || paths instanceof URL) return;
  if (paths === null || typeof paths !== 'object') {
    throw new TypeError('wasmnn: env.wasm.wasmPaths must be the URL of the folder of the runtime files, or an ' +
      `object of file name -> URL (${list(FILE_NAMES)})`);
  }
  for (const key of Object.keys(paths)) {
    if (!FILE_NAMES.includes(key)) {
      const ort = key === 'wasm' || key === 'mjs'
        ? ' (ONNX Runtime Web\'s "wasm"/"mjs" name its one build; wasmnn has four (core and extended, one thread and threads), so name the file)' : '';
      throw new TypeError(`wasmnn: env.wasm.wasmPaths names '${key}', which is not a wasmnn file${ort}; ` +
        `the files are ${list(FILE_NAMES)}`);
    }
  }
}

// URL of a runtime file under env.wasm.wasmPaths, or null for the default place.
export function placedUrl(file) {
  const paths = env.wasm.wasmPaths;
  if (paths === undefined) return null;
  if (typeof paths === 'string' || paths instanceof URL) {
    const folder = String(paths).endsWith('/') ? String(paths) : `${paths}/`;  // a folder, with or without its /
    return new URL(file, new URL(folder, globalThis.location?.href)).href;
  }
  return paths[file] === undefined ? null : new URL(paths[file], globalThis.location?.href).href;
}

const cores = {};  // 'st' | 'mt' | 'st-ext' | 'mt-ext' -> Promise of the module

export function loadCore(kind = 'st') {
  if (!cores[kind]) {
    cores[kind] = instantiate(kind).catch((e) => {
      delete cores[kind];
      throw e;
    });
  }
  return cores[kind];
}

export function loadedCores() { return Object.values(cores); }

async function instantiate(kind) {
  checkWasmSettings();
  const { js, wasm } = RUNTIME_FILES[kind];
  const wasmUrl = placedUrl(wasm) ?? defaultUrl(wasm);
  const wasmBinary = await fetchWasm(wasmUrl);
  await checkWasmAllowed();
  const jsUrl = placedUrl(js);
  let glue;
  try {
    glue = jsUrl ? await import(/* @vite-ignore */ jsUrl) : await DEFAULT_IMPORTS[js]();
  } catch (e) {
    throw await glueError(jsUrl ?? new URL(`./${js}`, import.meta.url).href, e);
  }
  // What the module prints to stderr while it starts goes into the message if it fails, and to
  // the console once it runs.
  const messages = [];
  let starting = true;
  const printErr = (line) => (starting ? messages.push(line) : console.warn(`wasmnn: ${line}`));
  try {
    const module = await glue.default({ wasmBinary, printErr });
    starting = false;
    return module;
  } catch (e) {
    const text = plainEmscriptenError(e, messages);
    if (isCspRefusal(text)) throw cspError({ message: text });
    if (/CompileError/.test(text)) {
      throw new Error(`wasmnn: the runtime's WebAssembly file ${wasmUrl} does not compile: it is damaged or ` +
        `incomplete (cut short on the way, or from another wasmnn build than wasmnn.js). The browser said: ${text}`);
    }
    throw new Error(`wasmnn: the runtime (${wasmUrl}) could not start: ${text}`);
  }
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];  // "\0asm"

async function fetchWasm(url) {
  const where = `the runtime's WebAssembly file ${url}`;
  const fix = 'Serve it next to wasmnn.js, or say where it is: env.wasm.wasmPaths = \'/path/to/dist/\'';
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new Error(`wasmnn: could not download ${where}: ${e.message}` +
      (fileUrlHint(url) || ` (a network error, or another origin without CORS). ${fix}`));
  }
  const type = response.headers.get('Content-Type') ?? 'none';
  if (!response.ok) {
    throw new Error(`wasmnn: could not download ${where}: HTTP ${response.status} ` +
      `${response.statusText}`.trimEnd() + `. ${fix}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!WASM_MAGIC.every((b, i) => bytes[i] === b)) {
    const what = looksLikeHtml(bytes) ? 'an HTML page' : `${bytes.length} bytes that are not WebAssembly`;
    throw new Error(`wasmnn: ${where} answered HTTP ${response.status} with ${what} (Content-Type ${type}), ` +
      `not the .wasm file: check the URL. ${fix}`);
  }
  return bytes.buffer;
}

// A page whose Content-Security-Policy lacks 'wasm-unsafe-eval' may not compile WebAssembly at
// all: found by instantiating the smallest module (8 bytes) before the real one. (WebKit lets a
// synchronous `new WebAssembly.Module` through and refuses only the asynchronous instantiate that
// the runtime uses, so the probe is that one.)
async function checkWasmAllowed() {
  if (typeof WebAssembly !== 'object') {
    throw new Error('wasmnn: this browser has no WebAssembly (or it is switched off)');
  }
  try {
    await WebAssembly.instantiate(new Uint8Array([...WASM_MAGIC, 1, 0, 0, 0]));
  } catch (e) {
    throw cspError(e);
  }
}

const cspError = (e) => new Error('wasmnn: this page may not compile WebAssembly: its Content-Security-Policy ' +
  'blocks it. Add \'wasm-unsafe-eval\' to script-src (e.g. script-src \'self\' \'wasm-unsafe-eval\'); ' +
  `'unsafe-eval' is not needed. (The browser said: ${e && e.message ? e.message : e})`);
const isCspRefusal = (text) => /Content Security Policy|Content-Security-Policy|CSP|wasm-unsafe-eval/i.test(text);

// Why `import(url)` of the glue failed, with the HTTP status when the file is not there.
async function glueError(url, e) {
  let status = '';
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    const type = response.headers.get('Content-Type') ?? 'none';
    status = !response.ok ? `HTTP ${response.status} ${response.statusText}`.trimEnd()
      : !/javascript/i.test(type) ? `served as ${type}, not JavaScript` : '';
  } catch {
    // the import's own message says it
  }
  return new Error(`wasmnn: could not load the runtime's JavaScript file ${url}: ` +
    `${status || (e && e.message) || e}. Serve it next to wasmnn.js (with its .wasm and .worker.js), or say ` +
    `where it is: env.wasm.wasmPaths = '/path/to/dist/'`);
}

// Emscripten's failure, without its internals ("Aborted(...)", "Build with -s ASSERTIONS"), and
// what it printed while starting when that adds something.
function withoutInternals(message) {
  return String(message)
    .replace(/Build with -s ASSERTIONS=1 for more info\.?/g, '')
    .trim()
    .replace(/^(RuntimeError: )?Aborted\((.*)\)\.?$/s, '$2')
    .replace(/^failed to asynchronously prepare wasm: /, '')
    .trim();
}

function plainEmscriptenError(e, messages) {
  const text = withoutInternals((e && e.message) || e);
  const said = messages.map(withoutInternals).find((m) => m && !text.includes(m) && !m.includes(text));
  return said ? `${text || said} (${said})` : text || 'unknown error';
}

// What to do when the page, or the file it asks for, is a file:// URL (browsers refuse most
// fetches there), or '' when neither is.
export function fileUrlHint(url) {
  if (globalThis.location?.protocol !== 'file:' && !/^file:/i.test(String(url))) return '';
  return '. The page was opened from a file (file://), where browsers refuse most fetches (and cannot ' +
    'tell a missing file from a refused one): serve its folder over HTTP instead (e.g. `python3 -m http.server 8080` or `npx http-server -p 8080` in it) and ' +
    'open http://localhost:8080/, or give create() the bytes of a file the user picks ' +
    '(create(await input.files[0].arrayBuffer()))';
}

// The first non-blank bytes of an HTML page: '<!doctype html', '<html', '<head', '<body', or a '<'
// followed by a tag name.
export function looksLikeHtml(bytes) {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;  // UTF-8 BOM
  while (i < bytes.length && (bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) i++;
  if (bytes[i] !== 0x3c) return false;  // '<'
  const head = new TextDecoder().decode(bytes.subarray(i, i + 512)).toLowerCase();
  return /^<(!doctype html|html|head|body|meta|title|!--|script|div|p)\b/.test(head);
}
