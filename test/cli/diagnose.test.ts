import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runCli } from '../../src/cli/main';
import { simulateRuns } from '../../src/core/train/simulate';
import { parseRunSpecs } from '../../src/core/train/spec';
import { concat, fileVersion, pytorchScalar } from '../core/logs/tfeventsWriter';

interface JsonFix { action: string; parameter?: string; from?: number | string; to?: number | string; text: string; proof?: JsonProof }
interface JsonProof {
  applicable: boolean;
  proven: boolean;
  verdict: string;
  note?: string;
  before?: { final_loss: number | null; diverged: boolean; findings: { kind: string }[] };
  after?: { final_loss: number | null; diverged: boolean; findings: { kind: string }[] };
  spec?: { id: string; optimizer: Record<string, unknown> };
}
interface JsonFinding {
  kind: string; metric: string; severity: string; step_start: number; step_end: number; message: string;
  evidence: Record<string, unknown>; fixes: JsonFix[];
}
interface JsonRun { path: string; id?: string; findings: JsonFinding[] }

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function runsOf(out: string): JsonRun[] {
  return (JSON.parse(out) as { runs: JsonRun[] }).runs;
}

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
}

/** Deterministic noise in [-0.5, 0.5) without a period (a sine's would be a real, if tiny, oscillation). */
function noise(step: number): number {
  const x = Math.sin(step * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

/** A loss coming down from 2 to 0.1 with 4% minibatch-like jitter. */
function healthyLoss(step: number): number {
  return 0.1 + 2 * Math.exp(-0.02 * step) * (1 + 0.04 * noise(step));
}

/**
 * A training loss that comes down, then from step 60 grows x1.5 per step and turns into NaN at step 100: what a
 * run whose lr is too high for the sharpening curvature logs.
 */
function blowUp(step: number): number {
  if (step >= 100) return NaN;
  return step < 60 ? healthyLoss(step) : healthyLoss(60) * 1.5 ** (step - 60);
}

const SPEC = [
  { id: 'too-fast', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.04, momentum: 0.9 } },
  { id: 'fine', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.015, momentum: 0.5 } },
];

