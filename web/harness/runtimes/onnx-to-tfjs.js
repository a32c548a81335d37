// Builds the TF.js equivalent of an ONNX model from the same weights, for the zoo's operators:
// the model a TF.js user would have (channels-last convolutions with fused bias + ReLU, fused
// dense layers), run op by op with tf.* on whatever backend is active (wasm = XNNPACK, webgl).
//
// Layouts: TF.js convolutions and pools are NHWC; ONNX is NCHW. Every value carries `nhwc`: true
// means "logically the ONNX NCHW tensor, physically stored NHWC". Convs and pools produce such
// values, element-wise ops keep them, and only an op whose meaning depends on the order of
// elements (Flatten, Reshape, a general Transpose, ...) converts back to NCHW. A Transpose
// between NHWC and NCHW (tf2onnx wraps models in them, e.g. BlazeFace) costs nothing: it only
// flips the flag. Weights are repacked once (OIHW -> HWIO) on the first run and kept.

export class UnsupportedModelError extends Error {
  constructor(ops) {
    super(`unsupported: ${ops.join(', ')}`);
    this.unsupported = ops;
  }
}

const NHWC_AXIS = [0, 3, 1, 2]; // logical NCHW axis -> physical NHWC axis
const num = (x) => Number(x);

// Ops a node may have, and a check for attribute values this builder does not implement.
const LIMITS = {
  Conv: (n, consts) => {
    const w = consts.get(n.inputs[1]);
    if (!w) return 'Conv with non-constant weights';
    const group = n.attrs.group ?? 1;
    if (group !== 1 && !(w.dims[1] === 1 && w.dims.length === 4)) return `Conv(group=${group})`;
    if (w.dims.length !== 4 && w.dims.length !== 3) return `Conv ${w.dims.length - 2}-D`;
    if (w.dims.length === 3 && group !== 1) return 'Conv 1-D grouped';
    return null;
  },
  MaxPool: (n) => ((n.attrs.ceil_mode ?? 0) ? 'MaxPool(ceil_mode=1)' : n.attrs.kernel_shape.length !== 2 ? 'MaxPool 1-D' : null),
  AveragePool: (n) => ((n.attrs.ceil_mode ?? 0) ? 'AveragePool(ceil_mode=1)' : n.attrs.kernel_shape.length !== 2 ? 'AveragePool 1-D' : null),
  Pad: (n) => (['edge', 'wrap'].includes(n.attrs.mode) ? `Pad(mode=${n.attrs.mode})` : null),
};

export function unsupportedOps(graph, handlers, consts) {
  const missing = new Set();
  for (const n of graph.nodes) {
    if (n.domain && n.domain !== 'ai.onnx') missing.add(`${n.domain}.${n.opType}`);
    else if (!handlers[n.opType]) missing.add(n.opType);
    else {
      const limit = LIMITS[n.opType]?.(n, consts);
      if (limit) missing.add(limit);
    }
  }
  return [...missing];
}

/**
 * model: parseOnnx() output; taps: ONNX value names to return besides the graph outputs (the
 * workbench). Returns {run(feeds) -> Promise<{name: {data, dims}}>, unobservable: {name: why},
 * dispose()}: a Conv/Gemm output with its ReLU fused in exists only after the ReLU, so it is
 * unobservable (as in a Keras layer with activation='relu').
 * Throws UnsupportedModelError naming every op (or op variant) it cannot build.
 */
