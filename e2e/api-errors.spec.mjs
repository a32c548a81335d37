// Every mistake a user can make with the JS API gives a message that says what went wrong and
// how to fix it, the same in every engine, and leaves the session usable (taps, fetches and run
// options included; what taps return is tested in taps.spec.mjs).
import { test, expect } from './fixtures.mjs';

const EXPECTED = {
  modelNotFound: /could not fetch the model from \/models\/no-such-model\.onnx: HTTP 404/,
  notOnnxBytes: /cannot load the model: .*not a valid ONNX protobuf|cannot load the model: the model has no graph/,
  truncatedModel: /cannot load the model: .*(corrupt or truncated|invalid ONNX model)/,
  wrongModelArgument: /takes a URL or the \.onnx bytes/,
  wrongRank: /input 'input' expects shape \[N,1,28,28\], got \[1,28,28\]/,
  wrongChannels: /input 'input' expects shape \[N,1,28,28\], got \[1,3,28,28\]/,
  missingInput: /input 'input' is missing; expected a float32 tensor of shape \[N,1,28,28\]/,
  unknownInput: /the model has no input 'image'; its inputs are 'input'/,
  notATensor: /input 'input' must be a float32 Tensor; got a Float32Array\. Wrap the data: new Tensor\('float32', data, \[N,1,28,28\]\)/,
  feedsNotAnObject: /run\(\) takes an object of tensors by input name/,
  dimsDoNotMatchData: /dims \[1,1,28,27\] describe 756 elements, but the data has 784/,
  unsupportedType: /tensor type 'float64' is not supported; use one of 'float32', 'float16', 'int64'/,
  releasedSession: /this session was released; create a new one/,
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
  }
  expect(results.stillWorks).toEqual({ threw: false, dims: [1, 10], keys: ['logits'] });
});
