// Pre- and post-processing a page needs around a model, done the same way in every browser:
//   imageToTensor(image, options)  an image, canvas, ImageData, ImageBitmap, video or VideoFrame ->
//                                  a float32 tensor (resized, scaled, mean/std, NCHW or NHWC)
//   softmax(scores), topK(scores, k, labels)   class scores -> probabilities -> the best k
//   new WordTokenizer(vocab, options).tensor(texts)   text -> int64 token ids
// The resize is wasmnn's own (bilinear with half-pixel centres, as ONNX Resize and PyTorch's
// interpolate(align_corners=False)), not the canvas's, whose smoothing differs between engines.
import { Tensor } from './tensor.js';

const SOURCES = 'ImageData, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, ImageBitmap, ' +
  'HTMLVideoElement or VideoFrame';
const CHANNELS = { rgb: [0, 1, 2], bgr: [2, 1, 0], rgba: [0, 1, 2, 3], gray: null };

// -> Tensor float32 [1, C, H, W] (layout 'NCHW', the default) or [1, H, W, C] ('NHWC').
// options: width, height (default: the image's own), layout, channels ('rgb' | 'bgr' | 'rgba' |
// 'gray': 0.299 R + 0.587 G + 0.114 B), scale (default 1/255), mean, std (one number or one per
// channel, applied after scale: (pixel * scale - mean) / std).
export function imageToTensor(image, options = {}) {
  const { layout = 'NCHW', channels = 'rgb', scale = 1 / 255, mean = 0, std = 1 } = options;
  if (layout !== 'NCHW' && layout !== 'NHWC') {
    throw new TypeError(`wasmnn: imageToTensor layout must be 'NCHW' or 'NHWC', got ${JSON.stringify(layout)}`);
  }
  if (!Object.hasOwn(CHANNELS, channels)) {
    throw new TypeError(`wasmnn: imageToTensor channels must be one of ${Object.keys(CHANNELS).map((c) => `'${c}'`).join(', ')}, ` +
      `got ${JSON.stringify(channels)}`);
  }
  const pixels = sourcePixels(image);
  const width = options.width ?? pixels.width;
  const height = options.height ?? pixels.height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`wasmnn: imageToTensor width and height must be whole numbers >= 1, got ${width} x ${height}`);
  }
  const order = CHANNELS[channels];
  const c = order ? order.length : 1;
  const perChannel = (v, name) => {
    const list = typeof v === 'number' ? Array(c).fill(v) : Array.from(v ?? []);
    if (list.length !== c || !list.every(Number.isFinite)) {
      throw new TypeError(`wasmnn: imageToTensor ${name} must be a number or ${c} numbers (one per channel), got ${JSON.stringify(v)}`);
    }
    return list;
  };
  const m = perChannel(mean, 'mean');
  const s = perChannel(std, 'std');
  const sampled = resizeBilinear(pixels, width, height);
  const out = new Float32Array(c * width * height);
  const plane = width * height;
  for (let i = 0; i < plane; i++) {
    const p = sampled.subarray(i * 4, i * 4 + 4);
    for (let k = 0; k < c; k++) {
      // Grey pixels (R = G = B) stay exactly their value.
      const v = order ? p[order[k]] : p[0] === p[1] && p[1] === p[2] ? p[0] : 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
      out[layout === 'NCHW' ? k * plane + i : i * c + k] = (v * scale - m[k]) / s[k];
    }
  }
  return new Tensor('float32', out, layout === 'NCHW' ? [1, c, height, width] : [1, height, width, c]);
}

// The source's RGBA pixels at its own size: {width, height, data: Uint8ClampedArray}.
function sourcePixels(image) {
  if (typeof ImageData !== 'undefined' && image instanceof ImageData) return image;
  const is = (name) => typeof globalThis[name] !== 'undefined' && image instanceof globalThis[name];
  let width;
  let height;
  if (is('HTMLImageElement')) {
    if (!image.complete || image.naturalWidth === 0) {
      throw new Error('wasmnn: imageToTensor: the image has not loaded (or failed to): await img.decode() before ' +
        `converting it${image.src ? ` (src ${image.src.slice(0, 80)})` : ''}`);
    }
    [width, height] = [image.naturalWidth, image.naturalHeight];
  } else if (is('HTMLVideoElement')) {
    if (image.readyState < 2) {
      throw new Error('wasmnn: imageToTensor: the video has no frame yet: wait for its loadeddata event');
    }
    [width, height] = [image.videoWidth, image.videoHeight];
  } else if (is('VideoFrame')) {
    [width, height] = [image.displayWidth, image.displayHeight];
  } else if (is('HTMLCanvasElement') || is('OffscreenCanvas') || is('ImageBitmap')) {
    [width, height] = [image.width, image.height];
  } else {
    const what = image === null || image === undefined ? String(image) : `a ${image.constructor?.name ?? typeof image}`;
    throw new TypeError(`wasmnn: imageToTensor takes an ${SOURCES}; got ${what}`);
  }
  if (!width || !height) throw new RangeError(`wasmnn: imageToTensor: the image is ${width} x ${height} pixels`);
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height)
    : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(image, 0, 0, width, height);
  try {
    return context.getImageData(0, 0, width, height);
  } catch (e) {
    throw new Error('wasmnn: imageToTensor: the browser will not let the page read this image\'s pixels: it comes ' +
      'from another origin without CORS. Serve it with Access-Control-Allow-Origin and set ' +
      `img.crossOrigin = 'anonymous' before its src (the browser said: ${e.message})`);
  }
}

