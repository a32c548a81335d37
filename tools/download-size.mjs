// What a page downloads from each of wasmnn's four builds, gzip-compressed as ./bench counts it
// (zlib level 9): web/wasmnn.js, the build's Emscripten glue (and pthread worker), its .wasm.
// Exits 1 when a build is over its budget, naming the build and the bytes; ./test runs it.
//   node tools/download-size.mjs [dist folder, default build/wasm/dist]
//
// Budgets: the 200 KiB for the two core builds, one of which every page loads (2026-12-04,
// evening: core 188.9 KiB, core-mt 199.6: the threaded build's pthread glue alone is 3.7 KB gzip
// more than the one-thread glue). The extended builds, loaded only for rare operators, stand at
// what they measured then (226.2 and 236.4 KiB) plus about 1 %, so that they only go down.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const KIB = 1024;
const BUILDS = [
  { name: 'wasmnn-core', budgetKiB: 200, files: ['wasmnn-core.js', 'wasmnn-core.wasm'] },
  { name: 'wasmnn-core-mt', budgetKiB: 200, files: ['wasmnn-core-mt.js', 'wasmnn-core-mt.worker.js', 'wasmnn-core-mt.wasm'] },
  { name: 'wasmnn-extended', budgetKiB: 229, files: ['wasmnn-extended.js', 'wasmnn-extended.wasm'] },
  { name: 'wasmnn-extended-mt', budgetKiB: 239, files: ['wasmnn-extended-mt.js', 'wasmnn-extended-mt.worker.js', 'wasmnn-extended-mt.wasm'] },
];

const dist = process.argv[2] ?? 'build/wasm/dist';
const gzipBytes = (file) => {
  const at = path.join(dist, file);
  if (!fs.existsSync(at)) {
    console.error(`download-size: ${at} is missing: build the wasm runtime first (tools/build.sh wasm)`);
    process.exit(2);
  }
  return zlib.gzipSync(fs.readFileSync(at), { level: 9 }).length;
};

const wrapper = gzipBytes('wasmnn.js');
const over = [];
const totals = BUILDS.map((build) => {
  const parts = build.files.map((f) => [f, gzipBytes(f)]);
  const total = wrapper + parts.reduce((sum, [, bytes]) => sum + bytes, 0);
  const kib = (total / KIB).toFixed(1);
  console.log(`${build.name}: ${kib} KiB gzip (budget ${build.budgetKiB} KiB): wasmnn.js ${wrapper} + ` +
    parts.map(([f, bytes]) => `${f} ${bytes}`).join(' + ') + ` = ${total} bytes`);
  if (total >= build.budgetKiB * KIB) over.push(`${build.name} ${kib} KiB >= ${build.budgetKiB} KiB`);
  return total;
});
if (over.length) {
  console.log(`over budget: ${over.join('; ')} (tools/download-size.mjs lists the budgets; ` +
    'tools/wasm-size.py shows which functions grew)');
  process.exit(1);
}
console.log(`every build within its budget; a page downloads ${(totals[0] / KIB).toFixed(1)} KiB gzip (1 thread) or ${(totals[1] / KIB).toFixed(1)} (threads)`);
