// The inputs, PC reference outputs and labels a model is benchmarked on, from its committed
// manifests (models/README.md, format wasmnn-reference/1): the labeled test set
// (models/<m>/testset/) when the model has one, else its reference set (models/<m>/reference/).
import { fashionMnistTest } from './datasets.js';
import { TENSOR_TYPES, fetchNpy } from './npy.js';

const FASHION_IMAGES = 't10k-images-idx3-ubyte.gz';
const FASHION_LABELS = 't10k-labels-idx1-ubyte.gz';

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return response.json();
}

// sets: which set folders to try, in order (the bench: the test set, else the reference set).
export async function findBenchSet(model, sets = ['testset', 'reference']) {
  for (const set of sets) {
    const url = new URL(`/models/${model}/${set}/manifest.json`, location.href);
    const response = await fetch(url);
    if (response.ok) return { set, url, manifest: await response.json() };
  }
  throw new Error(`models/${model} has no ${sets.map((s) => `${s}/manifest.json`).join(' nor ')}`);
}

// f32(f32(u8) / scale) + offset, each element repeated repeat[a] times along sample axis a.
function decodeUint8(u8, shape, { scale, offset, repeat }) {
  const [samples, ...inner] = shape;
  const rep = repeat ?? inner.map(() => 1);
  const outInner = inner.map((d, a) => d * rep[a]);
  const inPer = inner.reduce((a, b) => a * b, 1);
  const outPer = outInner.reduce((a, b) => a * b, 1);
  const out = new Float32Array(samples * outPer);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.fround(Math.fround(v / scale) + offset);
  // Source index of every output position within a sample (shared by all samples).
  const srcIndex = new Int32Array(outPer);
  const rank = inner.length;
  const coord = new Array(rank).fill(0);
  for (let o = 0; o < outPer; o++) {
    let src = 0;
    for (let a = 0; a < rank; a++) src = src * inner[a] + Math.floor(coord[a] / rep[a]);
    srcIndex[o] = src;
    for (let a = rank - 1; a >= 0; a--) {
      if (++coord[a] < outInner[a]) break;
      coord[a] = 0;
    }
  }
  for (let s = 0; s < samples; s++) {
    const base = s * inPer;
    const outBase = s * outPer;
    for (let o = 0; o < outPer; o++) out[outBase + o] = lut[u8[base + srcIndex[o]]];
  }
  return { data: out, shape: [samples, ...outInner] };
}

/**
 * {model, set, producer, dataset, count, inputs: [{name, type, data, sampleShape}],
 *  references: [{name, data, perSample}], labels: Uint8Array|null}
 */
export async function loadBenchSet(model, sets) {
  const { set, url, manifest } = await findBenchSet(model, sets);
  return { model, set, ...await loadSet(manifest, (file) => fetchNpy(new URL(file, url).href)) };
}

/**
 * The samples of a wasmnn-reference/1 manifest whose files come from readNpy(file) -> parsed .npy
 * (fetched next to the manifest, or files a person chose in the workbench page). outputs: false
 * skips the reference outputs (the per-layer comparison needs only the inputs).
 */
export async function loadSet(manifest, readNpy, { outputs = true } = {}) {
  let fashion = null;
  const fashionTest = async () => (fashion ??= await fashionMnistTest());

  const inputs = await Promise.all(manifest.inputs.map(async (entry) => {
    if (entry.from) {
      const source = manifest[entry.from];
      if (!String(source).endsWith(FASHION_IMAGES)) throw new Error(`${manifest.model}: input source ${source} is not known to the bench`);
      const data = await fashionTest();
      return { name: entry.name, type: 'float32', data: data.pixels, sampleShape: entry.shape.slice(1) };
    }
    const array = await readNpy(entry.file);
    if (entry.decode) {
      const decoded = decodeUint8(array.data, array.shape, entry.decode);
      return { name: entry.name, type: 'float32', data: decoded.data, sampleShape: decoded.shape.slice(1) };
    }
    return { name: entry.name, type: TENSOR_TYPES[array.descr], data: array.data, sampleShape: array.shape.slice(1) };
  }));

  const references = !outputs ? [] : await Promise.all(manifest.outputs.map(async (entry) => {
    const array = await readNpy(entry.file);
    return { name: entry.name, data: array.data, perSample: array.data.length / array.shape[0] };
  }));

  let labels = null;
  if (outputs && manifest.labelsFrom) {
    if (!String(manifest.labelsFrom).endsWith(FASHION_LABELS)) throw new Error(`${manifest.model}: labels ${manifest.labelsFrom} are not known to the bench`);
    labels = (await fashionTest()).labels;
  } else if (outputs && manifest.labels?.file) {
    labels = (await readNpy(manifest.labels.file)).data;
  }

  const perSample = (i) => i.sampleShape.reduce((a, b) => a * b, 1);
  const count = Math.min(...inputs.map((i) => i.data.length / perSample(i)), ...references.map((r) => r.data.length / r.perSample));
  return {
    producer: manifest.producer, dataset: manifest.dataset ?? null, count, inputs, references,
    labels: labels ? labels.subarray(0, count) : null,
  };
}

/** The feeds for samples [start, start + batch) as one batch. */
export function batchFeeds(benchSet, start, batch) {
  const feeds = {};
  for (const input of benchSet.inputs) {
    const per = input.sampleShape.reduce((a, b) => a * b, 1);
    feeds[input.name] = { type: input.type, data: input.data.subarray(start * per, (start + batch) * per), dims: [batch, ...input.sampleShape] };
  }
  return feeds;
}
