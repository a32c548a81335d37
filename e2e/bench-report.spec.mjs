// report/index.html, rendered from a committed results.json of a real `--quick` run
// (e2e/fixtures/bench-results.json), opened in each engine: the tables and charts are there and
// the page logs no errors.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { writeReport } from './report/render.mjs';
import { REPO_ROOT } from './server.mjs';

const FIXTURE = path.join(REPO_ROOT, 'e2e/fixtures/bench-results.json');

test('the bench report renders its tables and charts without errors', async ({ engine, server }, testInfo) => {
  const results = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const dir = testInfo.outputPath('report');
  await writeReport(results, dir);
  const url = `${server.url}/${path.relative(REPO_ROOT, path.join(dir, 'index.html')).split(path.sep).join('/')}`;
  await engine.goto(url);
  const page = await engine.call('benchReport.summary');
  const models = [...new Set(results.runs.map((r) => r.model))];
  expect(page.title).toBe('wasmnn: cross-browser measurement report');
  expect(page.tables).toBeGreaterThanOrEqual(4);
  expect(page.studyTableHeads).toContain('Table IV layout: batch 1, 1 thread');
  // One latency chart per model and batch, memory (PSS, heap) and errors per model, plus load times.
  const batches = new Set(results.runs.filter((r) => r.latencyMs).map((r) => `${r.model} ${r.batch}`)).size;
  expect(page.canvases).toBe(batches + 3 * models.length + 1);
  expect(page.charts).toBe(page.canvases);
  expect(page.drawn).toBe(page.canvases); // every canvas has pixels
  expect(await engine.consoleErrors()).toEqual([]);
});