describe('optlens diagnose', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'optlens-diagnose-')).split('\\').join('/');
    const steps = Array.from({ length: 101 }, (_, s) => s);
    write(`${dir}/bad/csv/metrics.csv`, 'step,loss,lr\n' + steps.map((s) => `${s},${blowUp(s)},0.1`).join('\n') + '\n');
    write(`${dir}/bad/jsonl/log.jsonl`, steps.map((s) => JSON.stringify({ step: s, loss: Number.isNaN(blowUp(s)) ? 'NaN' : blowUp(s) })).join('\n') + '\n');
    const records = [fileVersion(1700000000), ...steps.map((s) => pytorchScalar({ wallTime: 1700000000 + s, step: s }, 'train/loss', blowUp(s)))];
    write(`${dir}/bad/tb/events.out.tfevents.1700000000.host.1.0`, concat(records));
    write(`${dir}/good/metrics.csv`, 'step,loss\n' + Array.from({ length: 300 }, (_, s) => `${s},${healthyLoss(s)}`).join('\n') + '\n');
    // Validation every 10 steps: best at step 100, then rising while the training loss keeps falling.
    write(`${dir}/overfit/metrics.csv`, 'step,loss,val_loss\n' + Array.from({ length: 300 }, (_, s) => {
      const val = 0.3 + 2 * Math.exp(-0.03 * s) + (s > 100 ? 0.004 * (s - 100) : 0);
      return `${s},${healthyLoss(s)},${s % 10 === 0 ? val : ''}`;
    }).join('\n') + '\n');
    write(`${dir}/sim/out.json`, JSON.stringify(simulateRuns(parseRunSpecs(SPEC))));
    write(`${dir}/sim/fine.json`, JSON.stringify(simulateRuns(parseRunSpecs([SPEC[1]]))));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the blow-up in CSV, JSON-lines and TensorBoard logs: divergence before the first NaN, then the NaN', () => {
    const r = cli('diagnose', `${dir}/bad`, '--json');
    assert.equal(r.code, 1, r.err);
    const runs = runsOf(r.out);
    assert.deepEqual(runs.map((run) => run.path).sort(), [`${dir}/bad/csv/metrics.csv`, `${dir}/bad/jsonl/log.jsonl`, `${dir}/bad/tb`]);
    for (const run of runs) {
      assert.equal(run.id, undefined);
      const divergence = run.findings.find((f) => f.kind === 'divergence');
      const nan = run.findings.find((f) => f.kind === 'nan');
      assert.ok(divergence && nan, `${run.path}: ${JSON.stringify(run.findings.map((f) => f.kind))}`);
      assert.equal(divergence.severity, 'error');
      assert.ok(divergence.step_start >= 55 && divergence.step_start < 100, `${run.path}: onset ${divergence.step_start}`);
      assert.equal(nan.step_start, 100);
      assert.ok(divergence.fixes.length > 0);
      for (const fix of divergence.fixes) {
        assert.deepEqual(Object.keys(fix).filter((k) => !['action', 'parameter', 'from', 'to', 'text'].includes(k)), [], 'a log fix has no proof');
      }
    }
    // The CSV logs its lr (0.1): the fix names it.
    const csv = runs.find((run) => run.path.endsWith('metrics.csv'))!;
    const lower = csv.findings.find((f) => f.kind === 'divergence')!.fixes.find((f) => f.action === 'lower_lr');
    assert.equal(lower?.from, 0.1);
  });

  it('prints exactly the documented keys', () => {
    const run = runsOf(cli('diagnose', `${dir}/bad/csv`, '--json').out)[0];
    assert.deepEqual(Object.keys(run), ['path', 'findings']);
    assert.deepEqual(Object.keys(run.findings[0]), ['kind', 'metric', 'severity', 'step_start', 'step_end', 'message', 'evidence', 'fixes']);
  });

  it('exits 0 on a healthy log, and says so in text', () => {
    const r = cli('diagnose', `${dir}/good`);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${dir}/good/metrics.csv: no findings\n\n1 run: 0 errors, 0 warnings, 0 info\n`);
  });

  it('diagnoses simulate output by content, echoes each run id and proves the top fix by re-running it', () => {
    const r = cli('diagnose', `${dir}/sim/out.json`, '--json');
    assert.equal(r.code, 1, r.err);
    const runs = runsOf(r.out);
    assert.deepEqual(runs.map((run) => [run.path, run.id]), [[`${dir}/sim/out.json`, 'too-fast'], [`${dir}/sim/out.json`, 'fine']]);
    assert.deepEqual(runs[1].findings, []);
    const divergence = runs[0].findings.find((f) => f.kind === 'divergence')!;
    const [top, ...rest] = divergence.fixes;
    assert.ok(top.action === 'lower_lr' || top.action === 'reduce_momentum', top.action);
    assert.equal(top.from, top.action === 'lower_lr' ? 0.04 : 0.9);
    const proof = top.proof!;
    assert.equal(proof.applicable, true);
    assert.equal(proof.proven, true, proof.verdict);
    assert.match(proof.verdict, /^Proven: /);
    assert.equal(proof.before!.diverged, true);
    assert.equal(proof.after!.diverged, false);
    assert.ok(proof.after!.final_loss! < 1e-4, `the re-run reaches simulate's convergence tolerance (final loss ${proof.after!.final_loss})`);
    assert.equal(proof.spec!.id, 'too-fast');
    assert.equal(proof.spec!.optimizer[top.action === 'lower_lr' ? 'lr' : 'momentum'], top.to, 'the spec carries the fix');
    for (const fix of rest) assert.equal(fix.proof, undefined, 'only the top fix is re-run');
  });

  it('finds simulate output in folders by content, pretty-printed or not, whatever its name', () => {
    write(`${dir}/found/deep/result.txt`, JSON.stringify(simulateRuns(parseRunSpecs(SPEC)), null, 2));
    write(`${dir}/found/metrics.csv`, 'step,loss\n' + Array.from({ length: 300 }, (_, s) => `${s},${healthyLoss(s)}`).join('\n') + '\n');
    const r = cli('diagnose', `${dir}/found`, '--json', '--no-prove');
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(runsOf(r.out).map((run) => [run.path, run.id ?? null]),
      [[`${dir}/found/metrics.csv`, null], [`${dir}/found/deep/result.txt`, 'too-fast'], [`${dir}/found/deep/result.txt`, 'fine']]);
  });

  it('prints before and after in text, and skips the re-run with --no-prove', () => {
    const text = cli('diagnose', `${dir}/sim/out.json`);
    assert.equal(text.code, 1);
    assert.match(text.out, /run "too-fast"\n {2}ERROR divergence on loss, steps \d+-\d+\n/);
    assert.match(text.out, /\n {6}Proven: the re-run shows no divergence or nan; final loss [^\n]+ -> [^\n]+, steps to tolerance never -> \d+\.\n/);
    assert.match(text.out, /run "fine": no findings/);
    const quick = cli('diagnose', `${dir}/sim/out.json`, '--json', '--no-prove');
    assert.equal(quick.code, 1);
    assert.equal(runsOf(quick.out)[0].findings[0].fixes[0].proof, undefined);
  });

  it('fails on warnings only when asked: an overfitting log passes by default and fails with --fail-on warning', () => {
    const r = cli('diagnose', `${dir}/overfit`, '--json');
    assert.equal(r.code, 0, r.err);
    const [finding] = runsOf(r.out)[0].findings;
    assert.equal(finding.kind, 'overfitting');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.fixes[0].action, 'early_stop');
    assert.equal(cli('diagnose', `${dir}/overfit`, '--fail-on', 'warning').code, 1);
    assert.equal(cli('diagnose', `${dir}/overfit`, '--fail-on=error').code, 0);
    assert.equal(cli('diagnose', `${dir}/sim/fine.json`, '--fail-on', 'warning').code, 0);
  });

  it('exits 2 with the location for a missing path, corrupt JSON and a simulate run that cannot be rebuilt', () => {
    const missing = cli('diagnose', `${dir}/nope.csv`);
    assert.equal(missing.code, 2);
    assert.equal(missing.out, '');
    assert.match(missing.err, /nope\.csv: no such file or directory/);

    write(`${dir}/broken/truncated.json`, JSON.stringify(simulateRuns(parseRunSpecs([SPEC[1]]))).slice(0, 500));
    const corrupt = cli('diagnose', `${dir}/broken/truncated.json`);
    assert.equal(corrupt.code, 2);
    assert.match(corrupt.err, /truncated\.json:1:\d+: invalid JSON in optlens simulate output/);

    const output = simulateRuns(parseRunSpecs(SPEC)) as unknown as { runs: Record<string, unknown>[] };
    (output.runs[1].optimizer as Record<string, unknown>).name = 'sgdd';
    write(`${dir}/broken/badrun.json`, JSON.stringify(output, null, 1));
    const bad = cli('diagnose', `${dir}/broken/badrun.json`, '--json');
    assert.equal(bad.code, 2, 'a bad run is an input error even though the other run was diagnosed');
    assert.match(bad.err, /badrun\.json:\d+:\d+: runs\[1\]\.optimizer\.name: unknown optimizer "sgdd"/);
    assert.deepEqual(runsOf(bad.out).map((run) => run.id), ['too-fast'], 'the good run is still diagnosed');
  });

  it('exits 2 for a file in no known format, an empty folder and a bad command line', () => {
    write(`${dir}/misc/notes.md`, '# not a log\n');
    const unknown = cli('diagnose', `${dir}/misc/notes.md`);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /notes\.md: not a training log or optlens simulate output/);
    mkdirSync(`${dir}/empty`);
    const empty = cli('diagnose', `${dir}/empty`);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /no training logs or simulate output found/);
    assert.equal(cli('diagnose').code, 2);
    assert.match(cli('diagnose', 'x', '--fail-on', 'info').err, /--fail-on must be error or warning/);
    assert.match(cli('diagnose', 'x', '--frobnicate').err, /unknown option --frobnicate for diagnose[^]*optlens help diagnose/);
  });

  describe('spawned (node dist/cli.js)', () => {
    const root = join(__dirname, '..', '..', '..');
    const cliPath = join(root, 'dist', 'cli.js');
    const optlens = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8' });

    before(async function () {
      if (!existsSync(cliPath)) {
        await esbuild.build({
          entryPoints: [join(root, 'src/cli/main.ts')], outfile: cliPath, bundle: true, platform: 'node', format: 'cjs',
          target: 'node18', sourcemap: true, banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning',
        });
      }
    });

    it('gives CI the exit codes: 1 for the blow-up, 0 for the healthy log, 2 for a missing file', () => {
      const bad = optlens('diagnose', `${dir}/bad/tb`, '--json');
      assert.equal(bad.status, 1, bad.stderr);
      assert.deepEqual(runsOf(bad.stdout)[0].findings.map((f) => f.kind).sort(), ['divergence', 'nan']);
      assert.equal(optlens('diagnose', `${dir}/good`).status, 0);
      const missing = optlens('diagnose', `${dir}/missing`);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /missing: no such file or directory/);
    });

    it('documents the command in the main help and its own', () => {
      assert.match(optlens('--help').stdout, /optlens diagnose PATH\.\.\./);
      const help = optlens('help', 'diagnose');
      assert.equal(help.status, 0);
      for (const text of ['--json', '--fail-on', '--no-prove', '"proof"', 'Exit codes', 'simulate']) assert.ok(help.stdout.includes(text), text);
      assert.equal(optlens('diagnose', '--help').stdout, help.stdout);
    });
  });
});
