// Accuracy and timing summaries, computed the same way for every runtime and browser.

// A copy of a float array's bits (a later run may reuse the array's memory): equal bits, not
// equal values, so NaNs and -0 count, as cross-browser identity needs.
export function floatBits(floats) {
  return Uint32Array.from(new Uint32Array(floats.buffer, floats.byteOffset, floats.length));
}

export function sameElements(x, y) {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function argmax(values, offset, n) {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[offset + i] > values[offset + best]) best = i;
  return best;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

// iqm: the mean of the middle half of the calls, which a neighbour's burst of load or a GC pause
// does not move (unlike the mean) and which is not stuck on the timer's ticks (unlike the median).
export function latencySummary(times) {
  const sorted = Float64Array.from(times).sort();
  const lo = Math.floor(sorted.length / 4);
  const hi = Math.max(lo + 1, sorted.length - lo);
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += sorted[i];
  return { median: percentile(sorted, 0.5), p10: percentile(sorted, 0.1), p90: percentile(sorted, 0.9), iqm: sum / (hi - lo) };
}

// Compares outputs [samples x n] with the PC reference. maxRelError is the abs error relative
// to each sample's output range (max |reference| of that sample). With `relLimit`, `overLimit`
// says which samples exceed it: how many, and the first 20 with their error.
export function compareOutputs(got, want, samples, n, { relLimit = Infinity } = {}) {
  let maxAbs = 0;
  let maxRel = 0;
  let agree = 0;
  const mismatches = [];
  const overLimit = { count: 0, samples: [] };
  for (let s = 0; s < samples; s++) {
    let range = 0;
    let sampleAbs = 0;
    for (let j = 0; j < n; j++) {
      const w = want[s * n + j];
      range = Math.max(range, Math.abs(w));
      const d = Math.abs(got[s * n + j] - w);
      sampleAbs = Number.isNaN(d) ? Infinity : Math.max(sampleAbs, d);
    }
    maxAbs = Math.max(maxAbs, sampleAbs);
    const sampleRel = range > 0 ? sampleAbs / range : sampleAbs;
    maxRel = Math.max(maxRel, sampleRel);
    if (sampleRel > relLimit && overLimit.count++ < 20) overLimit.samples.push({ sample: s, relError: sampleRel });
    const a = argmax(got, s * n, n);
    const b = argmax(want, s * n, n);
    if (a === b) agree++;
    else if (mismatches.length < 20) mismatches.push({ sample: s, got: a, want: b });
  }
  return { maxAbsError: maxAbs, maxRelError: maxRel, agreement: agree / samples, mismatches, overLimit };
}

export function top1(got, labels, samples, n) {
  let right = 0;
  for (let s = 0; s < samples; s++) if (argmax(got, s * n, n) === labels[s]) right++;
  return right / samples;
}

// SHA-256 of the output floats in sample order (their little-endian bytes): equal hashes mean
// bitwise-identical outputs.
export async function sha256Hex(floats) {
  const digest = await crypto.subtle.digest('SHA-256', floats);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
