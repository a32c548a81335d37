// The accuracy comparison every runtime and browser shares (web/harness/metrics.js) on crafted
// outputs: the error relative to each sample's range, top-1 agreement, and the samples past a
// limit named with their error. Pure Node logic, no browser (runs once, in the chromium project).
import { test, expect } from '@playwright/test';
import { compareOutputs } from '../web/harness/metrics.js';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

// 3 samples x 2 outputs; sample 1 is off by 4.5 on a range of 4 (and its argmax moves), sample
// 2 gives NaN.
const want = Float32Array.from([1, 2, 4, -1, 0.5, 0.25]);
const got = Float32Array.from([1, 2, 3, 3.5, NaN, 0.25]);

test('errors are relative to each sample\'s range, top-1 agreement counts the argmax', () => {
  const r = compareOutputs(got, want, 3, 2);
  expect(r.maxAbsError).toBe(Infinity);
  expect(r.maxRelError).toBe(Infinity);
  expect(r.agreement).toBeCloseTo(2 / 3);
  expect(r.mismatches).toEqual([{ sample: 1, got: 1, want: 0 }]);
  expect(r.overLimit).toEqual({ count: 0, samples: [] });
});

test('the samples past the limit are counted and named with their error', () => {
  const r = compareOutputs(got, want, 3, 2, { relLimit: 1e-4 });
  expect(r.overLimit).toEqual({ count: 2, samples: [{ sample: 1, relError: 1.125 }, { sample: 2, relError: Infinity }] });
  expect(compareOutputs(got, want, 3, 2, { relLimit: 2 }).overLimit.count).toBe(1);
  expect(compareOutputs(want, want, 3, 2, { relLimit: 0 }).overLimit.count).toBe(0);
});
