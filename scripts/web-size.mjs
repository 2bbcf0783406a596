#!/usr/bin/env node
/**
 * Prints the gzipped JavaScript each web entry downloads, from the Vite manifest in dist/web (run `npm run build`
 * first). "first load" = the entry chunk, its static imports and, for the phone apps, the app chunk the entry
 * loads for that path; "all" adds every lazily loaded page. Exits 1 when the resident page breaks its budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(process.argv[2] ?? 'dist/web');
const manifestFile = path.join(dist, '.vite/manifest.json');
if (!fs.existsSync(manifestFile)) {
  console.error(`no ${path.relative(process.cwd(), manifestFile)}: run \`npm run build\` first`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const RESIDENT_BUDGET = 150 * 1024;

const gz = new Map();
function gzipped(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length);
  return gz.get(file);
}

/** every JS file reached from these manifest keys through static imports (and dynamic ones when asked) */
function closure(keys, withDynamic) {
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
    if (withDynamic) for (const k of chunk.dynamicImports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return files;
}

const sum = (files) => [...files].reduce((n, f) => n + gzipped(f), 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const entries = [
  { name: 'console', path: '/', first: ['index.html'], all: ['index.html'] },
  { name: 'worker', path: '/m/worker', first: ['m.html', 'mobile/worker/worker-app.tsx'], all: ['m.html', 'mobile/worker/worker-app.tsx'] },
  { name: 'resident', path: '/m', first: ['m.html', 'mobile/resident/resident-app.tsx'], all: ['m.html', 'mobile/resident/resident-app.tsx'] },
];

let failed = false;
console.log('entry     path        first load (gzip)   with lazy pages (gzip)   files');
for (const e of entries) {
  const first = closure(e.first, false);
  const dynamicRoot = e.name === 'console';
  const all = closure(e.all, dynamicRoot);
  const firstSize = sum(first);
  console.log(
    `${e.name.padEnd(9)} ${e.path.padEnd(11)} ${kb(firstSize).padStart(17)}   ${kb(sum(all)).padStart(22)}   ${first.size}`,
  );
  if (e.name === 'resident' && firstSize >= RESIDENT_BUDGET) {
    failed = true;
    console.error(`resident page is ${kb(firstSize)} gzipped, over the ${kb(RESIDENT_BUDGET)} budget`);
  }
}
process.exit(failed ? 1 : 0);
