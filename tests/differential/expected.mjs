// Adds onnxruntime-node's outputs (output_<i>.pb) to every case generate.py wrote, so the
// conformance runner can compare wasmnn with ONNX Runtime on them. A case whose outputs
// generate.py computed itself (exact integer arithmetic ORT gets wrong on some CPUs) is left alone.
//   node tests/differential/expected.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { decodeTensor, encodeTensor } from '../../web/harness/onnx/model.js';

// Backend-test tensors (input_<i>.pb / output_<i>.pb) are TensorProto messages, read and written
// by the project's one ONNX codec (web/harness/onnx/).
const toOrt = ({ type, dims, data }) => new ort.Tensor(type, data, dims);
const fromOrt = (name, t) => Buffer.from(encodeTensor({ name, type: t.type, dims: t.dims, data: t.data }));

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/differential/expected.mjs DIR');
  process.exit(2);
}
let written = 0;
for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('test_')).sort()) {
  const caseDir = path.join(dir, name);
  const optionsFile = path.join(caseDir, 'ort_session_options.json');  // e.g. optimizations off
  const options = fs.existsSync(optionsFile) ? JSON.parse(fs.readFileSync(optionsFile, 'utf8')) : {};
  const data = path.join(caseDir, 'test_data_set_0');
  if (fs.existsSync(path.join(data, 'output_0.pb'))) continue;
  const session = await ort.InferenceSession.create(path.join(caseDir, 'model.onnx'), options);
  const inputs = fs.readdirSync(data).filter((f) => /^input_\d+\.pb$/.test(f))
    .sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10));
  const feeds = {};
  inputs.forEach((f, i) => { feeds[session.inputNames[i]] = toOrt(decodeTensor(fs.readFileSync(path.join(data, f)), f)); });
  const results = await session.run(feeds);
  session.outputNames.forEach((o, i) => fs.writeFileSync(path.join(data, `output_${i}.pb`), fromOrt(o, results[o])));
  await session.release();
  written++;
}
console.log(`differential: onnxruntime-node ${ort.env.versions?.common ?? ''} outputs written for ${written} cases in ${dir}`);
