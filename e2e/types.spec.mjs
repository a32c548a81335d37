// web/wasmnn.d.ts type-checks what a TypeScript user of wasmnn writes (e2e/types/usage.ts: ONNX
// Runtime Web-style code, and mistakes the types must catch). No browser. TypeScript's tsc is a
// pinned devDependency (node_modules/.bin/tsc; WNN_TSC=/path/to/tsc to try another). Runs once,
// in the chromium project.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { REPO_ROOT } from './server.mjs';

const TSC = process.env.WNN_TSC ?? path.join(REPO_ROOT, 'node_modules/.bin/tsc');

test('wasmnn.d.ts: ORT-style usage compiles, and the mistakes it should catch do not', ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'no browser: runs in the chromium project only');
  expect(fs.existsSync(TSC), `no TypeScript compiler at ${TSC}: run tools/setup.sh build (npm ci)`).toBe(true);
  let output = '';
  try {
    execFileSync(TSC, ['-p', path.join(REPO_ROOT, 'e2e/types/tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    output = `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
  }
  expect(output).toBe('');
});