export async function buildTfjsModel(tf, model, { taps = [] } = {}) {
  const graph = model.graph;
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 13;
  const kept = []; // tensors owned by the model (constants, repacked weights)
  const keep = (t) => { kept.push(tf.keep(t)); return t; };

  // Constants: initializers, then Constant nodes. Their tf tensors are made on first use.
  const consts = new Map();
  const addConst = (name, { type, dims, data }) => {
    // int64 -> int32 saturating: INT64_MAX ("to the end" in Slice) must stay huge, not wrap to 0.
    const tfData = type === 'int64' ? Int32Array.from(data, (v) => Math.max(-2147483648, Math.min(2147483647, num(v))))
      : type === 'float64' ? Float32Array.from(data) : data;
    const tfType = type === 'float32' || type === 'float64' ? 'float32' : type === 'bool' ? 'bool' : 'int32';
    consts.set(name, { const: true, nhwc: false, dims: dims.map(num), data: tfData, type: tfType, tensor: null });
  };
  for (const [name, t] of graph.initializers) addConst(name, t);
  for (const n of graph.nodes) if (n.opType === 'Constant' && n.attrs.value) addConst(n.outputs[0], n.attrs.value);

  const T = (v) => {
    if (v.t) return v.t;
    if (v.const) {
      if (!v.tensor) v.tensor = keep(tf.tensor(v.data, v.dims, v.type));
      return v.tensor;
    }
    if (v.ints) return tf.tensor(v.ints, v.dims, 'int32');
    throw new Error('onnx-to-tfjs: value has no tensor');
  };
  const dimsOf = (v) => (v.const || v.ints ? v.dims : v.nhwc ? logicalDims(v.t.shape) : v.t.shape);
  const logicalDims = ([n, h, w, c]) => [n, c, h, w];
  const intsOf = (v, what) => {
    if (v.ints) return v.ints;
    if (v.const) return Array.from(v.data, num);
    throw new UnsupportedModelError([`${what} computed at run time`]);
  };
  const plain = (t) => ({ t, nhwc: false });
  const nhwcValue = (t) => ({ t, nhwc: true });

  // NCHW view of a value (transposes only when the element order differs).
  const toPlain = (v) => {
    if (!v.nhwc) return v.t ? v : plain(T(v));
    const [n, h, w, c] = v.t.shape;
    if (h * w === 1 || c === 1) return plain(tf.reshape(v.t, [n, c, h, w]));
    return plain(tf.transpose(v.t, [0, 3, 1, 2]));
  };
  // NHWC tensor of a 4-D value, or of a lower-rank value broadcast against a 4-D NCHW one.
  const toNhwc = (v) => {
    if (v.nhwc) return v.t;
    let t = T(v);
    if (t.rank > 4) throw new UnsupportedModelError(['broadcast above rank 4']);
    if (t.rank < 4) t = tf.reshape(t, [...Array(4 - t.rank).fill(1), ...t.shape]);
    return tf.transpose(t, [0, 2, 3, 1]);
  };

  // Conv/Gemm nodes whose only consumer is a Relu get the ReLU fused (what Keras layers export).
  const consumers = new Map();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const graphOutputs = new Set(graph.outputs.map((o) => o.name));
  const fusedRelu = new Set(); // names of Relu outputs computed by the producing Conv/Gemm
  const producesFused = new Map(); // Conv/Gemm node -> the Relu node fused into it
  graph.nodes.forEach((n, i) => {
    const next = graph.nodes.find((m) => m.opType === 'Relu' && m.inputs[0] === n.outputs[0]);
    if ((n.opType === 'Conv' || n.opType === 'Gemm') && next && consumers.get(n.outputs[0]) === 1 &&
        !graphOutputs.has(n.outputs[0]) && i >= 0) {
      producesFused.set(n, next);
      fusedRelu.add(next);
    }
  });

  const pads2d = (n) => {
    const autoPad = n.attrs.auto_pad ?? 'NOTSET';
    if (autoPad === 'SAME_UPPER') return 'same';
    if (autoPad === 'VALID') return 'valid';
    if (autoPad === 'SAME_LOWER') throw new UnsupportedModelError([`${n.opType}(auto_pad=SAME_LOWER)`]);
    const [t, l, b, r] = n.attrs.pads ?? [0, 0, 0, 0];
    return t || l || b || r ? [[0, 0], [t, b], [l, r], [0, 0]] : 'valid';
  };

  const cache = new Map(); // node -> repacked weights
  const cached = (n, make) => {
    if (!cache.has(n)) cache.set(n, make());
    return cache.get(n);
  };

  const unary = (f) => (n, [x]) => [{ t: f(T(x)), nhwc: x.nhwc }];
  const binary = (f) => (n, [a, b]) => {
    const da = dimsOf(a);
    const db = dimsOf(b);
    if ((a.nhwc || b.nhwc) && da.length === 4 && db.length <= 4) {
      const other = a.nhwc ? b : a;
      const o = other.const ? cached(n, () => keep(toNhwc(other))) : toNhwc(other);
      return [nhwcValue(a.nhwc ? f(a.t, o) : f(o, b.t))];
    }
    if ((a.nhwc || b.nhwc) && db.length === 4 && da.length < 4) {
      const o = a.const ? cached(n, () => keep(toNhwc(a))) : toNhwc(a);
      return [nhwcValue(f(o, b.t))];
    }
    return [plain(f(toPlain(a).t, toPlain(b).t))];
  };
  const axesInput = (n, inputs, index) =>
    (n.attrs.axes ?? (inputs[index] ? intsOf(inputs[index], `${n.opType} axes`) : null));

  const handlers = {
    Identity: (n, [x]) => [x],
    Dropout: (n, [x]) => [x],
    Constant: () => [],
    Relu: (n, [x]) => (fusedRelu.has(n) ? [x] : [{ t: tf.relu(T(x)), nhwc: x.nhwc }]),
    Sigmoid: unary((t) => tf.sigmoid(t)),
    Tanh: unary((t) => tf.tanh(t)),
    Cast: (n, [x]) => {
      const to = n.attrs.to;
      const dtype = to === 1 || to === 11 ? 'float32' : to === 9 ? 'bool' : 'int32';
      if (x.ints) return [x];
      return [{ t: tf.cast(T(x), dtype), nhwc: x.nhwc }];
    },
    Clip: (n, [x, lo, hi]) => {
      const min = lo ? intsOf(lo, 'Clip min')[0] : n.attrs.min ?? -Infinity;
      const max = hi ? intsOf(hi, 'Clip max')[0] : n.attrs.max ?? Infinity;
      return [{ t: tf.clipByValue(T(x), min, max), nhwc: x.nhwc }];
    },
    Add: binary((a, b) => tf.add(a, b)),
    Sub: binary((a, b) => tf.sub(a, b)),
    Mul: binary((a, b) => tf.mul(a, b)),
    Div: binary((a, b) => tf.div(a, b)),

    Conv: (n, [x, w, b]) => {
      const group = n.attrs.group ?? 1;
      const activation = producesFused.has(n) ? 'relu' : 'linear';
      const dil = n.attrs.dilations ?? [1, 1];
      const strides = n.attrs.strides ?? [1, 1];
      if (w.dims.length === 3) { // Conv 1-D over [N, C, L] as a 1-row 2-D conv
        const filter = cached(n, () => keep(tf.transpose(T(w), [2, 1, 0]).expandDims(0)));
        const [pb, pe] = n.attrs.pads ?? [0, 0];
        const pad = n.attrs.auto_pad === 'SAME_UPPER' ? 'same' : pb || pe ? [[0, 0], [0, 0], [pb, pe], [0, 0]] : 'valid';
        const xt = tf.transpose(toPlain(x).t, [0, 2, 1]).expandDims(1);
        const y = tf.fused.conv2d({ x: xt, filter, strides: [1, strides[0]], pad, dilations: [1, dil[0]],
          bias: b ? T(b) : undefined, activation });
        return [plain(tf.transpose(tf.squeeze(y, [1]), [0, 2, 1]))];
      }
      const xt = toNhwc(x);
      const pad = pads2d(n);
      if (group === 1) {
        const filter = cached(n, () => keep(tf.transpose(T(w), [2, 3, 1, 0]))); // OIHW -> HWIO
        return [nhwcValue(tf.fused.conv2d({ x: xt, filter, strides, pad, dilations: dil,
          bias: b ? T(b) : undefined, activation }))];
      }
      // Depthwise: ONNX [C*mult, 1, kh, kw] -> TF [kh, kw, C, mult] (output channel c*mult + m).
      const [o, , kh, kw] = w.dims;
      const filter = cached(n, () => keep(tf.transpose(tf.reshape(T(w), [group, o / group, kh, kw]), [2, 3, 0, 1])));
      return [nhwcValue(tf.fused.depthwiseConv2d({ x: xt, filter, strides, pad, dilations: dil,
        bias: b ? T(b) : undefined, activation }))];
    },
    MaxPool: (n, [x]) => [nhwcValue(tf.maxPool(toNhwc(x), n.attrs.kernel_shape, n.attrs.strides ?? [1, 1], pads2d(n)))],
    AveragePool: (n, [x]) => {
      let xt = toNhwc(x);
      let pad = pads2d(n);
      if (n.attrs.count_include_pad && Array.isArray(pad)) { // zeros count: pad first, then a plain pool
        xt = tf.pad(xt, pad);
        pad = 'valid';
      }
      return [nhwcValue(tf.avgPool(xt, n.attrs.kernel_shape, n.attrs.strides ?? [1, 1], pad))];
    },
    GlobalAveragePool: (n, [x]) => [nhwcValue(tf.mean(toNhwc(x), [1, 2], true))],
    GlobalMaxPool: (n, [x]) => [nhwcValue(tf.max(toNhwc(x), [1, 2], true))],
    BatchNormalization: (n, [x, scale, bias, mean, variance]) => {
      const eps = n.attrs.epsilon ?? 1e-5;
      const [mul, add] = cached(n, () => {
        const m = tf.div(T(scale), tf.sqrt(tf.add(T(variance), eps)));
        return [keep(m), keep(tf.sub(T(bias), tf.mul(T(mean), m)))];
      });
      if (x.nhwc) return [nhwcValue(tf.add(tf.mul(x.t, mul), add))];
      const rank = T(x).rank;
      const shape = [-1, ...Array(Math.max(0, rank - 2)).fill(1)];
      return [plain(tf.add(tf.mul(T(x), tf.reshape(mul, shape)), tf.reshape(add, shape)))];
    },

    Gemm: (n, [a, b, c]) => {
      const { alpha = 1, beta = 1, transA = 0, transB = 0 } = n.attrs;
      const at = transA ? tf.transpose(toPlain(a).t) : toPlain(a).t;
      const activation = producesFused.has(n) ? 'relu' : 'linear';
      if (b.const) {
        const [bt, bias] = cached(n, () => {
          let bw = transB ? tf.transpose(T(b)) : T(b);
          if (alpha !== 1) bw = tf.mul(bw, alpha);
          let bb = c ? T(c) : undefined;
          if (bb && beta !== 1) bb = tf.mul(bb, beta);
          if (bb && bb.rank === 2 && bb.shape[0] === 1) bb = tf.reshape(bb, [-1]);
          return [keep(bw), bb ? keep(bb) : undefined];
        });
        return [plain(tf.fused.matMul({ a: at, b: bt, bias, activation }))];
      }
      let y = tf.mul(tf.matMul(at, T(b), false, Boolean(transB)), alpha);
      if (c) y = tf.add(y, tf.mul(T(c), beta));
      return [plain(activation === 'relu' ? tf.relu(y) : y)];
    },
    MatMul: (n, [a, b]) => [plain(tf.matMul(toPlain(a).t, toPlain(b).t))],

    Flatten: (n, [x]) => {
      const dims = dimsOf(x);
      const axis = (n.attrs.axis ?? 1) < 0 ? dims.length + n.attrs.axis : (n.attrs.axis ?? 1);
      const outer = dims.slice(0, axis).reduce((p, d) => p * d, 1);
      return [plain(tf.reshape(toPlain(x).t, [outer, -1]))];
    },
    Reshape: (n, [x, shape]) => {
      const dims = dimsOf(x);
      const target = intsOf(shape, 'Reshape shape').map((d, i) => (d === 0 && !n.attrs.allowzero ? dims[i] : d));
      if (x.ints) return [{ ints: x.ints, dims: target }];
      return [plain(tf.reshape(toPlain(x).t, target))];
    },
    Transpose: (n, [x]) => {
      const rank = dimsOf(x).length;
      const perm = n.attrs.perm ?? [...Array(rank).keys()].reverse();
      const is = (p) => perm.length === p.length && perm.every((d, i) => d === p[i]);
      if (x.nhwc && is([0, 2, 3, 1])) return [plain(x.t)];
      if (!x.nhwc && !x.const && rank === 4 && is([0, 3, 1, 2])) return [nhwcValue(T(x))];
      return [plain(tf.transpose(toPlain(x).t, perm))];
    },
    Concat: (n, inputs) => {
      const rank = dimsOf(inputs[0]).length;
      const axis = n.attrs.axis < 0 ? rank + n.attrs.axis : n.attrs.axis;
      if (inputs.every((v) => v.ints || v.const) && inputs.some((v) => v.ints) && rank === 1) {
        const ints = inputs.flatMap((v) => intsOf(v, 'Concat'));
        return [{ ints, dims: [ints.length] }];
      }
      if (rank === 4 && inputs.some((v) => v.nhwc)) {
        const parts = inputs.map((v, i) => (v.const ? cached(`${n.outputs[0]}#${i}`, () => keep(toNhwc(v))) : toNhwc(v)));
        return [nhwcValue(tf.concat(parts, NHWC_AXIS[axis]))];
      }
      return [plain(tf.concat(inputs.map((v) => toPlain(v).t), axis))];
    },
    Pad: (n, [x, padsIn, valueIn]) => {
      const pads = n.attrs.pads ?? intsOf(padsIn, 'Pad pads');
      const value = valueIn ? Array.from(valueIn.data ?? [0])[0] : n.attrs.value ?? 0;
      const rank = pads.length / 2;
      const logical = [...Array(rank).keys()].map((a) => [pads[a], pads[a + rank]]);
      const mode = n.attrs.mode ?? 'constant';
      const apply = (t, p) => (mode === 'reflect' ? tf.mirrorPad(t, p, 'reflect') : tf.pad(t, p, value));
      if (x.nhwc) {
        const physical = [logical[0], logical[2], logical[3], logical[1]];
        return [nhwcValue(apply(x.t, physical))];
      }
      return [plain(apply(T(x), logical))];
    },
    ConstantOfShape: (n, [shape]) => {
      const v = n.attrs.value;
      const dims = intsOf(shape, 'ConstantOfShape shape');
      const fill = v ? Number(v.data[0]) : 0;
      const dtype = !v || v.type === 'float32' ? 'float32' : 'int32';
      return [plain(tf.fill(dims, fill, dtype))];
    },
    Shape: (n, [x]) => {
      const dims = dimsOf(x);
      return [{ ints: dims, dims: [dims.length] }];
    },
    Gather: (n, [data, indices]) => {
      const axis = n.attrs.axis ?? 0;
      if (data.ints && (indices.const || indices.ints)) {
        const idx = intsOf(indices, 'Gather indices');
        const picked = idx.map((i) => data.ints[i < 0 ? data.ints.length + i : i]);
        return [{ ints: picked, dims: indices.dims.length ? [picked.length] : [] }];
      }
      return [plain(tf.gather(toPlain(data).t, T(indices), axis))];
    },
    Unsqueeze: (n, inputs) => {
      const x = inputs[0];
      const axes = axesInput(n, inputs, 1);
      const dims = [...dimsOf(x)];
      const rank = dims.length + axes.length;
      for (const a of axes.map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q)) dims.splice(a, 0, 1);
      if (x.ints) return [{ ints: x.ints, dims }];
      return [plain(tf.reshape(toPlain(x).t, dims))];
    },
    Squeeze: (n, inputs) => {
      const x = inputs[0];
      const dims = dimsOf(x);
      const axes = (axesInput(n, inputs, 1) ?? dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0))
        .map((a) => (a < 0 ? a + dims.length : a));
      const out = dims.filter((_, i) => !axes.includes(i));
      if (x.ints) return [{ ints: x.ints, dims: out }];
      return [plain(tf.reshape(toPlain(x).t, out))];
    },
    Slice: (n, inputs) => {
      const [x, startsIn, endsIn, axesIn, stepsIn] = inputs;
      const dims = dimsOf(x);
      const starts = n.attrs.starts ?? intsOf(startsIn, 'Slice starts');
      const ends = n.attrs.ends ?? intsOf(endsIn, 'Slice ends');
      const axes = (n.attrs.axes ?? (axesIn ? intsOf(axesIn, 'Slice axes') : starts.map((_, i) => i))).map((a) => (a < 0 ? a + dims.length : a));
      const steps = stepsIn ? intsOf(stepsIn, 'Slice steps') : starts.map(() => 1);
      const begin = dims.map(() => 0);
      const end = [...dims];
      const stride = dims.map(() => 1);
      let endMask = 0;
      const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
      axes.forEach((a, i) => {
        const d = dims[a];
        const step = steps[i];
        const b = starts[i] < 0 ? starts[i] + d : starts[i];
        const e = ends[i] < 0 ? ends[i] + d : ends[i];
        begin[a] = step > 0 ? clamp(b, 0, d) : clamp(b, 0, d - 1);
        end[a] = step > 0 ? clamp(e, 0, d) : clamp(e, -1, d - 1);
        stride[a] = step;
        if (end[a] === -1) endMask |= 1 << a; // backwards past index 0 (TF reads -1 as "the last")
      });
      if (x.ints) {
        const out = [];
        for (let i = begin[0]; stride[0] > 0 ? i < end[0] : i > end[0]; i += stride[0]) out.push(x.ints[i]);
        return [{ ints: out, dims: [out.length] }];
      }
      return [plain(tf.stridedSlice(toPlain(x).t, begin, end, stride, 0, endMask))];
    },
    ReduceMean: (n, inputs) => reduce(n, inputs, (t, axes, keep) => tf.mean(t, axes, keep)),
    ReduceMax: (n, inputs) => reduce(n, inputs, (t, axes, keep) => tf.max(t, axes, keep)),
    Softmax: (n, [x]) => {
      const rank = dimsOf(x).length;
      const axis = n.attrs.axis ?? (opset >= 13 ? -1 : 1);
      if ((axis < 0 ? axis + rank : axis) !== rank - 1) throw new UnsupportedModelError(['Softmax on a non-last axis']);
      return [plain(tf.softmax(toPlain(x).t))];
    },
  };

  function reduce(n, inputs, f) {
    const x = inputs[0];
    const dims = dimsOf(x);
    const keepDims = (n.attrs.keepdims ?? 1) === 1;
    const axes = (axesInput(n, inputs, 1) ?? dims.map((_, i) => i)).map((a) => (a < 0 ? a + dims.length : a));
    if (x.nhwc && (keepDims || (axes.includes(2) && axes.includes(3)))) {
      return [{ t: f(x.t, axes.map((a) => NHWC_AXIS[a]), keepDims), nhwc: keepDims }];
    }
    return [plain(f(toPlain(x).t, axes, keepDims))];
  }

  const missing = unsupportedOps(graph, handlers, consts);
  if (missing.length) throw new UnsupportedModelError(missing);

  // Fold nodes whose inputs are all constants (shape arithmetic, ConstantOfShape), once, on the
  // CPU backend: exact, and clear of backend quirks on small int tensors (tfjs-backend-wasm 4.22's
  // StridedSlice returns garbage for int32, which PyTorch's F.pad export needs).
  const given = (n) => n.inputs.filter((i) => i !== ''); // an omitted optional input is ''
  const allConst = (n) => n.opType !== 'Constant' && given(n).length > 0 && given(n).every((i) => consts.has(i));
  const steps = [];
  const backend = tf.getBackend();
  if (graph.nodes.some(allConst) && backend !== 'cpu' && tf.findBackend('cpu')) await tf.setBackend('cpu');
  try {
    for (const n of graph.nodes) {
      if (n.opType === 'Constant') continue;
      if (!allConst(n)) {
        steps.push(n);
        continue;
      }
      const outs = tf.tidy(() => handlers[n.opType](n, n.inputs.map((i) => (i === '' ? undefined : consts.get(i))))
        .map((v) => (v.ints ? v : { ...v, t: toPlain(v).t })));
      outs.forEach((v, i) => {
        if (v.ints) consts.set(n.outputs[i], { const: true, nhwc: false, dims: v.dims, data: Int32Array.from(v.ints), type: 'int32', tensor: null });
        else consts.set(n.outputs[i], { const: true, nhwc: false, dims: v.t.shape, data: v.t.dataSync(), type: v.t.dtype, tensor: null });
      });
    }
  } finally {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  }

  const inputs = graph.inputs;
  const unobservable = {};
  for (const n of producesFused.keys()) unobservable[n.outputs[0]] = 'fused: TF.js computes this conv/dense with the ReLU after it (tf.fused)';
  for (const t of taps) if (consts.has(t)) unobservable[t] = 'constant: folded when the model was built';
  // The graph inputs as values, and one node run on them (inside a tidy or a scope).
  const feedEnv = (feeds) => {
    const env = new Map(consts);
    for (const v of inputs) {
      const f = feeds[v.name];
      if (!f) throw new Error(`tfjs: input '${v.name}' is missing`);
      const data = f.data instanceof BigInt64Array ? Int32Array.from(f.data, num) : f.data;
      env.set(v.name, plain(tf.tensor(data, f.dims, data instanceof Float32Array ? 'float32' : 'int32')));
    }
    return env;
  };
  const runStep = (n, env) => {
    const results = handlers[n.opType](n, n.inputs.map((i) => (i === '' ? undefined : env.get(i))), env);
    results.forEach((v, i) => env.set(n.outputs[i], v));
  };
  const outputNames = [...graph.outputs.map((o) => o.name),
    ...taps.filter((t) => !unobservable[t] && !graph.outputs.some((o) => o.name === t))];
  return {
    unobservable,
    async run(feeds) {
      const outs = tf.tidy(() => {
        const env = feedEnv(feeds);
        for (const n of steps) runStep(n, env);
        return outputNames.map((name) => {
          const v = env.get(name);
          if (!v) throw new Error(`tfjs: no value '${name}' in the model`);
          return v.ints ? tf.tensor(v.ints, v.dims, 'int32') : toPlain(v).t;
        });
      });
      const datas = await Promise.all(outs.map((t) => t.data()));
      const result = {};
      outputNames.forEach((name, i) => {
        result[name] = { data: datas[i], dims: outs[i].shape };
        outs[i].dispose();
      });
      return result;
    },
    // ms per run of each node: tf.profile() around every node sums its kernels' times (the wasm
    // backend times each kernel's call; WebGL needs the browser's timer queries).
    async profile(feeds, runs) {
      const timed = steps.filter((n) => !fusedRelu.has(n)); // a fused Relu only renames its input
      const ms = new Map(timed.map((n) => [n, 0]));
      for (let r = 0; r < runs; r++) {
        tf.engine().startScope();
        try {
          const env = feedEnv(feeds);
          for (const n of steps) {
            if (!ms.has(n)) {
              runStep(n, env);
              continue;
            }
            const info = await tf.profile(() => { runStep(n, env); return []; });
            for (const k of info.kernels) {
              if (typeof k.kernelTimeMs !== 'number') {
                throw new Error(`unavailable: TF.js ${tf.version.tfjs} on ${tf.getBackend()} gives no kernel times here (${k.kernelTimeMs?.error ?? 'none measured'})`);
              }
              ms.set(n, ms.get(n) + k.kernelTimeMs / runs);
            }
          }
        } finally {
          tf.engine().endScope();
        }
      }
      return {
        source: `TF.js tf.profile (kernel times summed per ONNX node, ${tf.getBackend()} backend)`, runs,
        steps: timed.map((n) => ({ node: n.name, op: n.opType, ms: ms.get(n), fused: producesFused.has(n) ? [producesFused.get(n).name] : [] })),
        untimedNote: 'no kernels of its own in TF.js (folded when the model was built)',
      };
    },
    dispose() {
      for (const t of kept) t.dispose();
      kept.length = 0;
      cache.clear();
    },
  };
}
