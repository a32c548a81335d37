// Every mistake a user can make with the JS API gives a message that says what went wrong and
// how to fix it, the same in every engine, and leaves the session usable (taps, fetches and run
// options included; what taps return is tested in taps.spec.mjs). Then what code written for ONNX
// Runtime Web does, done right (ortCompat). Loading the runtime: api-load.spec.mjs.
import { test, expect } from './fixtures.mjs';

const EXPECTED = {
  modelNotFound: /could not fetch the model from \/models\/no-such-model\.onnx: HTTP 404/,
  // Files that are not a model get plain words, no parser jargon (checked for every message below).
  notOnnxBytes: /^wasmnn: cannot load the model: this is not an \.onnx file: its 15 bytes do not hold an ONNX model \(a graph of operators and weights\): check the URL or file$/,
  htmlBytes: /^wasmnn: cannot load the model: this is an HTML page, not an \.onnx file: check the URL$/,
  htmlPageWith200: /^wasmnn: cannot load the model from \/web\/test\.html: this is an HTML page, not an \.onnx file: check the URL \(the server answered HTTP 200 with Content-Type text\/html; charset=utf-8\)$/,
  textFile: /^wasmnn: cannot load the model: this is a text file \(it starts with "404: Not Found"\), not an \.onnx file: check the URL or file$/,
  truncatedModel: /^wasmnn: cannot load the model: the file ends too early: its \d+ bytes stop in the middle of the model, so it was cut short \(an interrupted download or copy\?\) or is not an \.onnx file$/,
  wrongModelArgument: /^wasmnn: InferenceSession\.create\(\) takes a URL, the \.onnx bytes \(ArrayBuffer or Uint8Array\), a Blob or File, or a fetch\(\) Response; got a number$/,
  runBeforeCreate: /^wasmnn: run\(\) was called on the Promise that InferenceSession\.create\(\) returns: await it first, const session = await InferenceSession\.create\(model\), then session\.run\(feeds\)$/,
  wrongRank: /input 'input' expects shape \[N,1,28,28\], got \[1,28,28\]/,
  wrongChannels: /input 'input' expects shape \[N,1,28,28\], got \[1,3,28,28\]/,
  missingInput: /input 'input' is missing; expected a float32 tensor of shape \[N,1,28,28\]/,
  unknownInput: /the model has no input 'image'; its inputs are 'input'/,
  notATensor: /input 'input' must be a float32 Tensor; got a Float32Array of 784 values\. Wrap the data: new Tensor\('float32', data, dims\), dims like \[N,1,28,28\]$/,
  feedsNotAnObject: /run\(\) takes an object of tensors by input name/,
  dimsDoNotMatchData: /dims \[1,1,28,27\] describe 756 elements, but the float32 data \(a Float32Array\) has 784$/,
  // Tensors: ORT's new Tensor(data, dims); a wrong array is named by type and length, never dumped.
  twoArgWrongSize: /dims \[1,1,28,27\] describe 756 elements, but the float32 data \(a Float32Array\) has 784$/,
  wrongArrayForType: /a 'float32' tensor needs a Float32Array \(or a plain array\), got a Float64Array of 784 values$/,
  float64TwoArg: /float64 tensors are not supported \(got a Float64Array of 784 values\); convert it: new Tensor\(Float32Array\.from\(data\), dims\)$/,
  uint16TwoArg: /a Uint16Array of 784 values could be float16 bits or uint16 \(wasmnn has float16 only\): say which, new Tensor\('float16', data, dims\)$/,
  wrongTypeFed: /input 'input' must be a float32 Tensor; got an int32 tensor \[1,1,28,28\] holding an Int32Array of 784 values\. Wrap the data/,
  disposedFed: /input 'input' is a tensor that was disposed \(tensor\.dispose\(\)\); make a new one$/,
  disposedData: /this tensor was disposed; its data is gone$/,
  detachedFed: /input 'input' holds 0 values, but its dims \[1,1,28,28\] need 784: its ArrayBuffer was detached \(transferred to a worker or by postMessage\/structuredClone\); make the tensor from data this page still owns$/,
  memoryLimitTooLarge: /memoryLimit must be a whole number of bytes from 1048576 \(1 MiB\) to 1879048192 \(the default: the wasm heap ends at 2 GiB\), got 4294967296$/,
  modelOverMemoryLimit: /^wasmnn: cannot load the model: it is 1095583 bytes, over the memory limit of 1048576 bytes; raise the session option memoryLimit \(at most 1\.75 GiB: the wasm heap ends at 2 GiB\)$/,
  overMemoryLimit: /^wasmnn: input 'input' would have shape \[1000,1,28,28\] \(3136000 bytes of float32\), over the memory limit of 1048576 bytes; give smaller inputs or raise the session option memoryLimit \(by default and at most 1\.75 GiB: the wasm heap ends at 2 GiB\)$/,
  detachedModel: /cannot load the model: (the model's bytes could not be read|its ArrayBuffer was detached)/,
  // Session options: unknown names and values are refused with the list.
  unknownSessionOption: new RegExp([
    /unknown session option 'backend'; the options are executionProviders \('wasm', 'cpu'\), /,
    /graphOptimizationLevel \('disabled', 'basic', 'extended', 'layout', 'all'\), numThreads \(a whole number\), /,
    /kernels \('simd', 'scalar'\), gemm \(a name from gemmKernels\(\), or two as 'TILE\+WIDE'\), winograd \(true or false\), /,
    /memoryLimit \(bytes, at most 1879048192\), /,
    /onProgress \(a function \(loaded, total\)\), cache \(true or a cache name\); /,
    /ONNX Runtime Web's logId, .* are accepted and ignored$/,
  ].map((r) => r.source).join('')),
  gpuKernels: /kernels must be one of 'simd', 'scalar', got "gpu" \(wasmnn runs on the CPU/,
  winogradNotBoolean: /winograd must be true \(the default: 3x3 convolutions by Winograd's F\(2x2, 3x3\) where it is faster\) or false \(every convolution as a direct sum\), got "off"$/,
  webglProvider: /executionProviders \['webgl'\] are not available: wasmnn runs on the CPU through WebAssembly only, so the providers it takes are 'wasm', 'cpu' \(e\.g\. executionProviders: \['wasm'\]\)$/,
  providersNotArray: /executionProviders must be an array of names \(or \{name\} objects\), e\.g\. \['wasm'\]; got "wasm"$/,
  // ORT's create(buffer, byteOffset, byteLength).
  rangePastEnd: /create\(buffer, byteOffset 100, byteLength \d+\) lies outside the \d+-byte buffer$/,
  rangeOnUint8Array: /create\(buffer, byteOffset, byteLength\) takes an ArrayBuffer; for a Uint8Array, pass a view of the bytes instead: create\(bytes\.subarray\(start, end\)\)$/,
  unsupportedType: /tensor type 'float64' is not supported; use one of 'float32', 'float16', 'int64'/,
  releasedSession: /this session was released \(session\.release\(\)\); create a new one with InferenceSession\.create\(model\)$/,
  releasedProfiling: /this session was released \(session\.release\(\)\); create a new one/,
  badOptimizationLevel: /graphOptimizationLevel must be one of 'disabled', 'basic', 'extended', 'layout', 'all', got "most"/,
  unknownTaps: new RegExp([
    /cannot tap 2 values: 'conv1' is not a value of this model; /,
    /'\/conv1\/Conv_output_0' \(output of Conv '\/conv1\/Conv'\) is never computed by this session: at load the Relu '\/Relu' reading it was merged into Conv '\/conv1\/Conv', which writes '\/Relu_output_0' directly; /,
    /load the model with graph optimizations off to keep it \(\d+ values can be tapped\)\. /,
    /Graph optimizations off: InferenceSession\.create\(model, \{ graphOptimizationLevel: 'disabled' \}\)\. /,
    /session\.valueNames lists the values this session can tap; \{ taps: 'all' \} returns every one\./,
  ].map((r) => r.source).join('')),
  tapWeight: /cannot tap 1 value: 'fc1\.weight' is an initializer of the model \(a weight or constant stored in the file\), not a value a node computes; taps return the model's inputs and node outputs \(\d+ values can be tapped\)\. session\.valueNames lists/,
  tapsNotNames: /taps must be an array of value names or 'all', got "\/MaxPool_output_0"; session\.valueNames lists the names/,
  unknownRunOption: /unknown run option 'tap'; wasmnn's run option is taps \(ONNX Runtime Web's logSeverityLevel, .* are accepted and ignored\)\. To choose outputs, pass their names: run\(feeds, \['logits'\]\)/,
  fetchesNotAnOutput: /fetches names "logit", which is not an output of the model; its outputs are 'logits'$/,
  fetchesIntermediate: /fetches names "\/MaxPool_output_0", which is not an output of the model; its outputs are 'logits'; to read an intermediate value, tap it: run\(feeds, \{ taps: \["\/MaxPool_output_0"\] \}\)/,
  fetchesWrongTensor: /the tensor given in fetches for output 'logits' is float32 \[1,5\], but the output is float32 \[1,10\]: give one of that type and shape, or null for a new one/,
  fetchesThenNotOptions: /run options must be an object, e\.g\. \{ taps: \[\.\.\.\] \}/,
};

test('API mistakes are rejected with messages that say what to fix', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const results = await engine.call('wasmnnHarness.apiMistakes', {});
  for (const [name, pattern] of Object.entries(EXPECTED)) {
    expect(results[name]?.threw, `${name} should throw`).toBe(true);
    expect(results[name].message, name).toMatch(pattern);
    // No parser or Emscripten internals, and a wrong array's values (0.123 each) never dumped.
    expect(results[name].message, name).not.toMatch(/protozero|protobuf|Aborted\(|ASSERTIONS|0\.123/);
    expect(results[name].message.length, name).toBeLessThan(700);
  }
  expect(results.releaseReturnsPromise).toBe(true);
  expect(results.stillWorks).toEqual({ threw: false, dims: [1, 10], keys: ['logits'] });
  expect(results.limitedStillRuns).toEqual([1, 10]);
});

test('code written for ONNX Runtime Web runs: fetches, metadata, Tensor(data, dims), options, create(buffer, offset, length), release()', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.ortCompat', {});
  // fetches choose outputs (a model with two outputs); an unknown name lists the outputs.
  expect(r.outputNames).toEqual(['logits', '/MaxPool_output_0']);
  expect(r.fetchedAll).toEqual(['logits', '/MaxPool_output_0']);
  expect(r.fetchedLogits).toEqual(['logits']);
  expect(r.fetchedInner).toEqual(['/MaxPool_output_0']);
  expect(r.fetchedObject).toEqual(['logits']);
  expect(r.fetchedWithOptions).toEqual(['logits']);
  expect(r.unknownFetch.threw).toBe(true);
  expect(r.unknownFetch.message).toMatch(/fetches names "logitz", which is not an output of the model; its outputs are 'logits', '\/MaxPool_output_0'$/);
  // ORT-Web 1.30's metadata fields.
  expect(r.inputMetadata).toEqual([{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 1, 28, 28] }]);
  expect(r.outputMetadata).toEqual([{ name: 'logits', isTensor: true, type: 'float32', shape: ['N', 10] }]);
  // new Tensor(data, dims), getData(), dispose().
  expect(r.twoArgTensor).toEqual({ type: 'float32', dims: [1, 1, 28, 28], size: 784, location: 'cpu' });
  expect(r.getDataSame).toBe(true);
  expect(r.twoArgRuns).toBe(true);
  expect(r.disposed).toBe(true);
  expect(r.plainArrayTensor).toEqual({ type: 'float32', dims: [3] });
  expect(r.int64Tensor).toBe('int64');
  // Options ORT pages send run the same model to the same bits.
  expect(r.acceptedOptions).toEqual({ wasm: true, cpu: true, named: true, fallback: true, ortLogging: true });
  // create(buffer, byteOffset, byteLength) reads only those bytes.
  expect(r.rangedSame).toBe(true);
  expect(r.rangedToEndSame).toBe(true);
  // release() is a Promise; a released session rejects saying so.
  expect(r.releaseIsPromise).toBe(true);
  expect(r.releasedRun.threw).toBe(true);
  expect(r.releasedRun.message).toMatch(/this session was released/);
});
