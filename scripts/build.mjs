// Builds every bundle with esbuild.
//   node scripts/build.mjs               development build (sourcemaps)
//   node scripts/build.mjs --production  minified, no sourcemaps
//   node scripts/build.mjs --watch       rebuild on change
//   node scripts/build.mjs --tests       also transpile test/ to out/ (mocha runs JS)
//   node scripts/build.mjs --bench       also bundle bench/ to out/bench
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');
const withBench = args.has('--bench');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ESM build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/** Every target: the extension host, the trainer worker, the log worker, the webview and the CLI. */
const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js',
    platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['src/extension/worker/trainerWorker.ts'], outfile: 'dist/worker.js',
    platform: 'node', format: 'cjs', target: 'node18' },
  { ...common, entryPoints: ['src/extension/logs/logWorker.ts'], outfile: 'dist/logWorker.js',
    platform: 'node', format: 'cjs', target: 'node18' },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js',
    platform: 'browser', format: 'iife', target: 'chrome114',
    loader: { '.css': 'css' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js',
    platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } },
];

function filesUnder(dir, suffix) {
  const out = [];
  let names = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

if (withTests) {
  // Tests are transpiled file by file (not bundled) so mocha sees one file per suite and
  // the integration suite can `require('vscode')` inside the extension host.
  rmSync('out/test', { recursive: true, force: true });
  rmSync('out/src', { recursive: true, force: true });
  targets.push({
    entryPoints: [...filesUnder('src', '.ts'), ...filesUnder('test', '.ts').filter((f) => !f.startsWith(join('test', 'vscode')))],
    outdir: 'out', outbase: '.', bundle: false, platform: 'node', format: 'cjs', target: 'node18',
    sourcemap: true, logLevel: 'warning',
  });
}
if (withBench) {
  targets.push({ ...common, entryPoints: ['bench/run.ts'], outfile: 'out/bench/run.js',
    platform: 'node', format: 'cjs', target: 'node18', sourcemap: false, minify: false });
}

mkdirSync('dist', { recursive: true });
// uPlot's stylesheet ships with the webview (loaded through asWebviewUri, allowed by the CSP).
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/uPlot.min.css');

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${targets.length} bundles (Ctrl+C to stop)`);
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  const names = targets.map((t) => t.outfile ? relative('.', t.outfile) : `${t.outdir}/`).join(', ');
  console.log(`built ${names} in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
