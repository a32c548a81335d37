// Every way a page has a model: a Blob, a File (<input type=file>), a fetch() Response, a
// DataView, a URL with download progress, and a URL kept in Cache Storage so that a second visit
// does not download it (the server here sends ETags for /models/ and logs what it answered: the
// second create gets 304 Not Modified, no body). Wrong option values are refused with the fix.
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const MODEL = '/models/lenet5/model.onnx';

test('a model loads from a Blob, File, Response, DataView and a URL with progress; Cache Storage spares the second download', async ({ engine }) => {
  const answers = [];
  const server = await startServer({ root: REPO_ROOT, cachePrefixes: ['/models/'], onRequest: (a) => answers.push(a) });
  try {
    await engine.goto(`${server.url}/web/test.html`);
    answers.length = 0;
    const r = await engine.call('wasmnnHarness.loadingSources', `wasmnn-test-${engine.name}`);
    for (const source of ['blob', 'file', 'response', 'dataView', 'progressDims', 'cachedFirst', 'cachedSecond']) {
      expect(r[source], source).toEqual([1, 10]);
    }
    // Progress: from 0 of the Content-Length to all of it, never backwards; bytes: once, all of them.
    expect(r.progress.first).toEqual([0, r.size]);
    expect(r.progress.last).toEqual([r.size, r.size]);
    expect(r.progress.increasing).toBe(true);
    expect(r.bytesProgress).toEqual([[r.size, r.size]]);
    expect(r.cacheProgress).toEqual([[r.size, r.size]]);
    expect(r.cachedKeys).toEqual([MODEL]);
    // The two cached creates: one download (200), then one revalidation answered 304.
    const model = answers.filter((a) => a.path === MODEL).map((a) => a.status);
    // fetch(MODEL) for the bytes, the Response, the progress run, then the cache's two.
    expect(model.slice(-2)).toEqual([200, 304]);
    expect(r.htmlResponse.message).toMatch(/^wasmnn: cannot load the model from http:\/\/127\.0\.0\.1:\d+\/web\/test\.html: this is an HTML page, not an \.onnx file: check the URL \(the server answered HTTP 200 with Content-Type text\/html; charset=utf-8\)$/);
    expect(r.notFoundResponse.message).toMatch(/^wasmnn: could not fetch the model from http:\/\/127\.0\.0\.1:\d+\/models\/nope\.onnx: HTTP 404 Not Found$/);
    expect(r.badProgress.message).toMatch(/^wasmnn: onProgress must be a function \(loaded, total\) => \{\.\.\.\}, called as the model downloads; got "yes"$/);
    expect(r.badCache.message).toMatch(/^wasmnn: cache must be true \(keep models fetched from a URL in the Cache Storage 'wasmnn-models'\), a cache name, or false; got 3$/);
  } finally {
    await server.close();
  }
});

test('env.wasm.proxy = true runs the session in a module Worker: same bits and messages, the page stays free', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.proxySession', {});
  expect(r.proxied).toBe(true);
  expect(r.inputMetadata).toEqual([{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 1, 28, 28] }]);
  expect(r.progressCalls).toBeGreaterThan(0);
  expect(r.fetched).toEqual(['logits']);
  expect(r.bigDims).toEqual([200, 10]);
  expect(r.sameBits).toBe(true);
  expect(r.filledSame).toBe(true);
  // The page's timers ran while the worker computed 200 images (an in-page run blocks them).
  expect(r.ticksDuringRun).toBeGreaterThan(0);
  expect(r.wrongShape.message).toMatch(/^wasmnn: input 'input' expects shape \[N,1,28,28\], got \[1,28,28\]/);
  expect(r.sameError).toBe(true);
  expect(r.unknownOption.message).toMatch(/^wasmnn: unknown session option 'backend'/);
  expect(r.unknownOption.name).toBe('TypeError');
  expect(r.notFound.message).toMatch(/^wasmnn: could not fetch the model from http:\/\/127\.0\.0\.1:\d+\/models\/nope\.onnx: HTTP 404 Not Found$/);
  expect(r.afterRelease.message).toMatch(/^wasmnn: this session was released/);
});
