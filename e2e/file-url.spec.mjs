// A page opened from a file (file://), the mistake a web developer makes first (Chen et al.: 24 %
// of deployment problems are loading). Firefox runs ES modules and fetches files beside the page
// from file://: wasmnn works there, and a file it cannot fetch gets the advice to serve the
// folder over HTTP, and how. Chromium and WebKit refuse the
// module itself before any wasmnn code runs (the script element's error event is all the page
// gets): that is checked too, so that the README's advice stays true in every engine.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>opened from a file</title>
<script>
  window.fileCheck = { ready: new Promise((resolve) => { window.fileCheckDone = resolve; }), result: () => window.fileCheckResult };
</script>
<script type="module" src="./check.js" onerror="window.fileCheckDone(window.fileCheckResult = { moduleRefused: true })"></script>
`;
const CHECK = `import { InferenceSession } from './wasmnn.js';
const outcome = async (model) => {
  try {
    const session = await InferenceSession.create(model);
    await session.release();
    return { threw: false };
  } catch (e) {
    return { threw: true, message: e.message };
  }
};
window.fileCheckResult = { moduleRefused: false, present: await outcome('lenet5.onnx'), missing: await outcome('no-such-model.onnx') };
window.fileCheckDone();
`;

test('a page opened from file:// is told to serve its folder over HTTP (where the engine runs it at all)', async ({ engine }) => {
  const dir = path.join(REPO_ROOT, `build/file-page-${engine.name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(REPO_ROOT, 'build/wasm/dist'))) fs.copyFileSync(path.join(REPO_ROOT, 'build/wasm/dist', f), path.join(dir, f));
  fs.copyFileSync(path.join(REPO_ROOT, 'models/lenet5/model.onnx'), path.join(dir, 'lenet5.onnx'));
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  fs.writeFileSync(path.join(dir, 'check.js'), CHECK);
  await engine.goto(pathToFileURL(path.join(dir, 'index.html')).href);
  const r = await engine.call('fileCheck.result');
  if (engine.name === 'firefox') {
    // Firefox runs it from file:// (the files beside the page); a file it cannot fetch gets the advice.
    expect(r.present).toEqual({ threw: false });
    expect(r.missing.threw).toBe(true);
    expect(r.missing.message).toMatch(/^wasmnn: could not fetch the model from no-such-model\.onnx: .*\. The page was opened from a file \(file:\/\/\), where browsers refuse most fetches \(and cannot tell a missing file from a refused one\): serve its folder over HTTP instead \(e\.g\. `python3 -m http\.server 8080` or `npx http-server -p 8080` in it\) and open http:\/\/localhost:8080\/, or give create\(\) the bytes of a file the user picks \(create\(await input\.files\[0\]\.arrayBuffer\(\)\)\)$/);
  } else {
    // The engine refuses the module script from file://: nothing of wasmnn runs.
    expect(r).toEqual({ moduleRefused: true });
  }
});
