import * as assert from 'assert';
import { closeAllEditors, dashboardTabs, optimizerIds, runComparison } from './helpers';

describe('optimizerLens.runComparison with preset arguments', () => {
  afterEach(closeAllEditors);

  it('runs all five optimizers on the ill-conditioned quadratic and the dashboard draws every run', async () => {
    const optimizers = [...optimizerIds];
    const result = await runComparison({ problem: 'ill-conditioned-quadratic', optimizers, steps: 200 });
    assert.strictEqual(result.problem, 'ill-conditioned-quadratic');
    assert.strictEqual(result.runs.length, optimizers.length, `expected one run per optimizer, got ${JSON.stringify(result.runs)}`);
    for (const run of result.runs) {
      assert.ok(Number.isFinite(run.finalLoss), `${run.label}: finalLoss ${run.finalLoss} is not finite`);
      assert.strictEqual(typeof run.diverged, 'boolean', `${run.label}: diverged is not a boolean`);
    }
    assert.deepStrictEqual([...result.renderedLabels].sort(), result.runs.map((r) => r.label).sort(),
      'the dashboard did not report drawing exactly the runs of this comparison');
    assert.strictEqual(dashboardTabs().length, 1, 'the comparison did not open exactly one dashboard panel');
  });

  it('SGD with momentum ends lower than plain SGD on the ill-conditioned quadratic', async () => {
    const result = await runComparison({ problem: 'ill-conditioned-quadratic', optimizers: ['sgd', 'momentum'], steps: 200 });
    assert.strictEqual(result.runs.length, 2);
    const [sgd, momentum] = result.runs;
    assert.ok(momentum.finalLoss < sgd.finalLoss,
      `momentum (${momentum.label}) final loss ${momentum.finalLoss} is not below SGD (${sgd.label}) ${sgd.finalLoss}`);
  });

  it('runs on Rosenbrock', async () => {
    const result = await runComparison({ problem: 'rosenbrock', optimizers: ['sgd', 'adam'], steps: 200 });
    assert.strictEqual(result.problem, 'rosenbrock');
    assert.strictEqual(result.runs.length, 2);
    for (const run of result.runs) assert.ok(Number.isFinite(run.finalLoss) || run.diverged, `${run.label}: finalLoss ${run.finalLoss}`);
    assert.deepStrictEqual([...result.renderedLabels].sort(), result.runs.map((r) => r.label).sort());
  });

  it('rejects an unknown optimizer with a clear error and keeps working', async () => {
    await assert.rejects(
      runComparison({ problem: 'ill-conditioned-quadratic', optimizers: ['sgd', 'no-such-optimizer'], steps: 50 }),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        assert.match(message, /no-such-optimizer/, `error does not name the bad optimizer: ${message}`);
        return true;
      });
    const after = await runComparison({ problem: 'ill-conditioned-quadratic', optimizers: ['adam'], steps: 20 });
    assert.strictEqual(after.runs.length, 1, 'the extension stopped working after a bad request');
  });
});
