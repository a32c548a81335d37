// Playwright Test fixtures, both worker-scoped (one per worker, reused by its tests):
//   server: the static server over the repo (e2e/server.mjs)
//   engine: the browser named by the project (chromium | firefox | webkit), see e2e/engines/
import { test as base, expect } from '@playwright/test';
import { launchEngine } from './engines/index.mjs';
import { REPO_ROOT, startServer } from './server.mjs';

export const test = base.extend({
  server: [async ({}, use) => {
    const server = await startServer({ root: REPO_ROOT });
    await use(server);
    await server.close();
  }, { scope: 'worker' }],

  engine: [async ({}, use, workerInfo) => {
    const engine = await launchEngine(workerInfo.project.name);
    await use(engine);
    await engine.close();
  }, { scope: 'worker', timeout: 60_000 }],
});

export { expect };
