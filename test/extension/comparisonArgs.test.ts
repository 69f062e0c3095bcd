import * as assert from 'node:assert/strict';
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

  const bad: [string, unknown, RegExp][] = [
    ['a non-object', 'adam', /arguments must be an object/],
    ['an unknown problem', { problem: 'mnist' }, /unknown problem "mnist"/],
    ['an unknown optimizer', { optimizers: ['adamax'] }, /adamax/],
    ['an empty optimizer list', { optimizers: [] }, /non-empty list/],
    ['fractional steps', { steps: 2.5 }, /steps must be a whole number/],
    ['too many steps', { steps: 1e9 }, /steps must be a whole number/],
    ['a zero tolerance', { tolerance: 0 }, /tolerance must be a positive number/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} with a clear message`, () => {
      assert.throws(() => parseComparisonArgs(args, defaults), (e: unknown) => e instanceof ComparisonArgumentError && message.test(e.message));
    });
  }
});
