// Classic script, loaded before any runtime: records every WebAssembly.Memory the page's wasm
// instances import or export, so the bench can report the wasm heap of any runtime (wasmnn,
// ONNX Runtime Web, TF.js) the same way: the sum of byteLength over those memories.
(() => {
  const memories = new Set();
  const scan = (object) => {
    if (!object || typeof object !== 'object') return;
    for (const value of Object.values(object)) {
      if (value instanceof WebAssembly.Memory) memories.add(value);
      else if (value && typeof value === 'object' && !(value instanceof WebAssembly.Module)) {
        for (const inner of Object.values(value)) if (inner instanceof WebAssembly.Memory) memories.add(inner);
      }
    }
  };
  const record = (imports) => (result) => {
    scan(imports);
    scan((result.instance || result).exports);
    return result;
  };
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = function (source, imports, ...rest) {
    return instantiate.call(this, source, imports, ...rest).then(record(imports));
  };
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = function (source, imports, ...rest) {
      return instantiateStreaming.call(this, source, imports, ...rest).then(record(imports));
    };
  }
  self.wasmMemoryProbe = {
    count: () => memories.size,
    bytes: () => [...memories].reduce((sum, m) => sum + m.buffer.byteLength, 0),
  };
})();
