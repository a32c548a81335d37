// Loading the runtime goes wrong in plain words: the .wasm missing (its URL and HTTP status), an
// HTML page where it should be, its JavaScript missing, a CSP without 'wasm-unsafe-eval' (named),
// env.wasm settings wasmnn cannot honour; and env.wasm.wasmPaths places the files. Never an
// Emscripten internal ("Aborted(...)", "Build with -s ASSERTIONS"). One page visit per case: the
// runtime loads once per page (web/harness/load/).
import { test, expect } from './fixtures.mjs';

const FIX = /Serve it next to wasmnn\.js, or say where it is: env\.wasm\.wasmPaths = '\/path\/to\/dist\/'$/;
const FAILS = {
  wasmMissing: new RegExp(/^wasmnn: could not download the runtime's WebAssembly file http:\/\/127\.0\.0\.1:\d+\/dist\/no-such-file\.wasm: HTTP 404 Not Found\. /.source + FIX.source),
  prefixMissing: /^wasmnn: could not download the runtime's WebAssembly file http:\/\/127\.0\.0\.1:\d+\/no-such-folder\/wasmnn-core\.wasm: HTTP 404 Not Found\. /,
  wasmIsHtml: /^wasmnn: the runtime's WebAssembly file blob:\S+ answered HTTP 200 with an HTML page \(Content-Type text\/html\), not the \.wasm file: check the URL\. /,
  wasmCorrupt: /^wasmnn: the runtime's WebAssembly file blob:\S+ does not compile: it is damaged or incomplete \(cut short on the way, or from another wasmnn build than wasmnn\.js\)\. The browser said: CompileError: /,
  glueMissing: /^wasmnn: could not load the runtime's JavaScript file http:\/\/127\.0\.0\.1:\d+\/dist\/no-such-file\.js: HTTP 404 Not Found\. Serve it next to wasmnn\.js \(with its \.wasm and \.worker\.js\), or say where it is: env\.wasm\.wasmPaths = '\/path\/to\/dist\/'$/,
  ortFilePaths: /^wasmnn: env\.wasm\.wasmPaths names 'wasm', which is not a wasmnn file \(ONNX Runtime Web's "wasm"\/"mjs" name its one build; wasmnn has four \(core and extended, one thread and threads\), so name the file\); the files are 'wasmnn-core\.js', 'wasmnn-core\.wasm', 'wasmnn-core-mt\.js', 'wasmnn-core-mt\.wasm', 'wasmnn-extended\.js', 'wasmnn-extended\.wasm', 'wasmnn-extended-mt\.js', 'wasmnn-extended-mt\.wasm', 'wasmnn-proxy-worker\.js'$/,
  unknownSetting: /^wasmnn: env\.wasm\.trace is not a wasmnn setting; the settings are numThreads, wasmPaths, simd, proxy$/,
  proxy: /^wasmnn: env\.wasm\.proxy must be true \(run sessions in a Worker\) or false, got "yes"$/,
  noSimd: /^wasmnn: env\.wasm\.simd = false: wasmnn has one build, on fixed-width SIMD128 \(every current browser has it\); leave simd unset or true$/,
};

async function loadCase(engine, server, page, name) {
  await engine.goto(`${server.url}/web/harness/load/${page}.html`);
  return engine.call('wasmnnLoad.run', name);
}

for (const [name, pattern] of Object.entries(FAILS)) {
  test(`runtime load: ${name} is refused in plain words`, async ({ engine, server }) => {
    const r = await loadCase(engine, server, 'load', name);
    expect(r.threw, JSON.stringify(r)).toBe(true);
    expect(r.message).toMatch(pattern);
    expect(r.message).not.toMatch(/Aborted|ASSERTIONS|emscripten/i);
  });
}

test('runtime load: a .wasm served with a wrong MIME type still loads (wasmnn compiles its bytes)', async ({ engine, server }) => {
  const r = await loadCase(engine, server, 'load', 'wasmWrongMime');
  expect(r).toMatchObject({ threw: false, dims: [1, 10] });
});

test('runtime load: env.wasm.wasmPaths places the files (prefix, or one file), harmless ORT settings accepted', async ({ engine, server }) => {
  const prefix = await loadCase(engine, server, 'load', 'prefix');
  expect(prefix).toMatchObject({ threw: false, dims: [1, 10] });
  expect(prefix.fetched).toEqual(['/build/wasm/dist/wasmnn-core.wasm', '/build/wasm/dist/wasmnn-core.js']);
  const perFile = await loadCase(engine, server, 'load', 'perFile');
  expect(perFile).toMatchObject({ threw: false, dims: [1, 10] });
  expect(perFile.fetched).toEqual(['/build/wasm/dist/wasmnn-core.wasm', '/dist/wasmnn-core.js']);
  expect(await loadCase(engine, server, 'load', 'harmless')).toMatchObject({ threw: false, dims: [1, 10] });
  // The threaded build (a folder without its trailing /): its workers load from its .js's folder.
  const threads = await loadCase(engine, server, 'load', 'prefixThreads');
  expect(threads).toMatchObject({ threw: false, dims: [1, 10], threads: 2 });
  expect(threads.fetched).toEqual(expect.arrayContaining(['/build/wasm/dist/wasmnn-core-mt.wasm',
    '/build/wasm/dist/wasmnn-core-mt.js', '/build/wasm/dist/wasmnn-core-mt.worker.js']));
  expect(threads.fetched.every((p) => p.startsWith('/build/wasm/dist/'))).toBe(true);
});

test('runtime load: a CSP without \'wasm-unsafe-eval\' is named; with it (and no \'unsafe-eval\') wasmnn runs', async ({ engine, server }) => {
  const blocked = await loadCase(engine, server, 'csp-no-wasm', 'default');
  expect(blocked.threw).toBe(true);
  expect(blocked.message).toMatch(/^wasmnn: this page may not compile WebAssembly: its Content-Security-Policy blocks it\. Add 'wasm-unsafe-eval' to script-src \(e\.g\. script-src 'self' 'wasm-unsafe-eval'\); 'unsafe-eval' is not needed\. \(The browser said: /);
  expect(blocked.message).not.toMatch(/Aborted|ASSERTIONS/);
  expect(await loadCase(engine, server, 'csp-strict', 'default')).toMatchObject({ threw: false, dims: [1, 10] });
});
