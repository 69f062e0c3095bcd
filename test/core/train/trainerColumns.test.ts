import * as assert from 'node:assert/strict';
import { createProblem } from '../../../src/core/problems';
import { validationSize } from '../../../src/core/problems/classifiers';
import type { NetworkProblem } from '../../../src/core/problems/mlp';
import type { Problem, ProblemSpec } from '../../../src/core/problems/types';
import { train, VALIDATION_EVERY } from '../../../src/core/train/trainer';
import { assertClose } from '../helpers';

const MLP: ProblemSpec = { name: 'mlp', hidden: [8], seed: 3 };

/** The same problem without its validation set: what the trainer ran before validation existed. */
function withoutValidation(problem: Problem): Problem {
  const { validationLoss: _dropped, ...rest } = problem;
  return rest;
}

describe('trainer: parameter norm and validation loss columns', () => {
  it('records the parameter norm of every row, row 0 included, as a hand computation on a 2-D problem', () => {
    const problem = createProblem({ name: 'ill-conditioned-quadratic', start: [3, -4] });
    const t = train(problem, { label: 'sgd', optimizer: { name: 'sgd', lr: 0.01 } }, 5, { tolerance: 0 });
    assert.equal(t.paramNorm.length, 6);
    assert.equal(t.paramNorm[0], 5, 'the start (3, -4) has norm 5');
    for (let k = 1; k <= 5; k++) {
      const x = t.params[2 * k];
      const y = t.params[2 * k + 1];
      assertClose(t.paramNorm[k], Math.sqrt(x * x + y * y), 1e-15, `row ${k}`);
    }
    // Update-to-parameter ratio of update 1 by hand: |lr g(x0)| / |x0|.
    const g = new Float64Array(2);
    problem.lossAndGrad(Float64Array.of(3, -4), g, 1);
    assertClose(t.updateNorm[1] / t.paramNorm[0], (0.01 * Math.hypot(g[0], g[1])) / 5, 1e-12);
  });

  it('cuts the parameter norm with the other columns when a run diverges', () => {
    const t = train(createProblem({ name: 'ill-conditioned-quadratic' }), { label: 'x', optimizer: { name: 'sgd', lr: 1e300 } }, 50, { tolerance: 0 });
    assert.ok(t.stepsRun < 50);
    assert.equal(t.paramNorm.length, t.stepsRun + 1);
    assert.equal(t.valLoss, undefined, 'a problem without data has no validation column');
  });

  it('evaluates the validation loss every validationEvery rows, row 0 and the last row, NaN elsewhere', () => {
    const problem = createProblem(MLP);
    const t = train(problem, { label: 'adam', optimizer: { name: 'adam', lr: 0.01 } }, 25, { tolerance: 0, validationEvery: 10 });
    const valLoss = t.valLoss;
    assert.ok(valLoss);
    assert.equal(valLoss.length, 26);
    const evaluated = Array.from(valLoss, (v, k) => (Number.isNaN(v) ? -1 : k)).filter((k) => k >= 0);
    assert.deepEqual(evaluated, [0, 10, 20, 25]);
    // Each value is the validation loss at that row's parameters.
    for (const k of evaluated) assert.equal(valLoss[k], problem.validationLoss?.(t.params.subarray(k * t.dim, (k + 1) * t.dim)));
    assert.equal(VALIDATION_EVERY, 10, 'the documented default');
  });

  it('leaves every training value bit-identical to a run without validation', () => {
    const entry = { label: 'sgd', optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 } } as const;
    const withVal = train(createProblem(MLP), entry, 60, { tolerance: 0 });
    const without = train(withoutValidation(createProblem(MLP)), entry, 60, { tolerance: 0 });
    assert.equal(without.valLoss, undefined);
    assert.deepEqual(withVal.loss, without.loss);
    assert.deepEqual(withVal.params, without.params);
    assert.deepEqual(withVal.gradNorm, without.gradNorm);
  });

  it('draws the validation set deterministically, from its own seed stream, apart from the training data', () => {
    const a = createProblem(MLP) as NetworkProblem;
    const b = createProblem(MLP) as NetworkProblem;
    const x = a.start;
    assert.equal(a.validationLoss?.(x), b.validationLoss?.(x), 'same seed, same validation set');
    const other = createProblem({ ...MLP, seed: 4 });
    assert.notEqual(other.validationLoss?.(other.start), undefined);
    // The validation loss is not the training loss (other points), but of the same order (same distribution).
    const train0 = a.loss(x);
    const val0 = a.validationLoss?.(x) as number;
    assert.notEqual(val0, train0);
    assert.ok(Math.abs(val0 - train0) < 0.5 * train0, `validation ${val0} vs training ${train0}`);
    assert.equal(validationSize(200), 50);
    assert.equal(validationSize(2), 2);
  });

  it('gives logistic regression and noisy dataset problems a validation loss too', () => {
    assert.equal(typeof createProblem({ name: 'logistic_regression' }).validationLoss, 'function');
    assert.equal(typeof createProblem({ ...MLP, noise: 0.1 }).validationLoss, 'function');
    assert.equal(createProblem({ name: 'rosenbrock' }).validationLoss, undefined);
  });
});
