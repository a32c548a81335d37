// The workbench's layer comparison (web/harness/investigate/layer-compare.js) on synthetic
// layers: errors, cosine, the side-by-side values, and the first-divergence rule, including a
// clean model with float noise that grows with depth (it must flag nothing) and a model whose
// error drifts past the tolerance without a jump. Pure Node logic (runs in the chromium project).
import { test, expect } from '@playwright/test';
import { DIVERGENCE_RULE, compareValues, summarizeLayers } from '../web/harness/investigate/layer-compare.js';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

// Deterministic pseudo-random values in [-scale, scale] (a 32-bit LCG).
function values(n, seed, scale = 1) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

// A layer whose computed values are off by at most relError of the reference's range.
function layer(i, relError, { n = 256, scale = 1 + i } = {}) {
  const ref = values(n, 1000 + i, scale);
  const range = ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const noise = values(n, 7 + i, 1);
  const got = ref.map((v, j) => v + noise[j] * relError * range);
  // The worst element carries exactly relError (the noise alone may not reach it).
  got[3] = ref[3] + relError * range;
  return { name: `v${i}`, node: `/n${i}`, op: i % 2 ? 'Relu' : 'Conv', ...compareValues(ref, got) };
}

test('identical values: no error, cosine 1, first values side by side', () => {
  const ref = Float32Array.from([1, -2, 3, 4, 5, 6, 7]);
  const c = compareValues(ref, ref.slice());
  expect(c).toMatchObject({ count: 7, maxAbsError: 0, maxRelError: 0, cosine: 1, nonFinite: 0 });
  expect(c.first).toEqual({ pc: [1, -2, 3, 4, 5, 6], runtime: [1, -2, 3, 4, 5, 6] });
});

test('errors are relative to the reference range; cosine sees a sign flip', () => {
  const c = compareValues([0, 2, -4], [0.5, 2, 4]);
  expect(c.maxAbsError).toBe(8);
  expect(c.maxRelError).toBe(2);
  expect(c.cosine).toBeCloseTo((4 - 16) / (Math.sqrt(20) * Math.sqrt(20.25)), 12);
  expect(c.worstIndex).toBe(2);
});

test('NaN is an infinite error; all-zero layers compare as equal', () => {
  const c = compareValues([1, 2], [1, NaN]);
  expect(c.maxRelError).toBe(Infinity);
  expect(c.nonFinite).toBe(1);
  expect(c.cosine).toBeNull();
  expect(compareValues([0, 0], [0, 0])).toMatchObject({ maxRelError: 0, cosine: 1 });
  expect(() => compareValues([1], [1, 2])).toThrow('1 reference values vs 2 computed');
});

test('a clean model: float noise growing with depth (1e-7 to 3e-5, 5x steps) is no divergence', () => {
  const errors = [1e-7, 2e-7, 2e-7, 1e-6, 8e-7, 3e-6, 2e-6, 1e-5, 6e-6, 3e-5, 2e-5, 2.5e-5];
  const s = summarizeLayers(errors.map((e, i) => layer(i, e)));
  // float32 rounding (~1e-7 of the range) on top of the injected error
  s.layers.forEach((l, i) => expect(Math.abs(l.maxRelError - errors[i]), l.name).toBeLessThan(0.2 * errors[i] + 2e-7));
  expect(s.firstDivergence).toBeNull();
  expect(s.firstAboveTolerance).toBeNull();
});

test('a jump above the noise of the layers before it is the first divergence, and only the first', () => {
  const errors = [1e-7, 3e-7, 2e-7, 1e-6, 0.4, 0.6, 0.5, 0.9];
  const s = summarizeLayers(errors.map((e, i) => layer(i, e)));
  expect(s.firstDivergence).toMatchObject({ value: 'v4', node: '/n4', op: 'Conv' });
  expect(s.firstDivergence.maxRelError).toBeCloseTo(0.4, 6);
  expect(s.firstDivergence.maxAbsError).toBeGreaterThan(0);
  expect(s.firstAboveTolerance.value).toBe('v4');
});

test('a jump that stays under the tolerance (1e-7 -> 1e-4) is not a divergence', () => {
  const s = summarizeLayers([1e-7, 1e-7, 1e-4, 1e-4].map((e, i) => layer(i, e)));
  expect(s.firstDivergence).toBeNull();
});

test('an error that drifts past the tolerance without a 10x jump: no divergence, but where it crosses is named', () => {
  const errors = [1e-6, 3e-6, 9e-6, 2.7e-5, 8.1e-5, 2.4e-4, 7.3e-4, 2.2e-3, 6.6e-3];
  const s = summarizeLayers(errors.map((e, i) => layer(i, e)));
  expect(s.firstDivergence).toBeNull();
  expect(s.firstAboveTolerance.value).toBe('v7');
});

test('layers a runtime cannot observe (fused, not float) are passed over', () => {
  const layers = [layer(0, 1e-7), { name: 'fused', node: '/f', op: 'Conv', status: 'fused into the next Relu' }, layer(2, 1e-7), layer(3, 0.2)];
  const s = summarizeLayers(layers);
  expect(s.firstDivergence.value).toBe('v3');
  expect(DIVERGENCE_RULE).toEqual({ tolerance: 1e-3, jump: 10, noiseFloor: 1e-6 });
});

test('a divergence in the very first layer is found (noise floor 1e-6)', () => {
  expect(summarizeLayers([layer(0, 0.3), layer(1, 0.3)]).firstDivergence.value).toBe('v0');
  expect(summarizeLayers([layer(0, 5e-6), layer(1, 5e-6)]).firstDivergence).toBeNull();
});
