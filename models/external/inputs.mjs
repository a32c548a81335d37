// The external models' inputs: seeded random tensors (the same files on every machine), and the
// same inputs moved by a few float32 ulps, which the references use to find the outputs that a
// last-bit difference decides (web/harness/agreement.js judges those against ORT's envelope).

// mulberry32: a seeded uniform generator in [0, 1).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One input of `samples` rows from its info.json spec: {random: {normal | uniform | int}}.
export function randomInput(spec, samples, seed) {
  const shape = spec.shape.map((d) => (typeof d === 'number' ? d : 1));
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  const next = rng(seed);
  const r = spec.random;
  if (spec.dtype === 'int64') {
    const [lo, hi] = r.int;
    const data = new BigInt64Array(samples * per);
    for (let i = 0; i < data.length; i++) data[i] = BigInt(lo + Math.floor(next() * (hi - lo)));
    return { data, shape: [samples, ...shape.slice(1)] };
  }
  if (spec.dtype !== 'float32') throw new Error(`${spec.name}: random ${spec.dtype} inputs are not supported (float32, int64)`);
  const data = new Float32Array(samples * per);
  if (r.normal) {
    const [mean, sd] = r.normal;
    for (let i = 0; i < data.length; i++) {
      const u = 1 - next();
      data[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    }
  } else if (r.uniform) {
    const [lo, hi] = r.uniform;
    for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * next();
  } else {
    throw new Error(`${spec.name}: 'random' needs normal [mean, sd], uniform [lo, hi] or int [lo, hi)`);
  }
  return { data, shape: [samples, ...shape.slice(1)] };
}

// How far a perturbed input moves: at most 2^-22 of each value (about 2 float32 ulps), the size of
// the rounding differences between two correct runtimes' first layers.
export const PERTURBATION = 2 ** -22;

// A float32 input moved by up to PERTURBATION of each value (seeded); other dtypes unchanged.
export function perturbed(data, seed) {
  if (!(data instanceof Float32Array)) return data;
  const next = rng(seed);
  return Float32Array.from(data, (v) => v * (1 + PERTURBATION * (2 * next() - 1)));
}
