import * as assert from 'node:assert/strict';
import { PROBLEM_NAMES } from '../../../src/core/problems';
import { runComparison } from '../../../src/core/train/compare';
import { allEntries, defaultEntries, hasTunedRates, OPTIMIZER_PRESET_IDS, resolveEntries } from '../../../src/core/train/presets';

describe('optimizer presets', () => {
  it('are sgd, momentum, nesterov, adam, rmsprop', () => {
    assert.deepEqual([...OPTIMIZER_PRESET_IDS], ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop']);
  });

  it('label each entry with its optimizer and learning rate', () => {
    const labels = defaultEntries('ill-conditioned-quadratic').map((e) => e.label);
    assert.deepEqual(labels, ['SGD lr=0.012', 'SGD momentum=0.9 lr=0.012', 'SGD momentum=0.9 nesterov lr=0.012', 'Adam lr=0.2', 'RMSprop lr=0.05']);
    assert.deepEqual(defaultEntries('rosenbrock').map((e) => e.label),
      ['SGD lr=0.001', 'SGD momentum=0.9 lr=0.001', 'SGD momentum=0.9 nesterov lr=0.001', 'Adam lr=0.1', 'RMSprop lr=0.01']);
  });

  it('give the SGD family one learning rate, inside the tightest (Nesterov) stability bound on the quadratic', () => {
    const entries = defaultEntries('ill-conditioned-quadratic');
    const sgdFamily = entries.filter((e) => e.optimizer.name === 'sgd');
    assert.equal(sgdFamily.length, 3);
    const lr = sgdFamily[0].optimizer.lr as number;
    assert.ok(sgdFamily.every((e) => e.optimizer.lr === lr));
    assert.deepEqual(sgdFamily.map((e) => e.optimizer), [
      { name: 'sgd', lr },
      { name: 'sgd', lr, momentum: 0.9 },
      { name: 'sgd', lr, momentum: 0.9, nesterov: true },
    ]);
    const lambdaMax = 100;
    assert.ok(lr * lambdaMax < (2 + 2 * 0.9) / (1 + 2 * 0.9));
    // Above 1, so plain SGD overshoots the steep direction: the zig-zag shows.
    assert.ok(lr * lambdaMax > 1);
  });

  for (const problem of PROBLEM_NAMES.filter(hasTunedRates)) {
    it(`are stable on ${problem} for 500 and 20000 steps`, () => {
      for (const steps of [500, 20_000]) {
        const result = runComparison({ problem: { name: problem }, entries: defaultEntries(problem), steps, tolerance: 1e-4 });
        for (const run of result.runs) {
          assert.equal(run.summary.diverged, false, `${run.label}, ${steps} steps`);
          assert.ok(run.summary.finalLoss < run.loss[0], `${run.label} makes progress`);
        }
      }
    });
  }

  it('show momentum beating plain SGD at the same learning rate on the quadratic (the dashboard story)', () => {
    const result = runComparison({ problem: { name: 'ill-conditioned-quadratic' }, entries: defaultEntries('ill-conditioned-quadratic'), steps: 500, tolerance: 1e-4 });
    const [sgd, momentum, nesterov] = result.runs.map((r) => r.summary.finalLoss);
    assert.ok(momentum < sgd * 1e-6, `momentum ${momentum} vs SGD ${sgd}`);
    assert.ok(nesterov < sgd * 1e-6);
    // Every default run reaches the default tolerance within the default 500 steps on the quadratic.
    assert.ok(result.runs.every((r) => r.summary.stepsToTolerance !== null));
  });

  it('resolve ids in the order given', () => {
    assert.deepEqual(resolveEntries(['adam', 'sgd'], 'rosenbrock').map((e) => e.label), ['Adam lr=0.1', 'SGD lr=0.001']);
  });

  it('reject unknown ids, listing the valid ones', () => {
    assert.throws(() => resolveEntries(['sgd', 'adamax'], 'rosenbrock'),
      /Unknown optimizer preset "adamax"; valid presets are sgd, momentum, nesterov, adam, rmsprop, adamw, nadam, adagrad, adadelta, lion\./);
  });

  it('offers every other optimizer by name at PyTorch\'s default hyperparameters', () => {
    const entries = resolveEntries(['adamw', 'nadam', 'adagrad', 'adadelta', 'lion'], 'ill-conditioned-quadratic');
    assert.deepEqual(entries.map((e) => [e.optimizer.name, e.optimizer.lr]),
      [['adamw', 1e-3], ['nadam', 2e-3], ['adagrad', 1e-2], ['adadelta', 1], ['lion', 1e-4]]);
    assert.equal(allEntries('rosenbrock').length, 10);
  });
});
