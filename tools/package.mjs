// Stages build/wasm/dist as the npm package (build/package/wasmnn/: the runtime files, a
// package.json with the version of CMakeLists.txt, web/package/README.md) and packs it with
// `npm pack` into build/package/wasmnn-<version>.tgz. Run by tools/package.sh.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'build/wasm/dist');
const out = path.join(root, 'build/package');
const stage = path.join(out, 'wasmnn');
const version = /project\(wasmnn VERSION ([0-9.]+)/.exec(fs.readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8'))[1];

// What a page may load: the API, its types, the proxy session and its worker, the four runtime builds (glue +
// .wasm, pthread workers for the threaded ones) and the extended build's operator list.
const FILES = ['wasmnn.js', 'wasmnn.d.ts', 'wasmnn-proxy-session.js', 'wasmnn-proxy-worker.js', 'wasmnn-extended-ops.js'];
for (const build of ['wasmnn-core', 'wasmnn-extended']) {
  FILES.push(`${build}.js`, `${build}.wasm`, `${build}-mt.js`, `${build}-mt.wasm`, `${build}-mt.worker.js`);
}
const missing = FILES.filter((f) => !fs.existsSync(path.join(dist, f)));
if (missing.length) {
  console.error(`package: build/wasm/dist lacks ${missing.join(', ')}: build the runtime (tools/build.sh wasm)`);
  process.exit(1);
}

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const f of FILES) fs.copyFileSync(path.join(dist, f), path.join(stage, f));
fs.copyFileSync(path.join(root, 'web/package/README.md'), path.join(stage, 'README.md'));
const manifest = {
  name: 'wasmnn',
  version,
  description: 'Run ONNX models in the browser on WebAssembly SIMD128 kernels, with ONNX Runtime Web\'s API',
  type: 'module',
  main: './wasmnn.js',
  module: './wasmnn.js',
  types: './wasmnn.d.ts',
  exports: { '.': { types: './wasmnn.d.ts', default: './wasmnn.js' }, './*': './*' },
  files: [...FILES, 'README.md'],
  // The runtime files are loaded by URL next to wasmnn.js (or where env.wasm.wasmPaths says).
  sideEffects: false,
  keywords: ['onnx', 'webassembly', 'wasm', 'simd', 'inference', 'neural-network'],
  license: 'UNLICENSED',
};
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }).trim();
const bytes = fs.statSync(path.join(out, tgz)).size;
console.log(`package: build/package/${tgz} (${(bytes / 1024).toFixed(1)} KiB, ${FILES.length + 2} files); ` +
  `an app installs it with: npm install ${path.join(out, tgz)}`);
