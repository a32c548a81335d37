// Loading the runtime in one way per page visit (the runtime loads once per page): the e2e test
// opens a load page and calls wasmnnLoad.run(name); the outcome says what the user would see.
// The pages differ only in their Content-Security-Policy (load.html: none).
const MODEL = '/models/lenet5/model.onnx';

async function blobUrl(bytes, type) {
  return URL.createObjectURL(new Blob([bytes], { type }));
}

// name -> sets env.wasm before the first session (null: the defaults).
const CASES = {
  default: null,
  wasmMissing: () => ({ wasmPaths: { 'wasmnn-core.wasm': '/dist/no-such-file.wasm' } }),
  wasmWrongMime: async () => ({
    wasmPaths: { 'wasmnn-core.wasm': await blobUrl(await (await fetch('/dist/wasmnn-core.wasm')).arrayBuffer(), 'text/plain') },
  }),
  wasmIsHtml: async () => ({
    wasmPaths: { 'wasmnn-core.wasm': await blobUrl('<!doctype html>\n<html><body>Not found</body></html>', 'text/html') },
  }),
  // Right magic, cut short: the module itself fails to compile (inside Emscripten's start-up).
  wasmCorrupt: async () => {
    const bytes = new Uint8Array(await (await fetch('/dist/wasmnn-core.wasm')).arrayBuffer());
    return { wasmPaths: { 'wasmnn-core.wasm': await blobUrl(bytes.subarray(0, bytes.length >> 1), 'application/wasm') } };
  },
  glueMissing: () => ({ wasmPaths: { 'wasmnn-core.js': '/dist/no-such-file.js' } }),
  prefixMissing: () => ({ wasmPaths: '/no-such-folder/' }),
  // The same files under another URL: /build/wasm/dist/ is where /dist/ comes from.
  prefix: () => ({ wasmPaths: '/build/wasm/dist/' }),
  perFile: () => ({ wasmPaths: { 'wasmnn-core.wasm': '/build/wasm/dist/wasmnn-core.wasm' } }),
  // The threaded build from there too: its pthread workers come from its .js's folder.
  prefixThreads: () => ({ wasmPaths: '/build/wasm/dist', numThreads: 2 }),
  ortFilePaths: () => ({ wasmPaths: { wasm: '/dist/wasmnn-core.wasm' } }),
  unknownSetting: () => ({ trace: true }),
  proxy: () => ({ proxy: 'yes' }),
  noSimd: () => ({ simd: false }),
  harmless: () => ({ simd: true, proxy: false, numThreads: 1 }),
};

async function run(name) {
  const setup = CASES[name];
  if (setup === undefined) throw new Error(`no load case '${name}'`);
  try {
    const wasmnn = await import('/dist/wasmnn.js');
    if (setup) Object.assign(wasmnn.env.wasm, await setup());
    const session = await wasmnn.InferenceSession.create(MODEL);
    const out = await session.run({ input: new wasmnn.Tensor(new Float32Array(784), [1, 1, 28, 28]) });
    await session.release();
    const fetched = performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)
      .filter((p) => /wasmnn-core[^/]*$/.test(p));
    return { threw: false, dims: out.logits.dims, threads: session.threads, fetched };
  } catch (e) {
    return { threw: true, name: e.name, message: e.message };
  }
}

window.wasmnnLoad = { ready: Promise.resolve(), run };
