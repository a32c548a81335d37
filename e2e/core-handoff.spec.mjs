// The core probe of the bench (e2e/core-handoff.mjs): it measures, it stops, and its verdicts.
// Pure Node, no browser (runs once, in the chromium project). It asserts no timing: how far
// apart the cores are is the host's business, this test only checks the probe measures it.
import { test, expect } from '@playwright/test';
import { FAR_HANDOFF_NS, coresFar, describeHandoff, startCoreProbe } from './core-handoff.mjs';
import { coresLabel } from './bench-table.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

test('the probe hands a counter between two threads and reports ns per hand-off, then stops its thread', async () => {
  const probe = await startCoreProbe();
  try {
    for (const rounds of [1, 3]) {
      const ns = await probe.handoffNs(rounds);
      expect(Number.isFinite(ns)).toBe(true);
      expect(ns).toBeGreaterThan(0);
    }
  } finally {
    await probe.close();
  }
});

test('near and far, as the bench prints them', () => {
  expect(coresFar(FAR_HANDOFF_NS - 1)).toBe(false);
  expect(coresFar(FAR_HANDOFF_NS)).toBe(true);
  expect(coresFar(null)).toBe(false);
  expect(describeHandoff(31.4)).toBe('near (31 ns)');
  expect(describeHandoff(176.6)).toBe('far (177 ns)');
  expect(describeHandoff(undefined)).toBe('-');
  // The table's column: FAR marks a multi-thread cell that stayed far through its attempts.
  expect(coresLabel({ threads: 2, conditions: { coresFar: true, coreAttempts: [{}, {}, {}] } })).toBe('FAR x3');
  expect(coresLabel({ threads: 2, conditions: { coresFar: false, coreAttempts: [{}, {}] } })).toBe('near x2');
  expect(coresLabel({ threads: 1, conditions: { coresFar: true } })).toBe('far');
  expect(coresLabel({ threads: 1, conditions: {} })).toBe('-');
});
