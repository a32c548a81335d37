#!/usr/bin/env node
// Writes a large random-weight model for measuring loading (issue 13: peak heap while loading,
// and that a model near the heap's size loads at all). Nothing here is committed or run by
// ./test: the files are hundreds of MB.
//   node tools/large-model.mjs vgg19 OUT.onnx        VGG-19 for 224x224 ImageNet: 143.7M float32
//                                                    weights (575 MB), 71 % of them in fc6
//   node tools/large-model.mjs mlp MB OUT.onnx       a chain of 2048x2048 Gemm + Relu layers, about
//                                                    MB megabytes in weights of 16 MiB each
// Then: node build/wasm/wnn-profile.cjs OUT.onnx --load-only   (the heap's high-water mark)
import fs from 'node:fs';
import { Long, encodeModel } from '../web/harness/onnx/codec.js';

const FLOAT = 1;
let seed = 12345;
// He-scaled uniform noise from a fixed LCG: the same file every time, finite activations.
function weights(count, fanIn) {
  const a = new Float32Array(count);
  const scale = Math.sqrt(6 / fanIn);
  for (let i = 0; i < count; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    a[i] = (seed / 4294967296 - 0.5) * 2 * scale * 0.5;
  }
  return a;
}
const tensor = (name, dims, data) => ({ name, dataType: FLOAT, dims: dims.map((d) => Long.fromNumber(d)),
  rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
const value = (name, dims) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: Long.fromNumber(d) })) } } } });
const attr = (name, ints) => ({ name, type: 7, ints: ints.map((i) => Long.fromNumber(i)) });

function vgg19() {
  const nodes = [], inits = [];
  let x = 'input', c = 3, n = 0;
  for (const v of [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M']) {
    const y = `v${n++}`;
    if (v === 'M') {
      nodes.push({ name: y, opType: 'MaxPool', input: [x], output: [y], attribute: [attr('kernel_shape', [2, 2]), attr('strides', [2, 2])] });
    } else {
      inits.push(tensor(`${y}.w`, [v, c, 3, 3], weights(v * c * 9, c * 9)), tensor(`${y}.b`, [v], new Float32Array(v)));
      nodes.push({ name: y, opType: 'Conv', input: [x, `${y}.w`, `${y}.b`], output: [`${y}c`], attribute: [attr('pads', [1, 1, 1, 1])] });
      nodes.push({ name: `${y}r`, opType: 'Relu', input: [`${y}c`], output: [y] });
      c = v;
    }
    x = y;
  }
  nodes.push({ name: 'flatten', opType: 'Flatten', input: [x], output: ['flat'] });
  x = 'flat';
  for (const [i, [k, m]] of [[25088, 4096], [4096, 4096], [4096, 1000]].entries()) {
    inits.push(tensor(`fc${i + 6}.w`, [m, k], weights(m * k, k)), tensor(`fc${i + 6}.b`, [m], new Float32Array(m)));
    const y = i === 2 ? 'logits' : `fc${i + 6}`;
    nodes.push({ name: `fc${i + 6}`, opType: 'Gemm', input: [x, `fc${i + 6}.w`, `fc${i + 6}.b`], output: [i === 2 ? y : `${y}g`],
      attribute: [{ name: 'transB', type: 2, i: Long.fromNumber(1) }] });
    if (i < 2) nodes.push({ name: `${y}r`, opType: 'Relu', input: [`${y}g`], output: [y] });
    x = y;
  }
  return { nodes, inits, input: value('input', [1, 3, 224, 224]), output: value('logits', [1, 1000]) };
}

function mlp(mb) {
  const width = 2048, nodes = [], inits = [];
  const layers = Math.max(1, Math.round((mb * 1e6) / (width * width * 4)));
  let x = 'input';
  for (let i = 0; i < layers; i++) {
    inits.push(tensor(`l${i}.w`, [width, width], weights(width * width, width)), tensor(`l${i}.b`, [width], new Float32Array(width)));
    nodes.push({ name: `l${i}`, opType: 'Gemm', input: [x, `l${i}.w`, `l${i}.b`], output: [`l${i}g`] });
    const y = i === layers - 1 ? 'output' : `l${i}`;
    nodes.push({ name: `l${i}r`, opType: 'Relu', input: [`l${i}g`], output: [y] });
    x = y;
  }
  return { nodes, inits, input: value('input', [1, width]), output: value('output', [1, width]) };
}

const [kind, ...rest] = process.argv.slice(2);
const out = rest.at(-1);
if (!out || !['vgg19', 'mlp'].includes(kind) || (kind === 'mlp' && !(Number(rest[0]) > 0))) {
  console.error('usage: node tools/large-model.mjs vgg19 OUT.onnx | mlp MB OUT.onnx');
  process.exit(2);
}
const g = kind === 'vgg19' ? vgg19() : mlp(Number(rest[0]));
const bytes = encodeModel({
  irVersion: Long.fromNumber(7), producerName: 'wasmnn tools/large-model.mjs', opsetImport: [{ domain: '', version: Long.fromNumber(13) }],
  graph: { name: kind, node: g.nodes, initializer: g.inits, input: [g.input], output: [g.output] },
});
fs.writeFileSync(out, bytes);
console.log(`${out}: ${(bytes.length / 1e6).toFixed(1)} MB, ${g.nodes.length} nodes, ${g.inits.length} initializers`);
