// The agreement rule of the external models (models/external/README.md), shared by the
// reference builder (Node), the browser spec (in the page) and mirrored by the native/wasm
// runner (tests/external/runner.cpp).
//
// The bench's rule (e2e/bench-verdict.mjs): a sample agrees when every value is within
// REL_TOLERANCE x the sample's reference range (max |ref| over that output of that sample).
// Generalised to an envelope: each value must lie in [low - tol, high + tol], where low/high are
// the smallest/largest value onnxruntime-node itself produced there over its configurations
// (optimizations on/off, 1/2 threads). When ORT agrees with itself within the tolerance the
// envelope is the reference alone (low = high = ref) and this is exactly the bench's rule; when
// it does not (a detector's Equal(x, MaxPool(x)) flips where ORT's own runs differ by an ulp),
// wasmnn may differ from the reference only where ORT differs from itself, and by no more;
// except that near-ties flip by the last bit of a sum, so outside the envelope an output may have
// as many values beyond the tolerance as ORT itself had in one of its configurations
// (`allowedBeyond`, per output; 0 when ORT agrees with itself).

export const REL_TOLERANCE = 1e-3; // the bench's AGREEMENT_REL_TOLERANCE

/**
 * got, ref: flat values of one output for `samples` samples (n values each); low, high: the
 * envelope (or null: the reference alone). Returns {maxAbsError, maxRelError (vs the reference,
 * the bench's metric), envelopeRelError (distance outside the envelope / range), beyond (values
 * outside envelope + tolerance), worst: the value furthest outside, or null}.
 */
export function compareWithEnvelope(got, ref, low, high, samples, n, tolerance = REL_TOLERANCE) {
  let maxAbs = 0;
  let maxRel = 0;
  let envRel = 0;
  let beyond = 0;
  let worst = null;
  for (let s = 0; s < samples; s++) {
    let range = 0;
    for (let j = 0; j < n; j++) range = Math.max(range, Math.abs(ref[s * n + j]));
    const scale = range > 0 ? range : 1;
    for (let j = 0; j < n; j++) {
      const i = s * n + j;
      const g = got[i];
      const d = Math.abs(g - ref[i]);
      const abs = Number.isNaN(d) ? Infinity : d;
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, abs / scale);
      const lo = low ? low[i] : ref[i];
      const hi = high ? high[i] : ref[i];
      const outside = Number.isNaN(g) ? Infinity : g < lo ? lo - g : g > hi ? g - hi : 0;
      const rel = outside / scale;
      if (rel > tolerance) beyond++;
      if (rel > envRel) {
        envRel = rel;
        worst = { sample: s, index: j, got: g, ref: ref[i], low: lo, high: hi, range };
      }
    }
  }
  return { maxAbsError: maxAbs, maxRelError: maxRel, envelopeRelError: envRel, beyond, worst };
}

/** One line for a person: how a runtime's output compared, and against which rule. */
export function describeComparison(name, c, { widened, allowedBeyond = 0, tolerance = REL_TOLERANCE }) {
  const rule = widened ? `ORT's own envelope + ${tolerance} of the range` : `${tolerance} of the range (the bench's rule)`;
  const head = `${name}: max rel error ${c.maxRelError.toExponential(2)} vs the reference`;
  const env = widened ? `, ${c.envelopeRelError.toExponential(2)} outside ORT's envelope` : '';
  if (c.beyond && !c.worst) return `${name}: differs (exact match needed for a non-float output)`;
  const bad = c.beyond ? `; ${c.beyond} values beyond ${rule} (worst: sample ${c.worst.sample} index ${c.worst.index}: ` +
    `got ${c.worst.got}, ORT ${c.worst.low === c.worst.high ? c.worst.ref : `${c.worst.low}..${c.worst.high}`})` : '';
  const allowance = widened && allowedBeyond ? ` (allowed: ${allowedBeyond}, as many as ORT flipped itself)` : '';
  return `${head}${env}${bad}${allowance}`;
}
