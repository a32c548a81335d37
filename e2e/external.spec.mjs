// The real-architecture models of models/external/ in every engine, against onnxruntime-node's
// references (node models/external/build-references.mjs writes them; ./test does first), each
// judged by the rule its manifest stores: the bench's, or ORT's own envelope where ORT disagrees
// with itself. A model wasmnn refuses is a skip whose reason is "refused: <wasmnn's message>"
// (./test lists every skip with its reason): never silently passed over, never counted as passed.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { externalVerdict } from './external-verdict.mjs';
import { REPO_ROOT } from './server.mjs';

const DIR = path.join(REPO_ROOT, 'models', 'external');
const models = fs.readdirSync(DIR).filter((m) => fs.existsSync(path.join(DIR, m, 'info.json'))).sort();

for (const model of models) {
  test(`external ${model} agrees with onnxruntime-node`, async ({ engine, server }) => {
    test.setTimeout(300_000);
    const manifest = path.join(DIR, model, 'reference', 'manifest.json');
    expect(fs.existsSync(manifest), `${manifest} is missing: node models/external/build-references.mjs writes it`).toBe(true);
    await engine.goto(`${server.url}/web/test.html`);
    const v = externalVerdict(await engine.call('wasmnnHarness.runExternal', { model }));
    test.skip(v.status === 'refused', v.reason);
    test.info().annotations.push({ type: 'rule', description: v.rule });
    expect(v.status, `${model} (${v.rule}):\n  ${v.lines.join('\n  ')}`).toBe('pass');
  });
}
