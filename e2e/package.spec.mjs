// The package as an app gets it: tools/package.sh --no-build packs build/wasm/dist into
// build/package/wasmnn-<version>.tgz, a fresh app folder installs it with `npm install ./<tgz>`
// (offline: it has no dependencies), and the README's quick start, copied verbatim, runs there
// under a strict CSP (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-eval'):
//   - no bundler: an import map names 'wasmnn' (allowed by its hash);
//   - the same with env.wasm.proxy = true: the session runs in a module Worker;
//   - a module Worker the app wrote itself, importing the package by path;
//   - bundled with esbuild (from npm), the .wasm files copied next to the bundle;
//   - built with Vite (from npm), which carries the .wasm files along by itself;
//   - bundled by esbuild as a classic script (IIFE, no import.meta.url): told to bundle as ESM or
//     set env.wasm.wasmPaths, and runs once wasmPaths is set.
// Every variant gives the bits the test page gives for the same model and input.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const QUICK_START = /## Quick start[^\n]*\n[\s\S]*?```js\n([\s\S]*?)```/;
const IMPORT_MAP = '{"imports": {"wasmnn": "./node_modules/wasmnn/wasmnn.js"}}';
const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${hash(IMPORT_MAP)}; worker-src 'self'`;

// The app's files: the quick start as the README has it (plus one line exporting its result), a
// page, and the code that runs the quick start each way.
const FILES = {
  'package.json': JSON.stringify({ name: 'quick-start-app', private: true, type: 'module' }),
  'index.html': `<!doctype html>\n<meta charset="utf-8">\n<title>wasmnn quick start</title>\n` +
    `<script type="importmap">${IMPORT_MAP}</script>\n<script type="module" src="./main.js"></script>\n`,
  'esbuild.html': '<!doctype html>\n<meta charset="utf-8">\n<title>wasmnn quick start, esbuild</title>\n' +
    '<script type="module" src="./bundle/main-esbuild.js"></script>\n',
  'main.js': `// Runs the quick start in the page, or with env.wasm.proxy (in a Worker), or in our own Worker.
import { env } from 'wasmnn';
window.app = {
  async run(mode) {
    if (mode === 'own-worker') {
      const worker = new Worker('./own-worker.js', { type: 'module' });
      return new Promise((resolve, reject) => {
        worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data));
        worker.onerror = (e) => reject(new Error(e.message || 'the worker failed to start'));
      });
    }
    env.wasm.proxy = mode === 'proxy';
    const { logits } = await import('./quickstart.js');
    return Array.from(new Uint32Array(logits.buffer, logits.byteOffset, logits.length));
  },
};
`,
  'own-worker.js': `// A module Worker the app writes itself: no import maps in workers, so the package by path.
import { InferenceSession, Tensor } from './node_modules/wasmnn/wasmnn.js';
try {
  const session = await InferenceSession.create('lenet5.onnx');
  const out = await session.run({ input: new Tensor(new Float32Array(28 * 28), [1, 1, 28, 28]) });
  const logits = out.logits.data;
  await session.release();
  postMessage(Array.from(new Uint32Array(logits.buffer, logits.byteOffset, logits.length)));
} catch (e) {
  postMessage({ error: e.message });
}
`,
  'main-esbuild.js': `import { logits } from './quickstart.js';
window.app = { run: async () => Array.from(new Uint32Array(logits.buffer, logits.byteOffset, logits.length)) };
`,
  'iife.html': '<!doctype html>\n<meta charset="utf-8">\n<title>wasmnn, an IIFE bundle</title>\n' +
    '<script src="./bundle-iife/main-iife.js"></script>\n',
  'main-iife.js': `import { InferenceSession, Tensor, env } from 'wasmnn';
window.app = {
  async run(wasmPaths) {
    if (wasmPaths) env.wasm.wasmPaths = wasmPaths;
    const session = await InferenceSession.create('lenet5.onnx');
    const out = await session.run({ input: new Tensor(new Float32Array(28 * 28), [1, 1, 28, 28]) });
    const logits = out.logits.data;
    await session.release();
    return Array.from(new Uint32Array(logits.buffer, logits.byteOffset, logits.length));
  },
};
`,
  'vite/index.html': '<!doctype html>\n<meta charset="utf-8">\n<title>wasmnn quick start, Vite</title>\n' +
    '<script type="module" src="./main.js"></script>\n',
  'vite/main.js': `import { logits } from '../quickstart.js';
