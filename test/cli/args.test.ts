import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../src/cli/args';
import { runCli } from '../../src/cli/main';
import { VERSION } from '../../src/cli/version';

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('optlens argument parsing', () => {
  it('reads compare options as "--name value" and "--name=value"', () => {
    assert.deepEqual(parseArgs(['compare', '--problem', 'rosenbrock', '--optimizers=sgd, adam', '--steps', '20', '--tolerance=1e-3', '--json']), {
      kind: 'compare', problem: 'rosenbrock', optimizers: ['sgd', 'adam'], steps: 20, tolerance: 1e-3, json: true,
      convention: null, schedule: null, clipNorm: null,
    });
    assert.deepEqual(parseArgs(['compare']), {
      kind: 'compare', problem: null, optimizers: null, steps: null, tolerance: null, json: false,
      convention: null, schedule: null, clipNorm: null,
    });
    assert.deepEqual(parseArgs(['compare', '--convention', 'keras', '--schedule=step:step_size=10,gamma=0.5', '--clip-norm', '2']), {
      kind: 'compare', problem: null, optimizers: null, steps: null, tolerance: null, json: false,
      convention: 'keras', schedule: 'step:step_size=10,gamma=0.5', clipNorm: 2,
    });
  });

  it('reads simulate with its file and --output', () => {
    assert.deepEqual(parseArgs(['simulate', 'a.json']), { kind: 'simulate', file: 'a.json', output: null });
    assert.deepEqual(parseArgs(['simulate', '--output=o.json', 'a.json']), { kind: 'simulate', file: 'a.json', output: 'o.json' });
    assert.deepEqual(parseArgs(['simulate', 'a.json', '-o', 'o.json']), { kind: 'simulate', file: 'a.json', output: 'o.json' });
    assert.deepEqual(parseArgs(['simulate', '--help']), { kind: 'help', topic: 'simulate' });
    assert.deepEqual(parseArgs(['help', 'simulate']), { kind: 'help', topic: 'simulate' });
  });

  it('reads help and version', () => {
    assert.deepEqual(parseArgs([]), { kind: 'help', topic: null });
    assert.deepEqual(parseArgs(['--help']), { kind: 'help', topic: null });
    assert.deepEqual(parseArgs(['help', 'compare']), { kind: 'help', topic: 'compare' });
    assert.deepEqual(parseArgs(['compare', '--steps', '3', '--help']), { kind: 'help', topic: 'compare' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
  });

  const bad: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--frob'], /unknown option --frob/],
    [['compare', '--stepz', '3'], /unknown option --stepz for compare/],
    [['compare', '--steps'], /--steps needs a value/],
    [['compare', '--steps', '--json'], /--steps needs a value/],
    [['compare', '--steps', '2.5'], /--steps must be a whole number from 1 to 1000000, got "2.5"/],
    [['compare', '--steps', '0'], /--steps must be a whole number/],
    [['compare', '--steps', '1e3'], /--steps must be a whole number/],
    [['compare', '--tolerance', '-1'], /--tolerance must be a positive number/],
    [['compare', '--tolerance', 'small'], /--tolerance must be a positive number/],
    [['compare', '--optimizers', ','], /--optimizers needs at least one optimizer id/],
    [['compare', '--json=yes'], /--json takes no value/],
    [['compare', 'rosenbrock'], /unexpected argument "rosenbrock"/],
    [['help', 'train'], /no help for "train"/],
    [['compare', '--convention', 'jax'], /--convention must be pytorch or keras, got "jax"/],
    [['compare', '--clip-norm', '0'], /--clip-norm must be a positive number/],
    [['simulate'], /simulate needs a spec file/],
    [['simulate', 'a.json', 'b.json'], /unexpected argument "b.json"/],
    [['simulate', 'a.json', '--output'], /--output needs a value/],
    [['simulate', 'a.json', '--pretty'], /unknown option --pretty for simulate/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')}`, () => {
      assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe('optlens in-process', () => {
  it('keeps VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });

  it('exits 2 with a message on stderr for usage errors, printing nothing on stdout', () => {
    for (const argv of [['compare', '--problem', 'mnist'], ['compare', '--optimizers', 'sgd,adamax'], ['compare', '--frob'],
      ['compare', '--schedule', 'sawtooth'], ['compare', '--schedule', 'cosine'], ['compare', '--schedule', 'step:step_size']]) {
      const r = cli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^optlens: error: .+\nRun 'optlens help compare' for usage\.\n$/);
    }
    assert.match(cli(['compare', '--optimizers', 'sgd,adamax']).err, /"adamax".*sgd, momentum, nesterov, adam, rmsprop, adamw/);
    assert.match(cli(['compare', '--problem', 'mnist']).err, /unknown problem "mnist"; choose one of .*rosenbrock.*mlp/);
    assert.match(cli(['compare', '--schedule', 'sawtooth']).err, /--schedule\.name: unknown schedule "sawtooth"/);
    assert.match(cli(['compare', '--schedule', 'cosine']).err, /t_max.*required/);
  });

  it('prints the table with the problem heading', () => {
    const r = cli(['compare', '--problem', 'rosenbrock', '--optimizers', 'momentum,adam', '--steps', '50']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /^Rosenbrock \(a=1, b=100\): 50 steps, tolerance 0\.0001\n\nOptimizer +Final loss/);
    assert.match(r.out, /\nSGD momentum=0\.9 lr=0\.001 +\d\.\d{3}e[-+]\d+ +— +no\n/);
    assert.match(r.out, /\nAdam lr=0\.1 +/);
  });

  it('compare applies the convention, schedule and clipping to every optimizer', () => {
    const base = ['compare', '--optimizers', 'momentum,adam', '--steps', '60', '--json'];
    const plain = JSON.parse(cli(base).out);
    const keras = cli([...base, '--convention', 'keras']);
    assert.equal(keras.code, 0, keras.err);
    const kerasRuns = JSON.parse(keras.out).runs as { optimizer: string; final_loss: number }[];
    assert.match(kerasRuns[0].optimizer, /keras/);
    // Constant lr: Keras's velocity form gives PyTorch's trajectory (to rounding); Adam's epsilon-hat differs slightly.
    assert.ok(Math.abs(kerasRuns[0].final_loss - plain.runs[0].final_loss) <= 1e-9 * Math.max(1, plain.runs[0].final_loss));
    const warm = cli([...base, '--schedule', 'linear_warmup:warmup_steps=20']);
    assert.equal(warm.code, 0, warm.err);
    assert.notEqual(JSON.parse(warm.out).runs[0].final_loss, plain.runs[0].final_loss);
    const clipped = cli([...base, '--clip-norm', '0.01']);
    assert.equal(clipped.code, 0, clipped.err);
    assert.notEqual(JSON.parse(clipped.out).runs[0].final_loss, plain.runs[0].final_loss);
  });
});
