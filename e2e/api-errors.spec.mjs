// Every mistake a user can make with the JS API gives a message that says what went wrong and
// how to fix it, the same in every engine, and leaves the session usable.
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
  unsupportedType: /tensor type 'float16' is not supported; use one of 'float32', 'int64'/,
  releasedSession: /this session was released; create a new one/,
};

test('API mistakes are rejected with messages that say what to fix', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const results = await engine.call('wasmnnHarness.apiMistakes', {});
  for (const [name, pattern] of Object.entries(EXPECTED)) {
    expect(results[name]?.threw, `${name} should throw`).toBe(true);
    expect(results[name].message, name).toMatch(pattern);
  }
  expect(results.stillWorks).toEqual({ threw: false, dims: [1, 10] });
});
