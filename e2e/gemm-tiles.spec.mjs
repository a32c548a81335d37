// The GEMM tiles are a speed choice only: in every engine, ResNet-20 gives the same bits with the
// default (5x8, with 2x16 for convolutions with short sums; the same in every engine),
// with each tile of the build alone and with a pair given as 'TILE+WIDE'; an unknown tile in a
// pair is refused by name. (Which tile is fastest: node e2e/tiles.mjs, never a test.)
import { test, expect } from './fixtures.mjs';

test('every GEMM tile and pair gives the default\'s bits; one default tile in every engine; unknown tiles named', async ({ engine, server }) => {
  await engine.goto(`${server.url}/web/test.html`);
  const r = await engine.call('wasmnnHarness.gemmChoices', {});
  expect(r.defaultGemm).toBe('f32_gemm_5x8__wasmsimd+f32_gemm_2x16__wasmsimd');
  expect(r.results.length).toBeGreaterThanOrEqual(5);  // four tiles and a pair
  for (const c of r.results) {
    expect(c.same, c.gemm).toBe(true);
    expect(c.reported).toBe(c.gemm);
  }
  expect(r.unknown.threw).toBe(true);
  expect(r.unknown.message).toMatch(/unknown GEMM kernel 'f32_gemm_9x9__wasmsimd' in gemm '.*'; this build has: f32_gemm_5x8__wasmsimd, /);
});
