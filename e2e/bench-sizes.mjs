// Download size of each runtime: the files its pages really fetched (from the page's resource
// timing), read from disk after the run, raw and gzip-compressed (level 9, what a server would
// send); servedBytes is what the page got (a rebuild during the run makes the two differ).
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_ROOT } from './server.mjs';

// Where the server finds a runtime's files (e2e/server.mjs mounts).
const MOUNTS = [
  ['/dist/', path.join(REPO_ROOT, 'build/wasm/dist')],
  ['/vendor/', path.join(REPO_ROOT, 'node_modules')],
];

export function runtimeFile(urlPath) {
  const mount = MOUNTS.find(([prefix]) => urlPath.startsWith(prefix));
  return mount ? path.join(mount[1], urlPath.slice(mount[0].length)) : null;
}

const kind = (file) => (file.endsWith('.wasm') ? 'wasm' : /\.m?js$/.test(file) ? 'js' : 'other');

/** resourcesByRuntime: Map runtime -> [{url}] -> {runtime: {files, bytes, gzipBytes, wasmBytes, jsBytes, ...}}. */
export async function downloadSizes(resourcesByRuntime) {
  const out = {};
  for (const [runtime, resources] of resourcesByRuntime) {
    const urls = [...new Set(resources.map((r) => r.url).filter((u) => runtimeFile(u)))].sort();
    // What the page received (resource timing; 0 where the engine does not say) beside the file now on disk.
    const served = new Map(resources.map((r) => [r.url, r.encodedBodySize || null]));
    const files = [];
    for (const url of urls) {
      let bytes;
      try {
        bytes = await fs.readFile(runtimeFile(url));
      } catch {
        continue;
      }
      files.push({ url, kind: kind(url), bytes: bytes.length, gzipBytes: zlib.gzipSync(bytes, { level: 9 }).length, servedBytes: served.get(url) ?? null });
    }
    const sum = (field, k) => files.filter((f) => !k || f.kind === k).reduce((a, f) => a + f[field], 0);
    out[runtime] = {
      files,
      bytes: sum('bytes'), gzipBytes: sum('gzipBytes'),
      wasmBytes: sum('bytes', 'wasm'), wasmGzipBytes: sum('gzipBytes', 'wasm'),
      jsBytes: sum('bytes', 'js'), jsGzipBytes: sum('gzipBytes', 'js'),
    };
  }
  return out;
}
