// The PSS sampler of the bench (e2e/memory.mjs) on this test's own process: it samples in the
// background, takes no sample while paused (the bench pauses it around timed measurements), one
// on resume and one on stop. Pure Node, no browser (runs once, in the chromium project).
import { test, expect } from '@playwright/test';
import { sampleWhile, startPssSampler } from './memory.mjs';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'pure Node logic: runs in the chromium project only');
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('the sampler samples in the background, not while paused, and once on resume and on stop', async () => {
  const sampler = startPssSampler(process.pid, 5);
  await expect.poll(() => sampler.samples).toBeGreaterThan(2);
  await sampler.pause();
  const paused = sampler.samples;
  await sleep(60);  // twelve intervals
  expect(sampler.samples).toBe(paused);
  await sampler.resume();
  expect(sampler.samples).toBe(paused + 1);
  await expect.poll(() => sampler.samples).toBeGreaterThan(paused + 2);
  const { peakPssBytes, samples } = await sampler.stop();
  expect(peakPssBytes).toBeGreaterThan(10 << 20);  // this Node process
  expect(samples).toBeGreaterThan(paused + 2);
  await sleep(20);
  expect(sampler.samples).toBe(samples);  // stopped: no timer left behind
});

test('sampleWhile returns the promise result with the peak, and rethrows its rejection after stopping', async () => {
  const { result, peakPssBytes, samples } = await sampleWhile(sleep(30).then(() => 'done'), process.pid, 5);
  expect(result).toBe('done');
  expect(peakPssBytes).toBeGreaterThan(0);
  expect(samples).toBeGreaterThan(1);
  await expect(sampleWhile(sleep(10).then(() => { throw new Error('page gone'); }), process.pid, 5)).rejects.toThrow('page gone');
});
