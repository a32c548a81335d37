// Times every GEMM tile of the build in each browser (web/harness/tiles.js), to choose the
// default in src/wnn/kernels/kernel_config.cpp by measurement:
//   node e2e/tiles.mjs [--browsers chromium,firefox,webkit] [--models resnet20,blazeface_back]
//                      [--tiles f32_gemm_4x8__wasmsimd,f32_gemm_5x8__wasmsimd+f32_gemm_4x16__wasmsimd]
// --tiles: `gemm` session options, 'TILE' or 'TILE+WIDE' (default: the build's choice, then each tile).
// Prints median ms per run (batch 1, 1 thread) per tile and browser, and writes report/tiles.json.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchEngine } from './engines/index.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

const { values } = parseArgs({ options: { browsers: { type: 'string' }, models: { type: 'string' }, tiles: { type: 'string' } } });
const browsers = (values.browsers ?? 'chromium,firefox,webkit').split(',');
const models = (values.models ?? 'resnet20,blazeface_back,vgg16').split(',');
const tiles = values.tiles?.split(',');
const server = await startServer({ root: REPO_ROOT });
const results = [];
try {
  for (const browser of browsers) {
    const engine = await launchEngine(browser);
    try {
      for (const model of models) {
        await engine.goto(`${server.url}/web/test.html`);
        const r = await engine.call('wasmnnHarness.timeGemmTiles', { model, tiles });
        const best = Math.min(...r.tiles.map((t) => t.medianMs));
        console.log(`${browser} ${model}: ` + r.tiles.map((t) => `${t.name.replace(/f32_gemm_|__wasmsimd/g, '')} ${t.medianMs.toFixed(3)}` +
          (t.medianMs === best ? '*' : '')).join(', '));
        results.push({ browser, version: engine.version, ...r });
      }
    } finally {
      await engine.close();
    }
  }
} finally {
  await server.close();
}
fs.mkdirSync(path.join(REPO_ROOT, 'report'), { recursive: true });
fs.writeFileSync(path.join(REPO_ROOT, 'report/tiles.json'), JSON.stringify({ generated: new Date().toISOString(), results }, null, 2));
