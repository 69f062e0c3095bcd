// Bundles scripts/makeSampleTfevents.ts (it uses the TypeScript test writer) and runs it.
//   node scripts/make-sample-tfevents.mjs [WORKSPACE]   (default: sample-workspace)
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

mkdirSync('out/scripts', { recursive: true });
await esbuild.build({ entryPoints: ['scripts/makeSampleTfevents.ts'], outfile: 'out/scripts/makeSampleTfevents.js', bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
const result = spawnSync(process.execPath, ['out/scripts/makeSampleTfevents.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
