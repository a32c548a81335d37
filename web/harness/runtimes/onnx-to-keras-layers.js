// Builds, from an ONNX model's weights, the TF.js *Layers* model a 2019 user had: a Keras model
// converted by tfjs-converter, run by TF.js 0.14 (the version of Guo et al., ASE 2019). Channels
// last, one Keras layer per ONNX node (Conv2D, Activation, Add, pooling, Flatten, Dense), and
// Conv2D with padding 'same' wherever the ONNX pads equal what Keras 'same' pads for that input
// size (3x3 stride 1; 3x3 stride 2 on an even input, extra row/column at the bottom/right; 1x1
// stride 2 with no padding, the projection shortcuts), else ZeroPadding2D + 'valid'. That is how
// Keras would have written the zoo's ResNet-20, and exactly where TF.js 0.14's 'same' padding for
// a 1x1 kernel, stride 2 and an even input (pad -1, see /work/shared/ENVIRONMENT.md) goes wrong.
//
// Only what Keras-style image models use; anything else is "unsupported: <ops>". The returned
// model can also output every intermediate value (a multi-output tf.model), converted back to the
// ONNX layout (NCHW) so it compares with the PC's values by ONNX value name.

const kerasName = (s, i) => `${String(s || 'node').replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '')}_${i}`;

// Keras 'same' padding [top, bottom, left, right] for one conv/pool on an input of h x w.
export function kerasSamePads([h, w], [kh, kw], [sh, sw]) {
  const along = (n, k, s) => Math.max((Math.ceil(n / s) - 1) * s + k - n, 0);
  const ph = along(h, kh, sh);
  const pw = along(w, kw, sw);
  return [Math.floor(ph / 2), ph - Math.floor(ph / 2), Math.floor(pw / 2), pw - Math.floor(pw / 2)];
}

// OIHW float32 -> HWIO (Keras Conv2D kernel).
function oihwToHwio(data, [o, i, kh, kw]) {
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    out[((y * kw + x) * i + b) * o + a] = data[((a * i + b) * kh + y) * kw + x];
  }
  return out;
}

function transpose2d(data, [r, c]) {
  const out = new Float32Array(data.length);
  for (let y = 0; y < r; y++) for (let x = 0; x < c; x++) out[x * r + y] = data[y * c + x];
  return out;
}

