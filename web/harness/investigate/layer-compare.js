// Layer-by-layer comparison of a runtime's intermediate values with the PC's (pure JS: the page
// runs it on the values it computed, Node's tests run it on synthetic ones).
//
// Per value (in graph order): max abs error, max rel error (= max abs error / the reference's
// range max|ref|, so layers of different scales compare), cosine similarity, and the first values
// side by side (the study's Table VI: PC vs browser).
//
// First divergence: the first layer whose error jumps above the float noise of the layers before
// it. With e(l) = the layer's max rel error and noise(l) = max(NOISE_FLOOR, e(k) for every compared
// layer k before l), layer l diverges when
//     e(l) > TOLERANCE   (above anything float32 rounding makes: 1e-3 of the range, the bench's
//                         agreement tolerance; float noise here is 1e-7..1e-5)
// and e(l) > JUMP x noise(l)   (a jump of 10x over everything before it, not a slow drift).
// An error that drifts up by less than 10x a layer is not a divergence (firstAboveTolerance names
// where it crosses the tolerance); a NaN or Infinity is a divergence (e = Infinity).
export const DIVERGENCE_RULE = Object.freeze({ tolerance: 1e-3, jump: 10, noiseFloor: 1e-6 });
export const FIRST_VALUES = 6;

/**
 * ref, got: array-likes of the same length (all compared rows, concatenated). firstOf: how many
 * values form the side-by-side columns (from the start of row 0).
 */
export function compareValues(ref, got, { firstOf = FIRST_VALUES } = {}) {
  if (ref.length !== got.length) throw new Error(`compareValues: ${ref.length} reference values vs ${got.length} computed`);
  let maxAbs = 0;
  let range = 0;
  let dot = 0;
  let nr = 0;
  let ng = 0;
  let nonFinite = 0;
  let worst = -1;
  for (let i = 0; i < ref.length; i++) {
    const r = Number(ref[i]);
    const g = Number(got[i]);
    if (!Number.isFinite(g)) nonFinite++;
    const d = Math.abs(g - r);
    if (!(d <= maxAbs)) { maxAbs = Number.isNaN(d) ? Infinity : d; worst = i; }
    range = Math.max(range, Math.abs(r));
    dot += r * g;
    nr += r * r;
    ng += g * g;
  }
  // Cosine of two all-zero vectors (a dead ReLU layer computed right) is 1; of zero vs not, 0.
  const cosine = nr === 0 && ng === 0 ? 1 : nr === 0 || ng === 0 ? 0 : dot / Math.sqrt(nr * ng);
  return {
    count: ref.length,
    maxAbsError: maxAbs,
    maxRelError: nonFinite ? Infinity : range > 0 ? maxAbs / range : maxAbs,
    referenceRange: range,
    cosine: nonFinite ? null : cosine,
    nonFinite,
    worstIndex: worst,
    first: { pc: Array.from(ref.slice(0, firstOf), Number), runtime: Array.from(got.slice(0, firstOf), Number) },
  };
}

/**
 * layers: [{name, node, op, ...compareValues() result}] in graph order; entries without a
 * maxRelError (not observable in this runtime, not float) are passed over. Returns the index of
 * the first diverging layer, or -1.
 */
export function firstDivergenceIndex(layers, rule = DIVERGENCE_RULE) {
  let noise = rule.noiseFloor;
  for (let i = 0; i < layers.length; i++) {
    const e = layers[i].maxRelError;
    if (e === undefined || e === null) continue;
    if (e > rule.tolerance && e > rule.jump * noise) return i;
    noise = Math.max(noise, e);
  }
  return -1;
}

/** Index of the first compared layer whose max rel error exceeds the tolerance, or -1. */
export function firstAboveToleranceIndex(layers, rule = DIVERGENCE_RULE) {
  return layers.findIndex((l) => l.maxRelError !== undefined && l.maxRelError !== null && l.maxRelError > rule.tolerance);
}

const pointer = (l) => (l ? { value: l.name, node: l.node, op: l.op, maxAbsError: l.maxAbsError, maxRelError: l.maxRelError } : null);

/** The summary the report and the JSON hold: {layers, firstDivergence, firstAboveTolerance, rule}. */
export function summarizeLayers(layers, rule = DIVERGENCE_RULE) {
  return {
    layers,
    firstDivergence: pointer(layers[firstDivergenceIndex(layers, rule)]),
    firstAboveTolerance: pointer(layers[firstAboveToleranceIndex(layers, rule)]),
    rule,
  };
}
