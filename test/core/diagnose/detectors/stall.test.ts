import * as assert from 'node:assert/strict';
import { diagnoseSeries } from '../../../../src/core/diagnose';
import { curve, diagnoseLoss, gaussian, kinds, rng, steps } from '../synthetic';

describe('diagnose/detectors/stall', () => {
  it('flags a plateau far from converged (60% of the start), noisy', () => {
    const g = gaussian(rng(4));
    const values = curve(1000, (t) => (1.8 + 1.2 * Math.exp(-t / 20)) * Math.exp(0.1 * g()));
    const f = diagnoseLoss(values).find((x) => x.kind === 'stall');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.equal(f.evidence.reason, 'flat');
    assert.ok((f.evidence.progress as number) < 0.05);
    assert.match(f.message, /makes no meaningful progress/);
  });

  it('keeps the message\'s window inside the finding when the loss starts falling again after the stall', () => {
    // Flat at 60% of the start for 3,000 steps, then a steady fall: the stall ends where the fall shows, and
    // the later checks (which find progress) must not move the window's end in the message past step_end.
    const g = gaussian(rng(7));
    const values = curve(20000, (t) => (t < 3000 ? 1.8 + 1.2 * Math.exp(-t / 20) : 1.8 * Math.exp(-(t - 3000) / 1500)) * Math.exp(0.02 * g()));
    const f = diagnoseLoss(values).find((x) => x.kind === 'stall');
    assert.ok(f);
    assert.ok(f.step_end < 19000, `the stall should end before the run does (step_end ${f.step_end})`);
    const end = Number(/to step (\d+)/.exec(f.message)?.[1]);
    assert.ok(end <= f.step_end, `message window ends at ${end}, finding at ${f.step_end}: ${f.message}`);
    assert.ok((f.evidence.window_end as number) <= f.step_end);
  });

  it('says "chance level" when the loss sits at context.chanceLoss', () => {
    const g = gaussian(rng(5));
    const f = diagnoseLoss(curve(600, () => Math.LN2 * Math.exp(0.02 * g())), { chanceLoss: Math.LN2 }).find((x) => x.kind === 'stall');
    assert.ok(f);
    assert.match(f.message, /chance level/);
    assert.ok(f.fixes.some((x) => x.action === 'check_data'));
  });

  it('calls a classifier\'s plateau far below chance level (< 1/5 of context.chanceLoss) its floor, not a stall', () => {
    // ln 2 -> a plateau at 0.08 (12% of the start: above stallFarFraction, so without the chance level it is a
    // stall); a plateau at 0.3 (above ln2 / 5 = 0.139) is still one with the chance level known.
    const g = gaussian(rng(9));
    const plateau = (floor: number) => curve(1000, (t) => (floor + (Math.LN2 - floor) * Math.exp(-t / 20)) * Math.exp(0.03 * g()));
    const low = plateau(0.08);
    assert.ok(!kinds(diagnoseLoss(low, { chanceLoss: Math.LN2 })).includes('stall'));
    assert.ok(kinds(diagnoseLoss(low)).includes('stall'), 'without a chance level the same plateau is a stall');
    assert.ok(kinds(diagnoseLoss(plateau(0.3), { chanceLoss: Math.LN2 })).includes('stall'));
  });

  it('a flat window under steps large enough to have moved the loss is a plateau being crossed, not a stall', () => {
    // The same plateau at 40% of the start, with the gradient and update norms an embedded run records. Steps of
    // 0.02 against a gradient of 0.2 could remove 0.004 of the loss per step by first order (over 100 steps more
    // than the loss 0.3 itself): the loss is held by the landscape, not short of step. Steps of 1e-5 reach ~1e-4
    // of it over the window: the optimizer's stall. Without update norms the rule stays out.
    const n = 600;
    const g = gaussian(rng(11));
    const loss = curve(n, (t) => (0.3 + 0.45 * Math.exp(-t / 20)) * Math.exp(0.02 * g()));
    const withNorms = (update: number) => diagnoseSeries([
      { metric: 'loss', steps: steps(n), values: loss },
      { metric: 'grad_norm', steps: steps(n), values: curve(n, () => 0.2) },
      { metric: 'update_norm', steps: steps(n), values: curve(n, () => update) },
    ], { chanceLoss: Math.LN2 });
    assert.ok(!kinds(withNorms(0.02)).includes('stall'));
    const small = withNorms(1e-5).find((x) => x.kind === 'stall');
    assert.ok(small, 'tiny steps on the same plateau are a stall');
    assert.ok((small.evidence.reach as number) < 0.01, String(small.evidence.reach));
    assert.ok(kinds(diagnoseLoss(loss, { chanceLoss: Math.LN2 })).includes('stall'), 'without update norms it is a stall');
  });

  it('flags a learning rate decayed to ~0 while the loss is still high, from where the lr fell', () => {
    const n = 800;
    const lr = curve(n, (t) => (t < 200 ? 0.1 : 1e-5));
    let cumulative = 0;
    const loss = curve(n, (t) => {
      cumulative += lr[t];
      return 2 * (0.4 + 0.6 * Math.exp(-cumulative / 20));
    });
    const f = diagnoseSeries([{ metric: 'loss', steps: steps(n), values: loss }, { metric: 'lr', steps: steps(n), values: lr }]).find((x) => x.kind === 'stall');
    assert.ok(f);
    assert.equal(f.evidence.reason, 'lr_decayed');
    assert.equal(f.step_start, 200);
    assert.equal(f.fixes[0].action, 'raise_lr');
  });

  it('a converged run, a slow steady decrease and a constant run at the known minimum are not stalls', () => {
    const g = gaussian(rng(6));
    const converged = curve(2000, (t) => (3 * Math.exp(-t / 50) + 3e-3) * Math.exp(0.2 * g()));
    assert.deepEqual(kinds(diagnoseLoss(converged)), []);
    // A steady 10% per 100 steps.
    const steady = curve(1000, (t) => 2 * 0.9 ** (t / 100));
    assert.deepEqual(kinds(diagnoseLoss(steady)), []);
    assert.deepEqual(diagnoseLoss(curve(1000, () => 0.5), { minimumLoss: 0.5 }), []);
    // Too short to say.
    assert.deepEqual(diagnoseLoss(curve(60, () => 1)), []);
  });

  it('with SGD and a known curvature, the top fix raises the lr to what the theory allows', () => {
    const lambdas = [0.1, 1];
    const lr = 1e-4;
    const e = [1, 1];
    const values = curve(400, () => {
      const loss = 0.5 * (lambdas[0] * e[0] ** 2 + lambdas[1] * e[1] ** 2);
      for (let i = 0; i < 2; i++) e[i] -= lr * lambdas[i] * e[i];
      return loss;
    });
    const f = diagnoseLoss(values, { optimizer: { name: 'sgd', lr, momentum: 0 }, curvature: { min: 0.1, max: 1 }, minimumLoss: 0 }).find((x) => x.kind === 'stall');
    assert.ok(f);
    assert.equal(f.fixes[0].action, 'raise_lr');
    assert.ok((f.fixes[0].to as number) >= 0.5 && (f.fixes[0].to as number) <= 2, String(f.fixes[0].to));
  });
});
