// The same page code against ONNX Runtime Web and wasmnn: only the import differs (and where each
// keeps its .wasm files). Returns what each gave, for the test to compare: names, metadata, the
// outputs of a few images, and what release() returned.
const RUNTIMES = {
  'ort-web': { module: '/vendor/onnxruntime-web/dist/ort.wasm.min.mjs', wasmPaths: '/vendor/onnxruntime-web/dist/' },
  wasmnn: { module: '/dist/wasmnn.js', wasmPaths: '/dist/' },
};

// Page code as a user of ONNX Runtime Web writes it, with `ort` the imported module.
async function pageCode(ort, modelUrl, images) {
  const session = await ort.InferenceSession.create(modelUrl, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const [inputName] = session.inputNames;
  const outputs = [];
  for (const image of images) {
    const input = new ort.Tensor(image, [1, 1, 28, 28]);
    const result = await session.run({ [inputName]: input }, session.outputNames);
    const [name] = session.outputNames;
    outputs.push({ type: result[name].type, dims: result[name].dims, data: Array.from(await result[name].getData()) });
    input.dispose();
  }
  const info = {
    inputNames: session.inputNames, outputNames: session.outputNames,
    inputMetadata: session.inputMetadata, outputMetadata: session.outputMetadata,
  };
  const released = session.release();
  info.releaseIsPromise = released instanceof Promise;
  await released;
  return { ...info, outputs };
}

// Digit-like strokes, different for each image, values in [0, 1] as the model was trained on.
function images(count) {
  return Array.from({ length: count }, (_, k) => {
    const x = new Float32Array(784);
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const ring = Math.abs(Math.hypot(r - 14, c - 14 + k) - (6 + k)) < 2;
        const bar = Math.abs(c - 10 - 2 * k) < 2 && r > 4 && r < 24;
        x[r * 28 + c] = ring || bar ? 1 : (r * 7 + c * 3 + k) % 11 === 0 ? 0.25 : 0;
      }
    }
    return x;
  });
}

export async function ortParity({ model = '/models/lenet5/model.onnx', count = 4 } = {}) {
  const out = {};
  for (const [name, { module, wasmPaths }] of Object.entries(RUNTIMES)) {
    const ort = await import(module);
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = wasmPaths;
    out[name] = await pageCode(ort, model, images(count));
  }
  return out;
}