const SUPPORTED = new Set(['Conv', 'Relu', 'Add', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Flatten', 'Gemm', 'Identity', 'Dropout']);

function unsupported(graph) {
  const missing = new Set();
  for (const n of graph.nodes) {
    const a = n.attrs;
    if (!SUPPORTED.has(n.opType)) missing.add(n.opType);
    else if (n.opType === 'Conv' && ((a.group ?? 1) !== 1 || (a.dilations ?? [1, 1]).some((d) => d !== 1) || !graph.initializers.has(n.inputs[1]))) missing.add('Conv (grouped, dilated or with computed weights)');
    else if (n.opType === 'Conv' && graph.initializers.get(n.inputs[1]).dims.length !== 4) missing.add('Conv 1-D');
    else if (n.opType === 'Gemm' && ((a.alpha ?? 1) !== 1 || (a.beta ?? 1) !== 1 || a.transA || !graph.initializers.has(n.inputs[1]))) missing.add('Gemm (alpha, beta, transA or computed B)');
    else if (n.opType === 'Add' && n.inputs.some((i) => graph.initializers.has(i))) missing.add('Add of a constant');
    else if ((n.opType === 'MaxPool' || n.opType === 'AveragePool') && (a.ceil_mode || a.kernel_shape.length !== 2)) missing.add(`${n.opType} (ceil_mode or not 2-D)`);
  }
  return [...missing];
}

/**
 * tf: TF.js (0.14's global `tf`); model: parseOnnx() output; taps: ONNX value names to output too.
 * Returns {run(feeds) -> Promise<{name: {data, dims}}> (graph outputs + taps), layers: [{name,
 * className, padding}], dispose()}. Throws "unsupported: ..." for models it cannot express.
 */
export function buildKerasLayersModel(tf, model, { taps = [] } = {}) {
  const graph = model.graph;
  const missing = unsupported(graph);
  if (missing.length) throw new Error(`unsupported: ${missing.join(', ')}`);
  if (graph.inputs.length !== 1 || graph.inputs[0].dims.length !== 4) throw new Error('unsupported: a Keras image model has one NCHW input');
  const input = graph.inputs[0];
  const [, c, h, w] = input.dims;
  const x = tf.input({ shape: [h, w, c], name: 'input_1' });
  // ONNX value -> {sym, layout: 'nhwc' (rank 4) | 'flat' ([N, C]: ONNX [N, C] or [N, C, 1, 1])}
  const values = new Map([[input.name, { sym: x, layout: 'nhwc' }]]);
  const weights = []; // [layer, [kernel, bias]] set once the model is built
  const layers = [];
  const add = (layer, inputs, n) => {
    layers.push({ name: layer.name, className: layer.getClassName(), node: n.name, padding: layer.padding ?? null });
    return layer.apply(inputs);
  };
  const init = (name) => graph.initializers.get(name);

  graph.nodes.forEach((n, i) => {
    const a = n.attrs;
    const v = values.get(n.inputs[0]);
    const name = kerasName(n.name || n.outputs[0], i);
    let out;
    switch (n.opType) {
      case 'Identity': case 'Dropout': out = v; break;
      case 'Conv': {
        const W = init(n.inputs[1]);
        const [o, , kh, kw] = W.dims;
        const strides = a.strides ?? [1, 1];
        const pads = a.pads ?? [0, 0, 0, 0]; // ONNX [top, left, bottom, right]
        const [, ih, iw] = v.sym.shape;
        const same = kerasSamePads([ih, iw], [kh, kw], strides);
        const isSame = same[0] === pads[0] && same[1] === pads[2] && same[2] === pads[1] && same[3] === pads[3];
        let sym = v.sym;
        if (!isSame && pads.some((p) => p)) sym = add(tf.layers.zeroPadding2d({ padding: [[pads[0], pads[2]], [pads[1], pads[3]]], name: `${name}_pad` }), sym, n);
        const conv = tf.layers.conv2d({ filters: o, kernelSize: [kh, kw], strides, padding: isSame ? 'same' : 'valid', useBias: Boolean(n.inputs[2]), name });
        out = { sym: add(conv, sym, n), layout: 'nhwc' };
        const bias = n.inputs[2] ? [tf.tensor1d(init(n.inputs[2]).data)] : [];
        weights.push([conv, [tf.tensor4d(oihwToHwio(W.data, W.dims), [kh, kw, W.dims[1], o]), ...bias]]);
        break;
      }
      case 'Relu': out = { sym: add(tf.layers.activation({ activation: 'relu', name }), v.sym, n), layout: v.layout }; break;
      case 'Add': out = { sym: add(tf.layers.add({ name }), n.inputs.map((k) => values.get(k).sym), n), layout: v.layout }; break;
      case 'MaxPool': case 'AveragePool': {
        const kernel = a.kernel_shape;
        const strides = a.strides ?? kernel;
        const pads = a.pads ?? [0, 0, 0, 0];
        const [, ih, iw] = v.sym.shape;
        const same = kerasSamePads([ih, iw], kernel, strides);
        const isSame = pads.some((p) => p) && same[0] === pads[0] && same[1] === pads[2] && same[2] === pads[1] && same[3] === pads[3];
        if (pads.some((p) => p) && !isSame) throw new Error(`unsupported: ${n.opType} with pads ${pads} (not Keras 'same')`);
        const make = n.opType === 'MaxPool' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
        out = { sym: add(make({ poolSize: kernel, strides, padding: isSame ? 'same' : 'valid', name }), v.sym, n), layout: 'nhwc' };
        break;
      }
      case 'GlobalAveragePool': out = { sym: add(tf.layers.globalAveragePooling2d({ name }), v.sym, n), layout: 'flat' }; break;
      case 'Flatten': {
        if (v.layout === 'flat') { out = v; break; }
        // ONNX flattens NCHW (C, H, W order): a Keras model trained channels-first-flattened has a Permute.
        const permuted = add(tf.layers.permute({ dims: [3, 1, 2], name: `${name}_permute` }), v.sym, n);
        out = { sym: add(tf.layers.flatten({ name }), permuted, n), layout: 'flat' };
        break;
      }
      case 'Gemm': {
        const B = init(n.inputs[1]);
        const kernel = a.transB ? transpose2d(B.data, B.dims) : B.data;
        const [inFeatures, units] = a.transB ? [B.dims[1], B.dims[0]] : B.dims;
        const dense = tf.layers.dense({ units, useBias: Boolean(n.inputs[2]), name });
        out = { sym: add(dense, v.sym, n), layout: 'flat' };
        const bias = n.inputs[2] ? [tf.tensor1d(init(n.inputs[2]).data)] : [];
        weights.push([dense, [tf.tensor2d(kernel, [inFeatures, units]), ...bias]]);
        break;
      }
      default: throw new Error(`unsupported: ${n.opType}`);
    }
    values.set(n.outputs[0], out);
  });

  const names = [...graph.outputs.map((o) => o.name), ...taps.filter((t) => !graph.outputs.some((o) => o.name === t))];
  const syms = [];
  const index = names.map((nm) => {
    const v = values.get(nm);
    if (!v) throw new Error(`tfjs-0.14: no layer computes '${nm}'`);
    let k = syms.indexOf(v.sym);
    if (k < 0) k = syms.push(v.sym) - 1;
    return k;
  });
  const keras = tf.model({ inputs: x, outputs: syms, name: 'onnx_as_keras' });
  for (const [layer, w] of weights) {
    layer.setWeights(w);
    w.forEach((t) => t.dispose());
  }
  const layouts = syms.map((s) => [...values.values()].find((v) => v.sym === s).layout);

  return {
    layers,
    async run(feeds) {
      const f = feeds[input.name];
      if (!f) throw new Error(`tfjs-0.14: input '${input.name}' is missing`);
      const outs = tf.tidy(() => {
        const nchw = tf.tensor4d(f.data, f.dims);
        const y = keras.predict(tf.transpose(nchw, [0, 2, 3, 1]));
        const list = Array.isArray(y) ? y : [y];
        // Back to ONNX's layout: NHWC -> NCHW; [N, C] stays (as ONNX's [N, C] or [N, C, 1, 1]).
        return list.map((t, k) => (layouts[k] === 'nhwc' ? tf.transpose(t, [0, 3, 1, 2]) : t));
      });
      const datas = await Promise.all(outs.map((t) => t.data()));
      const result = {};
      names.forEach((nm, j) => { result[nm] = { data: datas[index[j]], dims: outs[index[j]].shape }; });
      outs.forEach((t) => t.dispose());
      return result;
    },
    dispose() { keras.layers.forEach((l) => l.dispose?.()); },
  };
}
