import * as assert from 'node:assert/strict';
import { defaultShownTags, HEALTH_REASON_FINDINGS, lossTrend, primaryLossTag, runHealth, tagRole } from '../../../src/core/logs/runHealth';
import { finding } from './findingFixtures';

const trendOf = (values: number[]) => lossTrend(values.length, (i) => values[i]);

describe('run health', () => {
  it('recognises loss, learning-rate and gradient-norm tags as frameworks name them', () => {
    for (const tag of ['loss', 'train/loss', 'Loss/train', 'val_loss', 'eval_loss', 'train_loss_step', 'train_loss_epoch']) assert.equal(tagRole(tag), 'loss', tag);
    for (const tag of ['lr', 'learning_rate', 'lr-Adam', 'lr-SGD/pg1', 'train/lr', 'LearningRate', 'learning-rate']) assert.equal(tagRole(tag), 'learningRate', tag);
    for (const tag of ['grad_norm', 'train/grad_norm', 'gradient_norm', 'GradNorm', 'grads-norm']) assert.equal(tagRole(tag), 'gradNorm', tag);
    // Lookalikes that are none of them.
    for (const tag of ['loss_scale', 'amp/loss-scale', 'accuracy', 'epoch', 'clr_cycle', 'flr', 'eval_runtime']) assert.equal(tagRole(tag), 'other', tag);
  });

  it('follows the training loss rather than an evaluation loss, and the step loss before the epoch loss', () => {
    assert.equal(primaryLossTag(['eval_loss', 'loss', 'learning_rate']), 'loss');
    assert.equal(primaryLossTag(['val_loss', 'train/loss']), 'train/loss');
    assert.equal(primaryLossTag(['val_loss', 'train_loss_epoch', 'train_loss_step']), 'train_loss_step');
    assert.equal(primaryLossTag(['val_loss']), 'val_loss');
    assert.equal(primaryLossTag(['accuracy', 'lr']), null);
  });

  it('charts the loss, learning-rate and gradient-norm tags by default, in the run order', () => {
    assert.deepEqual(defaultShownTags(['epoch', 'loss', 'accuracy', 'grad_norm', 'learning_rate', 'eval_loss']), ['loss', 'grad_norm', 'learning_rate', 'eval_loss']);
    assert.deepEqual(defaultShownTags(['accuracy']), []);
  });

  it('reads the trend of the latest points: down, flat, up, at any scale', () => {
    assert.equal(trendOf([2.3, 2.1, 1.9, 1.7, 1.5, 1.4, 1.3, 1.2]), 'down');
    assert.equal(trendOf([0.012, 0.011, 0.0105, 0.0101, 0.0099, 0.0095, 0.009, 0.0088]), 'down');
    assert.equal(trendOf([0.5, 0.501, 0.499, 0.5, 0.502, 0.498, 0.5, 0.5]), 'flat');
    assert.equal(trendOf([0.4, 0.5, 0.7, 1.2, 2.5, 6, 14, 40]), 'up');
  });

  it('looks only at the last window, so an old descent does not hide a new divergence', () => {
    const values = [...Array.from({ length: 200 }, (_, i) => 3 - i * 0.01), ...Array.from({ length: 20 }, (_, i) => 1 + i * 0.2)];
    assert.equal(trendOf(values), 'up');
  });

  it('skips NaN/Inf in the trend and needs four finite values', () => {
    assert.equal(trendOf([3, NaN, 2, Infinity, 1.5, 1]), 'down');
    assert.equal(trendOf([1, NaN, NaN, 0.5, 0.4]), null);
    assert.equal(trendOf([]), null);
  });

  it('follows the findings when diagnosing: error findings make an error, warning findings a warning, info nothing', () => {
    const base = { tags: [{ tag: 'loss', nonFinite: 0 }], warnings: 0, crcErrors: 0, restarts: 0 };
    assert.deepEqual(runHealth({ ...base, findings: [] }), { health: 'ok', reasons: [] });
    assert.deepEqual(runHealth({ ...base, findings: [finding('spike', 'info', 'loss', 40)] }), { health: 'ok', reasons: [] });
    const warned = runHealth({ ...base, findings: [finding('oscillation', 'warning', 'loss', 40, 90)] });
    assert.deepEqual(warned, { health: 'warning', reasons: ['oscillation in loss at steps 40-90'] });
    const diverged = runHealth({ ...base, warnings: 1, findings: [finding('oscillation', 'warning', 'loss', 40), finding('divergence', 'error', 'loss', 120, 180)] });
    assert.equal(diverged.health, 'error');
    assert.deepEqual(diverged.reasons, ['divergence in loss at steps 120-180', 'oscillation in loss at step 40', '1 read warning']);
  });

  it('leaves NaN counting to the engine when diagnosing, and names at most a few findings', () => {
    // With the engine on, its nan finding is what makes a NaN an error: the count rule would say it twice.
    assert.equal(runHealth({ tags: [{ tag: 'loss', nonFinite: 3 }], warnings: 0, crcErrors: 0, restarts: 0, findings: [] }).health, 'ok');
    const many = Array.from({ length: HEALTH_REASON_FINDINGS + 3 }, (_, i) => finding('spike', 'warning', `loss${i}`, i));
    const { reasons } = runHealth({ tags: [], warnings: 0, crcErrors: 0, restarts: 2, findings: many });
    assert.equal(reasons.length, HEALTH_REASON_FINDINGS + 2);
    assert.equal(reasons[HEALTH_REASON_FINDINGS], '3 more findings');
    assert.equal(reasons.at(-1), '2 restarts (a step went backwards)');
  });

  it('without diagnosis (switched off): an error when a loss holds NaN/Inf, a warning for damaged input or restarts, else ok', () => {
    assert.deepEqual(runHealth({ tags: [{ tag: 'loss', nonFinite: 0 }], warnings: 0, crcErrors: 0, restarts: 0 }), { health: 'ok', reasons: [] });
    const nanLoss = runHealth({ tags: [{ tag: 'loss', nonFinite: 3 }, { tag: 'lr', nonFinite: 0 }], warnings: 1, crcErrors: 0, restarts: 0 });
    assert.equal(nanLoss.health, 'error');
    assert.match(nanLoss.reasons[0], /loss has 3 NaN\/Inf values/);
    assert.match(nanLoss.reasons[1], /1 read warning$/);
    // NaN in a non-loss tag (e.g. a grad norm on an AMP overflow step) is not a diverged run.
    assert.equal(runHealth({ tags: [{ tag: 'grad_norm', nonFinite: 2 }], warnings: 0, crcErrors: 0, restarts: 0 }).health, 'ok');
    const crc = runHealth({ tags: [], warnings: 2, crcErrors: 2, restarts: 1 });
    assert.equal(crc.health, 'warning');
    assert.deepEqual(crc.reasons, ['2 read warnings (2 with a bad CRC)', '1 restart (a step went backwards)']);
  });
});
