// The GEMM tiles are a speed choice only: in every engine, ResNet-20 gives the same bits with the
// engine's default (5x8 with 2x16 for short sums; 5x8 with 4x16 in Firefox, where 2x16 is slow),
// with each tile of the build alone and with a pair given as 'TILE+WIDE'; an unknown tile in a
// pair is refused by name. (Which tile is fastest: node e2e/tiles.mjs, never a test.)
import { test, expect } from './fixtures.mjs';

test('every GEMM tile and pair gives the default\'s bits; the engine\'s default tile; unknown tiles named', async ({ engine, server }, testInfo) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.gemmChoices', {});
  const wide = testInfo.project.name === 'firefox' ? 'f32_gemm_4x16__wasmsimd' : 'f32_gemm_2x16__wasmsimd';
  expect(r.defaultGemm).toBe(`f32_gemm_5x8__wasmsimd+${wide}`);
  expect(r.results.length).toBeGreaterThanOrEqual(5);  // four tiles and a pair
  for (const c of r.results) {
    expect(c.same, c.gemm).toBe(true);
    expect(c.reported).toBe(c.gemm);
  }
  expect(r.unknown.threw).toBe(true);
  expect(r.unknown.message).toMatch(/unknown GEMM kernel 'f32_gemm_9x9__wasmsimd' in gemm '.*'; this build has: f32_gemm_5x8__wasmsimd, /);
});