window.app = { run: async () => Array.from(new Uint32Array(logits.buffer, logits.byteOffset, logits.length)) };
`,
};

let app;       // the app's folder
let server;    // serving it, with the CSP on every page

test.beforeAll(async ({}, testInfo) => {
  execFileSync('bash', ['tools/package.sh', '--no-build'], { cwd: REPO_ROOT, stdio: 'pipe' });
  const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'build/package/wasmnn/package.json'), 'utf8')).version;
  const tgz = path.join(REPO_ROOT, `build/package/wasmnn-${version}.tgz`);
  app = path.join(REPO_ROOT, `build/package-app-${testInfo.project.name}`);
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  fs.mkdirSync(path.join(app, 'vite'));
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(app, name), text);
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  fs.writeFileSync(path.join(app, 'quickstart.js'), `${QUICK_START.exec(readme)[1]}export { logits };\n`);
  fs.copyFileSync(path.join(REPO_ROOT, 'models/lenet5/model.onnx'), path.join(app, 'lenet5.onnx'));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, stdio: 'pipe' });
  // esbuild: the app's bundle (code split, so each runtime build stays its own file), the .wasm
  // files and the threaded builds' workers copied next to it (esbuild does not follow new URL()).
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/esbuild'), ['main-esbuild.js', '--bundle', '--format=esm',
    '--splitting', '--outdir=bundle', '--log-level=warning'], { cwd: app, stdio: 'pipe' });
  for (const f of fs.readdirSync(path.join(app, 'node_modules/wasmnn'))) {
    if (/\.(wasm|worker\.js)$/.test(f)) fs.copyFileSync(path.join(app, 'node_modules/wasmnn', f), path.join(app, 'bundle', f));
  }
  // esbuild as a classic script (IIFE): import.meta is empty there (esbuild warns; the bundle works).
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/esbuild'), ['main-iife.js', '--bundle', '--format=iife',
    '--outdir=bundle-iife', '--log-level=error'], { cwd: app, stdio: 'pipe' });
  // Vite: a production build of the same quick start; the model beside its page.
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/vite'), ['build', 'vite', '--outDir', '../vite-dist', '--base', './',
    '--emptyOutDir', '--logLevel', 'warn'], { cwd: app, stdio: 'pipe' });
  fs.copyFileSync(path.join(app, 'lenet5.onnx'), path.join(app, 'vite-dist/lenet5.onnx'));
  server = await startServer({ root: app, headers: (p) => (p.endsWith('.html') ? { 'Content-Security-Policy': CSP } : {}) });
});

test.afterAll(async () => {
  await server?.close();
});

test('the packed package installs, and the README quick start runs verbatim under a strict CSP: in the page, proxied to a Worker, in its own Worker, bundled by esbuild and by Vite; an IIFE bundle is told to set wasmPaths', async ({ engine, server: repo }) => {
  // What the test page gives for the same model and input (all zeros).
  await engine.goto(`${repo.url}/web/test.html`);
  const expected = await engine.call('wasmnnHarness.zeroImageBits', 'lenet5');
  expect(fs.existsSync(path.join(app, 'node_modules/wasmnn/wasmnn-core.wasm'))).toBe(true);
  for (const mode of ['page', 'proxy', 'own-worker']) {
    await engine.goto(`${server.url}/index.html`);
    expect(await engine.call('app.run', mode), mode).toEqual(expected);
    expect(await engine.consoleErrors(), mode).toEqual([]);
  }
  await engine.goto(`${server.url}/esbuild.html`);
  expect(await engine.call('app.run', 'esbuild')).toEqual(expected);
  // Vite found the .wasm by itself: its build holds it under assets/.
  expect(fs.readdirSync(path.join(app, 'vite-dist/assets')).some((f) => /^wasmnn-core-.*\.wasm$/.test(f))).toBe(true);
  await engine.goto(`${server.url}/vite-dist/index.html`);
  expect(await engine.call('app.run', 'vite')).toEqual(expected);
  expect(await engine.consoleErrors()).toEqual([]);
  // An IIFE bundle cannot find the runtime beside it: the error says what to do, and doing it works.
  await engine.goto(`${server.url}/iife.html`);
  await expect(engine.call('app.run')).rejects.toThrow(/wasmnn: cannot tell where its runtime file wasmnn-core\.wasm is: this copy of wasmnn\.js was bundled without import\.meta\.url \(an IIFE or CommonJS bundle\).*Bundle it as an ES module \(esbuild --format=esm, Vite, webpack 5\), or say where the runtime files are: env\.wasm\.wasmPaths = '\/path\/to\/wasmnn\/'/);
  expect(await engine.call('app.run', './node_modules/wasmnn/')).toEqual(expected);
});

test('the package carries its files, types and version', async () => {
  const pkg = path.join(app, 'node_modules/wasmnn');
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(manifest.types).toBe('./wasmnn.d.ts');
  for (const f of ['wasmnn.js', 'wasmnn.d.ts', 'wasmnn-core.wasm', 'wasmnn-core-mt.wasm', 'wasmnn-core-mt.worker.js',
    'wasmnn-extended.wasm', 'wasmnn-proxy-session.js', 'wasmnn-proxy-worker.js']) {
    expect(fs.existsSync(path.join(pkg, f)), f).toBe(true);
  }
});
