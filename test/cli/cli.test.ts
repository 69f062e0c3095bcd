import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

// Compiled to out/test/cli/, so the repository root is three levels up.
const root = join(__dirname, '..', '..', '..');
const cliPath = join(root, 'dist', 'cli.js');

function optlens(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('optlens (spawned: node dist/cli.js)', function () {
  before(async function () {
    // `npm run test:unit` has just built dist/cli.js. When it is missing (mocha run by hand), build the
    // CLI bundle alone with the options of scripts/build.mjs, so a half-written extension or webview
    // elsewhere in the tree cannot stop the CLI from being tested.
    if (!existsSync(cliPath)) {
      await esbuild.build({
        entryPoints: [join(root, 'src/cli/main.ts')], outfile: cliPath, bundle: true, platform: 'node', format: 'cjs',
        target: 'node18', sourcemap: true, banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning',
      });
    }
  });

  it('--help documents every command and points to the compare help', () => {
    const r = optlens('--help');
    assert.equal(r.status, 0);
    for (const text of ['optlens compare', 'optlens help', '--version', "optlens help compare", 'Exit codes']) {
      assert.ok(r.stdout.includes(text), `--help mentions ${text}`);
    }
  });

  it('help compare documents every option, the problems and the presets', () => {
    const r = optlens('help', 'compare');
    assert.equal(r.status, 0);
    for (const text of ['--problem', '--optimizers', '--steps', '--tolerance', '--json', 'rosenbrock', 'ill-conditioned-quadratic',
      'sgd, momentum, nesterov, adam, rmsprop', 'default 500', 'default 0.0001']) {
      assert.ok(r.stdout.includes(text), `help compare mentions ${text}`);
    }
    assert.equal(optlens('compare', '--help').stdout, r.stdout);
  });

  it('--version prints the package version', () => {
    const r = optlens('--version');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^optlens \d+\.\d+\.\d+\n$/);
  });

  it('compare --json gives all five default optimizers with finite losses', () => {
    const r = optlens('compare', '--json');
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as {
      problem: { name: string; title: string };
      steps: number;
      tolerance: number;
      runs: { optimizer: string; final_loss: number | null; diverged: boolean; steps_to_tolerance: number | null }[];
    };
    assert.equal(summary.problem.name, 'ill-conditioned-quadratic');
    assert.equal(summary.steps, 500);
    assert.equal(summary.tolerance, 1e-4);
    assert.ok(summary.runs.length >= 5);
    for (const run of summary.runs) {
      assert.equal(typeof run.final_loss, 'number', run.optimizer);
      assert.ok(Number.isFinite(run.final_loss), run.optimizer);
      assert.equal(run.diverged, false, run.optimizer);
    }
  });

  it('compare prints a table on rosenbrock with chosen optimizers and steps', () => {
    const r = optlens('compare', '--problem=rosenbrock', '--optimizers', 'sgd,nesterov', '--steps', '100');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Rosenbrock (a=1, b=100): 100 steps, tolerance 0.0001');
    assert.match(lines[5], /^SGD momentum=0\.9 nesterov lr=0\.001 /);
    assert.equal(lines.length, 6);
  });

  it('a bad option exits 2 with the message on stderr', () => {
    const r = optlens('compare', '--steps', 'many');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /optlens: error: option --steps must be a whole number from 1 to 1000000, got "many"\./);
    const unknown = optlens('compare', '--learning-rate', '0.1');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --learning-rate/);
    assert.equal(optlens('train').status, 2);
  });
});
