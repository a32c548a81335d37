// Every committed model of models/ against every reference set it has (PyTorch / ONNX Runtime
// outputs, generated inputs), in every engine. A model that needs operators wasmnn does not
// support yet is reported as skipped with those operators named, never passed over in silence.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { REPO_ROOT } from './server.mjs';

// Error relative to each sample's output range (max |reference|), as issue 4 states it.
const MAX_REL_ERROR = 1e-4;

function referenceSets() {
  const sets = [];
  const modelsDir = path.join(REPO_ROOT, 'models');
  for (const model of fs.readdirSync(modelsDir).sort()) {
    const dir = path.join(modelsDir, model);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const set of fs.readdirSync(dir).sort()) {
      const manifest = path.join(dir, set, 'manifest.json');
      if (!fs.existsSync(manifest)) continue;
      const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (m.format !== 'wasmnn-reference/1' || !m.inputs?.every((i) => i.file)) continue;
      sets.push({ model, set, samples: m.samples });
    }
  }
  return sets;
}

const UNSUPPORTED = /does not support yet \(opset \d+\): ([^.]*)\./;

for (const { model, set, samples } of referenceSets()) {
  test(`${model} ${set} (${samples} samples) matches the PC`, async ({ engine, server }) => {
    test.setTimeout(600_000);
    await engine.goto(`${server.url}/web/test.html`);
    let r;
    try {
      r = await engine.call('wasmnnHarness.runReference', { model, set, relLimit: MAX_REL_ERROR });
    } catch (e) {
      const missing = UNSUPPORTED.exec(e.message);
      test.skip(Boolean(missing), `unsupported operators: ${missing?.[1]}`);
      throw e;
    }
    // A failure names the wrong samples and what running the first five again gave.
    const where = (o) => `${o.overLimit.count} of ${samples} samples past the limit, first ` +
      JSON.stringify(o.overLimit.samples.slice(0, 8)) + `; run again: ${JSON.stringify(r.reruns)}`;
    for (const o of r.outputs) {
      expect(o.maxRelError, `${o.name}: max abs error ${o.maxAbsError}; ${where(o)}`).toBeLessThanOrEqual(MAX_REL_ERROR);
    }
    expect(r.top1Agreement, `mismatches: ${JSON.stringify(r.mismatches?.slice(0, 5))}`).toBe(1);
  });
}
