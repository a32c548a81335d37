// wnn-compare (src/cli/wnn_compare.cpp), the native per-layer comparison: ResNet-20 against its
// committed PC per-layer set shows no divergence; the same set with one layer's reference values
// corrupted names that layer as the first divergence (exit 1); usage errors exit 2 with a message.
// Needs the native build (build/native/wnn-compare, or WNN_COMPARE=path). Runs in the chromium
// project only (no browser).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { REPO_ROOT } from './server.mjs';

const BIN = process.env.WNN_COMPARE ?? path.join(REPO_ROOT, 'build/native/wnn-compare');
const MODEL = path.join(REPO_ROOT, 'models/resnet20/model.onnx');
const SET = path.join(REPO_ROOT, 'models/resnet20/reference/ort');

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'no browser: runs in the chromium project only');
  test.skip(!fs.existsSync(BIN), `${BIN} is not built (tools/build.sh native; CMakeLists.txt needs add_subdirectory(src/cli))`);
});

const run = (...args) => spawnSync(BIN, args, { encoding: 'utf8' });

test('ResNet-20 natively vs the PC, every layer: no divergence', () => {
  const r = run(MODEL, path.join(SET, 'manifest.json'));
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l))).toHaveLength(52);
  expect(r.stdout).toContain('first divergence: none');
});

test('a corrupted layer in the reference is named as the first divergence', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wnn-compare-'));
  try {
    execFileSync('cp', ['-r', SET + '/.', dir]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    // ONNX's relative input path must still resolve from the copy.
    for (const i of manifest.inputs) i.file = path.relative(dir, path.resolve(SET, i.file));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const victim = manifest.layers.values[20];
    const file = path.join(dir, victim.file);
    const b = fs.readFileSync(file);
    const header = 10 + b.readUInt16LE(8);
    const f = new Float32Array(b.buffer.slice(b.byteOffset + header, b.byteOffset + b.length));
    for (let i = 0; i < f.length; i += 7) f[i] += 1;
    fs.writeFileSync(file, Buffer.concat([b.subarray(0, header), Buffer.from(f.buffer)]));
    const r = run(MODEL, path.join(dir, 'manifest.json'), '--rows', '0');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`first divergence: #20 ${victim.name} (${victim.op}, node ${victim.node})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('what a user gets wrong is named: a set without per-layer values, a row it lacks, no arguments', () => {
  const noLayers = run(MODEL, path.join(REPO_ROOT, 'models/resnet20/reference/manifest.json'));
  expect(noLayers.status).toBe(2);
  expect(noLayers.stderr).toContain('has no per-layer values (write them with models/reference');
  const row = run(MODEL, path.join(SET, 'manifest.json'), '--rows', '7');
  expect(row.status).toBe(2);
  expect(row.stderr).toContain('row 7 is not in the per-layer set (it has 2 rows)');
  expect(run().stderr).toContain('usage: wnn-compare <model.onnx> <manifest.json>');
});
