import * as assert from 'node:assert/strict';
import { PROBLEM_NAMES } from '../../src/core/problems';
import { ComparisonArgumentError, parseComparisonArgs } from '../../src/extension/comparison/comparisonArgs';

const defaults = { steps: 500, tolerance: 1e-4 };

describe('runComparison command arguments', () => {
  it('fills every missing argument with the defaults (quadratic, five presets)', () => {
    const request = parseComparisonArgs({}, defaults);
    assert.equal(request.problem.name, 'ill-conditioned-quadratic');
    assert.equal(request.steps, 500);
    assert.equal(request.tolerance, 1e-4);
    assert.equal(request.entries.length, 5);
  });

  it('accepts a problem by name or by spec and preset optimizer ids in order', () => {
    const byName = parseComparisonArgs({ problem: 'rosenbrock', optimizers: ['adam', 'sgd'], steps: 20 }, defaults);
    assert.equal(byName.problem.name, 'rosenbrock');
    assert.deepEqual(byName.entries.map((e) => e.optimizer.name), ['adam', 'sgd']);
    assert.equal(byName.steps, 20);
    const bySpec = parseComparisonArgs({ problem: { name: 'rosenbrock', start: [0, 2] } }, defaults);
    assert.deepEqual(bySpec.problem, { name: 'rosenbrock', start: [0, 2] });
  });

  it('applies the convention, schedule and clip to every entry', () => {
    const request = parseComparisonArgs({ problem: 'rosenbrock', optimizers: ['momentum', 'adam'], convention: 'keras',
      schedule: { name: 'linear_warmup', warmup_steps: 10 }, clip: { clip_value: 1 } }, defaults);
    for (const entry of request.entries) {
      assert.equal(entry.optimizer.convention, 'keras');
      assert.match(entry.label, /\(keras\)$/);
      assert.deepEqual(entry.schedule, { name: 'linear_warmup', warmup_steps: 10 });
      assert.deepEqual(entry.clip, { clip_value: 1 });
    }
    const plain = parseComparisonArgs({ optimizers: ['sgd'], schedule: { name: 'constant' } }, defaults);
    assert.equal(plain.entries[0].schedule, undefined, 'a constant schedule is no schedule');
    assert.equal(plain.entries[0].optimizer.convention, undefined);
  });

  it('accepts every problem by name', () => {
    for (const name of PROBLEM_NAMES) assert.equal(parseComparisonArgs({ problem: name, steps: 5 }, defaults).problem.name, name);
  });

  const bad: [string, unknown, RegExp][] = [
    ['a non-object', 'adam', /arguments must be an object/],
    ['an unknown problem', { problem: 'mnist' }, /unknown problem "mnist"/],
    ['an unknown optimizer', { optimizers: ['adamax'] }, /adamax/],
    ['an empty optimizer list', { optimizers: [] }, /non-empty list/],
    ['fractional steps', { steps: 2.5 }, /steps must be a whole number/],
    ['too many steps', { steps: 1e9 }, /steps must be a whole number/],
    ['a zero tolerance', { tolerance: 0 }, /tolerance must be a positive number/],
    ['an unknown argument', { problems: 'rosenbrock' }, /unknown argument "problems"/],
    ['an unknown convention', { convention: 'jax' }, /convention must be "pytorch" or "keras"/],
    ['an invalid problem setting', { problem: { name: 'rosenbrock', start: [1] } }, /problem\.start/],
    ['an invalid schedule', { schedule: { name: 'step' } }, /schedule\.step_size.*required/],
    ['an invalid clip', { clip: { max_norm: 0 } }, /clip\.max_norm/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} with a clear message`, () => {
      assert.throws(() => parseComparisonArgs(args, defaults), (e: unknown) => e instanceof ComparisonArgumentError && message.test(e.message));
    });
  }
});
