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
    });
    assert.deepEqual(parseArgs(['compare']), {
      kind: 'compare', problem: null, optimizers: null, steps: null, tolerance: null, json: false,
    });
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
    for (const argv of [['compare', '--problem', 'beale'], ['compare', '--optimizers', 'sgd,lion'], ['compare', '--frob']]) {
      const r = cli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^optlens: error: .+\nRun 'optlens help compare' for usage\.\n$/);
    }
    assert.match(cli(['compare', '--optimizers', 'sgd,lion']).err, /"lion".*sgd, momentum, nesterov, adam, rmsprop/);
    assert.match(cli(['compare', '--problem', 'beale']).err, /unknown problem "beale"; choose ill-conditioned-quadratic or rosenbrock/);
  });

  it('prints the table with the problem heading', () => {
    const r = cli(['compare', '--problem', 'rosenbrock', '--optimizers', 'momentum,adam', '--steps', '50']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /^Rosenbrock \(a=1, b=100\): 50 steps, tolerance 0\.0001\n\nOptimizer +Final loss/);
    assert.match(r.out, /\nMomentum 0\.9 lr=0\.001 +\d\.\d{3}e[-+]\d+ +— +no\n/);
    assert.match(r.out, /\nAdam lr=0\.1 +/);
  });
});
