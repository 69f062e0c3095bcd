import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { SimulationOutput } from '../../src/core/train/simulate';

// Compiled to out/test/cli/, so the repository root is three levels up.
const root = join(__dirname, '..', '..', '..');
const cliPath = join(root, 'dist', 'cli.js');
const sample = join(root, 'sample-workspace', 'specs', 'nesterov-vs-momentum-warmup.optlens.json');

function optlens(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('optlens simulate (spawned: node dist/cli.js)', function () {
  let dir: string;

  before(async function () {
    if (!existsSync(cliPath)) {
      await esbuild.build({
        entryPoints: [join(root, 'src/cli/main.ts')], outfile: cliPath, bundle: true, platform: 'node', format: 'cjs',
        target: 'node18', sourcemap: true, banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning',
      });
    }
    dir = mkdtempSync(join(tmpdir(), 'optlens-simulate-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  function specFile(name: string, content: unknown): string {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  it('help simulate documents the spec, the output and null for non-finite numbers', () => {
    const r = optlens('help', 'simulate');
    assert.equal(r.status, 0);
    for (const text of ['optlens simulate SPEC.json', '--output', 'spec := run | [run, ...]', '"convention"', '"schedule"', '"clip"',
      'velocity_norm', 'param_norm', 'val_loss', 'null', 'input order', 'optlens-spec.schema.json']) {
      assert.ok(r.stdout.includes(text), `help simulate mentions ${text}`);
    }
    assert.ok(optlens('--help').stdout.includes('optlens simulate SPEC.json'));
  });

  it('runs the sample spec and prints every run in input order with full columns', () => {
    const r = optlens('simulate', sample);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as SimulationOutput;
    assert.deepEqual(out.runs.map((run) => run.id), ['pytorch-momentum-warmup', 'keras-momentum-warmup', 'pytorch-nesterov-warmup', 'keras-nesterov-warmup']);
    for (const run of out.runs) {
      assert.equal(run.steps, 300);
      assert.equal(run.loss.length, run.steps_run + 1);
      assert.equal(run.params.length, run.steps_run + 1);
      assert.equal(run.params[0].length, 2);
      assert.equal(run.lr[0], null);
      assert.equal(run.diverged, false);
      assert.equal(run.param_norm.length, run.steps_run + 1);
      const [x0, y0] = run.params[0] as number[];
      assert.equal(run.param_norm[0], Math.sqrt(x0 * x0 + y0 * y0), 'row 0 too');
      assert.equal(run.val_loss, undefined, 'a quadratic has no validation data');
    }
    // Under warm-up the two momentum conventions part ways (issue 3: identical only at constant lr).
    const [torch, keras] = out.runs;
    assert.notDeepEqual(torch.params[100], keras.params[100]);
    assert.deepEqual(torch.lr, keras.lr);
  });

  it('prints the validation loss of a dataset problem at entry 0, every 10th entry and the last, null elsewhere', () => {
    const file = specFile('mlp.optlens.json', { steps: 23, problem: { name: 'mlp', hidden: [4], n_samples: 40 }, optimizer: { name: 'adam', lr: 0.01 } });
    const r = optlens('simulate', file);
    assert.equal(r.status, 0, r.stderr);
    const [run] = (JSON.parse(r.stdout) as SimulationOutput).runs;
    const valLoss = run.val_loss ?? [];
    assert.equal(valLoss.length, 24);
    assert.deepEqual(valLoss.map((v, k) => (v === null ? -1 : k)).filter((k) => k >= 0), [0, 10, 20, 23]);
    assert.ok(valLoss.every((v) => v === null || v > 0));
  });

  it('writes the output to --output instead of stdout', () => {
    const file = join(dir, 'out.json');
    const r = optlens('simulate', sample, '--output', file);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] }).runs.length, 4);
  });

  it('writes NaN and Infinity as null and reports where a run diverged', () => {
    const file = specFile('diverge.optlens.json', { steps: 100, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.5 } });
    const r = optlens('simulate', file);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!/NaN|Infinity/.test(r.stdout));
    const [run] = (JSON.parse(r.stdout) as SimulationOutput).runs;
    assert.equal(run.id, 'run-1');
    assert.equal(run.diverged, true);
    assert.equal(run.steps_run, run.diverged_at_step);
    assert.ok(run.steps_run < 100);
  });

  it('exits 2 for a missing file', () => {
    const r = optlens('simulate', join(dir, 'nope.json'));
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^optlens: error: .*nope\.json: no such file\.\n$/);
  });

  it('exits 2 for invalid JSON, with the line and column', () => {
    const file = specFile('broken.optlens.json', '{\n  "steps": 10,\n  "problem": {"name": "rosenbrock"}\n  "optimizer": {"name": "adam"}\n}\n');
    const r = optlens('simulate', file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.optlens\.json:4:3: invalid JSON: /);
  });

  it('exits 2 for an invalid spec, with the JSON path, line and column', () => {
    const file = specFile('bad.optlens.json', [
      { steps: 10, problem: { name: 'rosenbrock' }, optimizer: { name: 'adam' } },
      { steps: 10, problem: { name: 'rosenbrock' }, optimizer: { name: 'sgd', lr: 0.1, nesterov: true } },
    ]);
    const r = optlens('simulate', file);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /bad\.optlens\.json:\d+:\d+: \[1\]\.optimizer\.nesterov: Nesterov momentum needs/);
    const line = Number(/json:(\d+):/.exec(r.stderr)?.[1]);
    assert.match(readFileSync(file, 'utf8').split('\n')[line - 1], /"nesterov": true/);
  });

  it('exits 2 for a spec too large to record', () => {
    const file = specFile('huge.optlens.json', { steps: 1000000, problem: { name: 'mlp', hidden: [64, 64] }, optimizer: { name: 'adam' } });
    const r = optlens('simulate', file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /huge\.optlens\.json:\d+:\d+: steps: .*too much to record/);
  });

  it('exits 0 without an error when the reader closes the pipe early (optlens simulate ... | head)', async () => {
    const child = spawn(process.execPath, [cliPath, 'simulate', sample], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });
});
