// Static HTTP server for the test page, the built runtime and the test data.
// Cross-origin isolated (COOP/COEP), so pages get SharedArrayBuffer and
// precise timers in every engine. Never caches, unless asked to for some prefixes.
//
//   node e2e/server.mjs [port]     serve the repo for a person to open
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  // Binary data is served as-is: a .gz file is the bytes of the .gz file, no Content-Encoding.
  '.npy': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
  '.gz': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

const COMMON_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** URL prefix -> directory (+ a hint for 404s); the first matching prefix wins. */
function mountTable(root) {
  return [
    // WASMNN_DIST serves another build of the runtime, e.g. build/wasm-names/dist (function names kept).
    { prefix: '/dist/', dir: path.resolve(root, process.env.WASMNN_DIST || 'build/wasm/dist'), hint: ' (is the runtime built? run the build first)' },
    { prefix: '/datasets/fashion-mnist/', dir: FASHION_MNIST_DIR, hint: ' (Debian package dataset-fashion-mnist)' },
    // npm packages' dist files for pages (peers in the bench, chart.js in the report): /vendor/<pkg>/...
    { prefix: '/vendor/', dir: path.join(root, 'node_modules'), hint: ' (npm packages: run tools/setup.sh)' },
    { prefix: '/', dir: root, hint: '' },
  ];
}

/** Map a URL path to {file, hint}; file is null if the path escapes its mount. */
function resolveFile(mounts, urlPath) {
  const { prefix, dir, hint } = mounts.find((m) => urlPath.startsWith(m.prefix));
  const file = path.resolve(dir, './' + urlPath.slice(prefix.length));
  return { file: file === dir || file.startsWith(dir + path.sep) ? file : null, hint };
}

function sendText(res, status, text) {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

function handle(mounts, req, res, { cachePrefixes = [], onRequest = null, headers = null } = {}) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `405 ${req.method} not allowed`);
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return sendText(res, 400, `400 bad URL: ${req.url}`);
  }
  if (urlPath.endsWith('/')) urlPath += 'index.html';  // a folder: its page
  if (onRequest) res.on('finish', () => onRequest({ path: urlPath, status: res.statusCode }));
  const { file, hint } = resolveFile(mounts, urlPath);
  if (!file || urlPath.includes('\0')) return sendText(res, 403, `403 outside the served folders: ${urlPath}`);
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) {
      // Browsers ask for /favicon.ico on their own; a 404 there would show up as a console error.
      if (urlPath === '/favicon.ico') return res.writeHead(204, COMMON_HEADERS).end();
      return sendText(res, 404, `404 not found: ${urlPath} -> ${file}${hint}`);
    }
    // Opt-in revalidated caching (the bench's warm-cache loads): the browser keeps the file and
    // asks each time; an unchanged file is a 304 without a body.
    const cacheable = cachePrefixes.some((p) => urlPath.startsWith(p));
    const etag = cacheable ? `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` : null;
    const cacheHeaders = cacheable ? { 'Cache-Control': 'no-cache', ETag: etag } : {};
    if (cacheable && req.headers['if-none-match'] === etag) {
      return res.writeHead(304, { ...COMMON_HEADERS, ...cacheHeaders }).end();
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      ...cacheHeaders,
      ...(headers ? headers(urlPath) : {}),
      'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
}

/**
 * Start serving on 127.0.0.1; resolves to {url, close()} once listening. cachePrefixes: URL
 * prefixes served with ETag + `no-cache` (revalidate) instead of `no-store`. onRequest({path,
 * status}): told of every answer sent (tests that count downloads). headers(urlPath): more
 * headers for a file (a page's Content-Security-Policy).
 */
export async function startServer({ root = REPO_ROOT, port = 0, cachePrefixes = [], onRequest = null, headers = null } = {}) {
  const mounts = mountTable(path.resolve(root));
  const server = http.createServer((req, res) => handle(mounts, req, res, { cachePrefixes, onRequest, headers }));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { url } = await startServer({ port: Number(process.argv[2] ?? 8080) });
  console.log(`wasmnn demo: ${url}/web/demo/   test page: ${url}/web/test.html  (serving ${REPO_ROOT}; Ctrl-C to stop)`);
}