// Bilinear resize of RGBA pixels, half-pixel centres, edges clamped; the same size is a copy.
function resizeBilinear({ width: w, height: h, data }, width, height) {
  if (w === width && h === height) return Float32Array.from(data);
  const out = new Float32Array(width * height * 4);
  const axis = (n, from) => Array.from({ length: n }, (_, i) => {
    const x = Math.min(Math.max((i + 0.5) * (from / n) - 0.5, 0), from - 1);
    const lo = Math.floor(x);
    return [lo, Math.min(lo + 1, from - 1), x - lo];
  });
  const xs = axis(width, w);
  const ys = axis(height, h);
  for (let y = 0; y < height; y++) {
    const [y0, y1, fy] = ys[y];
    for (let x = 0; x < width; x++) {
      const [x0, x1, fx] = xs[x];
      for (let k = 0; k < 4; k++) {
        const a = data[(y0 * w + x0) * 4 + k];
        const b = data[(y0 * w + x1) * 4 + k];
        const c = data[(y1 * w + x0) * 4 + k];
        const d = data[(y1 * w + x1) * 4 + k];
        const top = a + (b - a) * fx;
        const bottom = c + (d - c) * fx;
        out[(y * width + x) * 4 + k] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

const scoresOf = (scores, name) => {
  const data = scores instanceof Tensor ? scores.data : scores;
  if (!(ArrayBuffer.isView(data) || Array.isArray(data)) || data.length === 0) {
    throw new TypeError(`wasmnn: ${name} takes a Tensor or an array of numbers, got ${data?.constructor?.name ?? data}`);
  }
  return Array.from(data, Number);
};

// Probabilities from scores (logits): exp(x - max) / sum, over the whole array.
export function softmax(scores) {
  const x = scoresOf(scores, 'softmax');
  const max = Math.max(...x);
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (v) => v / sum);
}

// The k largest scores, largest first (ties: the lower index first): [{index, label, score}];
// label is labels[index] when labels are given.
export function topK(scores, k = 5, labels = undefined) {
  const x = scoresOf(scores, 'topK');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`wasmnn: topK k must be a whole number >= 1, got ${k}`);
  if (labels !== undefined && labels.length !== x.length) {
    throw new RangeError(`wasmnn: topK got ${labels.length} labels for ${x.length} scores`);
  }
  return x.map((score, index) => ({ index, label: labels?.[index], score }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .map((r) => (labels ? r : { index: r.index, score: r.score }));
}

// Words -> ids with a vocabulary (line i of a vocab.txt is the token of id i): the text models'
// encoding. options: pattern (the words; default /[a-z0-9]+/g after lowercasing), lowercase (true),
// length (pad or cut to it; default: no padding), padding ('left', as the zoo's text models, or
// 'right'), padId (0), unknownId (1), or unknown: a token of the vocabulary ('<unk>').
export class WordTokenizer {
  #ids = new Map();
  #options;

  constructor(vocab, options = {}) {
    const tokens = typeof vocab === 'string' ? vocab.split(/\r?\n/) : vocab;
    if (!Array.isArray(tokens) || !tokens.length) {
      throw new TypeError('wasmnn: WordTokenizer takes the vocabulary as an array of tokens or the text of a ' +
        'vocab.txt (one token per line, line i = id i)');
    }
    if (typeof vocab === 'string' && tokens[tokens.length - 1] === '') tokens.pop();
    tokens.forEach((t, i) => { if (!this.#ids.has(t)) this.#ids.set(t, i); });
    const { pattern = /[a-z0-9]+/g, lowercase = true, length, padding = 'left', padId = 0 } = options;
    const unknownId = options.unknown !== undefined ? this.#ids.get(options.unknown) : options.unknownId ?? 1;
    if (unknownId === undefined) throw new Error(`wasmnn: WordTokenizer: the unknown token ${JSON.stringify(options.unknown)} is not in the vocabulary`);
    if (padding !== 'left' && padding !== 'right') {
      throw new TypeError(`wasmnn: WordTokenizer padding must be 'left' or 'right', got ${JSON.stringify(padding)}`);
    }
    this.#options = { pattern: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
      lowercase, length, padding, padId, unknownId };
  }

  get size() { return this.#ids.size; }

  // The text's words, as the model sees them.
  tokens(text) {
    const { pattern, lowercase } = this.#options;
    return (lowercase ? String(text).toLowerCase() : String(text)).match(pattern) ?? [];
  }

  // -> number[] of ids (padded or cut to `length` when it is set).
  encode(text) {
    const { length, padding, padId, unknownId } = this.#options;
    let ids = this.tokens(text).map((t) => this.#ids.get(t) ?? unknownId);
    if (length === undefined) return ids;
    ids = ids.slice(0, length);
    const pad = Array(length - ids.length).fill(padId);
    return padding === 'left' ? [...pad, ...ids] : [...ids, ...pad];
  }

  // -> int64 Tensor [texts, length] (length must be set).
  tensor(texts) {
    const list = Array.isArray(texts) ? texts : [texts];
    const { length } = this.#options;
    if (length === undefined) throw new Error('wasmnn: WordTokenizer.tensor() needs the options\' length (the model\'s sequence length)');
    const data = BigInt64Array.from(list.flatMap((t) => this.encode(t)), BigInt);
    return new Tensor('int64', data, [list.length, length]);
  }
}
