import * as assert from 'node:assert/strict';
import { applyFix, applyFixWithNote, FixNotApplicableError } from '../../../../src/core/diagnose/embedded/applyFix';
import type { Fix } from '../../../../src/core/diagnose/types';
import { parseRunSpecs, type RunSpec } from '../../../../src/core/train/spec';

function spec(raw: Record<string, unknown> = {}): RunSpec {
  return parseRunSpecs({
    id: 'a', steps: 300, seed: 7, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.03, momentum: 0.9 }, ...raw,
  })[0];
}

/** The top-level keys whose values differ (deeply) between two specs. */
function changedKeys(a: RunSpec, b: RunSpec): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k]) !== JSON.stringify((b as unknown as Record<string, unknown>)[k])).sort();
}

describe('applyFix', () => {
  it('lower_lr / raise_lr set the learning rate and nothing else, keeping the spec\'s spelling', () => {
    const s = spec();
    const lower = applyFix(s, { action: 'lower_lr', parameter: 'lr', from: 0.03, to: 0.01, text: '' });
    assert.deepEqual(changedKeys(s, lower), ['optimizer']);
    assert.deepEqual(lower.optimizer, { name: 'sgd', lr: 0.01, momentum: 0.9 });
    const keras = spec({ optimizer: { name: 'adam', convention: 'keras', learning_rate: 0.1 } });
    assert.deepEqual(applyFix(keras, { action: 'raise_lr', parameter: 'lr', from: 0.1, to: 0.3, text: '' }).optimizer,
      { name: 'adam', convention: 'keras', learning_rate: 0.3 });
    assert.equal(s.optimizer.lr, 0.03, 'the input spec is not changed');
  });

  it('moves OneCycleLR\'s max_lr with the lr (it overrides the optimizer lr as the peak)', () => {
    const s = spec({ schedule: { name: 'one_cycle', total_steps: 300, max_lr: 0.5 } });
    const out = applyFix(s, { action: 'lower_lr', parameter: 'lr', from: 0.5, to: 0.1, text: '' });
    assert.equal(out.optimizer.lr, 0.1);
    assert.deepEqual(out.schedule, { name: 'one_cycle', total_steps: 300, max_lr: 0.1 });
  });

  it('reduce_momentum sets SGD/RMSprop momentum, or beta1 of Adam-like optimizers (PyTorch betas, Keras beta_1)', () => {
    const fix: Fix = { action: 'reduce_momentum', parameter: 'momentum', from: 0.9, to: 0.5, text: '' };
    const s = spec();
    const out = applyFix(s, fix);
    assert.deepEqual(changedKeys(s, out), ['optimizer']);
    assert.equal(out.optimizer.momentum, 0.5);
    const adam = applyFix(spec({ optimizer: { name: 'adam', betas: [0.99, 0.98] } }), { ...fix, parameter: 'beta1' });
    assert.deepEqual(adam.optimizer.betas, [0.5, 0.98]);
    const adamDefault = applyFix(spec({ optimizer: { name: 'adamw' } }), { ...fix, parameter: 'beta1' });
    assert.deepEqual(adamDefault.optimizer.betas, [0.5, 0.999], 'beta2 keeps its default');
    const keras = applyFix(spec({ optimizer: { name: 'adam', convention: 'keras' } }), { ...fix, parameter: 'beta1' });
    assert.equal(keras.optimizer.beta_1, 0.5);
    assert.throws(() => applyFix(spec({ optimizer: { name: 'adagrad' } }), fix), FixNotApplicableError);
  });

  it('reduce_momentum also sets the learning rate the diagnosis put in settings.lr (a fix that moves both)', () => {
    const s = spec();
    const out = applyFix(s, { action: 'reduce_momentum', parameter: 'momentum', from: 0.9, to: 0.5, settings: { lr: 0.01 }, text: '' });
    assert.deepEqual(out.optimizer, { name: 'sgd', lr: 0.01, momentum: 0.5 });
    const keras = applyFix(spec({ optimizer: { name: 'sgd', convention: 'keras', learning_rate: 0.1, momentum: 0.99 } }),
      { action: 'reduce_momentum', to: 0.9, settings: { lr: 0.02 }, text: '' });
    assert.equal(keras.optimizer.learning_rate, 0.02, 'the spec keeps its spelling of the lr');
    assert.equal(keras.optimizer.momentum, 0.9);
    assert.throws(() => applyFix(s, { action: 'reduce_momentum', to: 0.5, settings: { lr: 0 }, text: '' }), /settings.lr must be a number > 0/);
  });

  it('lower_lr / raise_lr with only settings.factor scale the spec\'s own lr (the diagnosis did not know it)', () => {
    const s = spec();
    const lower = applyFix(s, { action: 'lower_lr', parameter: 'lr', settings: { factor: 0.1 }, text: '' });
    assert.ok(Math.abs((lower.optimizer.lr as number) - 0.003) < 1e-15);
    assert.equal(lower.optimizer.momentum, 0.9);
    const adamDefault = applyFix(spec({ optimizer: { name: 'adam' } }), { action: 'raise_lr', settings: { factor: 10 }, text: '' });
    assert.ok(Math.abs((adamDefault.optimizer.lr as number) - 0.01) < 1e-15, 'Adam\'s default lr 1e-3, times 10');
    assert.throws(() => applyFix(s, { action: 'lower_lr', settings: { factor: 3 }, text: '' }), /factor must be between 0 and 1/);
    assert.throws(() => applyFix(s, { action: 'raise_lr', settings: { factor: 0.5 }, text: '' }), /factor must be a finite number > 1/);
    assert.throws(() => applyFix(s, { action: 'lower_lr', text: '' }), /needs a number/, 'neither to nor factor');
  });

  it('raise_lr with settings.eta_min raises the decayed schedule\'s floor, not the peak', () => {
    const fix: Fix = { action: 'raise_lr', parameter: 'lr', from: 1e-6, to: 0.003, settings: { eta_min: 0.003 }, text: '' };
    const cosine = spec({ schedule: { name: 'cosine', t_max: 299 } });
    const out = applyFixWithNote(cosine, fix);
    assert.deepEqual(changedKeys(cosine, out.spec), ['schedule']);
    assert.deepEqual(out.spec.schedule, { name: 'cosine', t_max: 299, eta_min: 0.003 });
    assert.equal(out.spec.optimizer.lr, 0.03, 'the peak stays');
    assert.deepEqual(applyFix(spec({ schedule: { name: 'warmup_cosine', warmup_steps: 10, total_steps: 300, eta_min: 0 } }), fix).schedule,
      { name: 'warmup_cosine', warmup_steps: 10, total_steps: 300, eta_min: 0.003 });
    assert.deepEqual(applyFix(spec({ schedule: { name: 'reduce_on_plateau', factor: 0.5 } }), fix).schedule, { name: 'reduce_on_plateau', factor: 0.5, min_lr: 0.003 });
    const cycle = applyFix(spec({ schedule: { name: 'one_cycle', total_steps: 300, max_lr: 0.3 } }), fix).schedule as { final_div_factor: number };
    assert.ok(Math.abs(0.3 / 25 / cycle.final_div_factor - 0.003) < 1e-12, 'OneCycleLR ends at max_lr / (div_factor * final_div_factor) = the floor');
    const exp = applyFixWithNote(spec({ schedule: { name: 'exponential', gamma: 0.9 } }), fix);
    assert.deepEqual(exp.spec.schedule, { name: 'cosine', t_max: 299, eta_min: 0.003 });
    assert.match(exp.note!, /exponential decay has no floor/);
    assert.throws(() => applyFix(spec(), fix), /does not decay \(no schedule\)/);
    assert.throws(() => applyFix(cosine, { ...fix, settings: { eta_min: -1 } }), /must be a number > 0/);
  });

  it('add_warmup adds linear warm-up, or composes it with a cosine / warm-up / one-cycle schedule', () => {
    const fix: Fix = { action: 'add_warmup', parameter: 'warmup_steps', to: 50, text: '' };
    const s = spec();
    const plain = applyFixWithNote(s, fix);
    assert.deepEqual(changedKeys(s, plain.spec), ['schedule']);
    assert.deepEqual(plain.spec.schedule, { name: 'linear_warmup', warmup_steps: 50 });
    assert.equal(plain.note, undefined);
    const cosine = applyFixWithNote(spec({ schedule: { name: 'cosine', t_max: 299, eta_min: 0.001 } }), fix);
    assert.deepEqual(cosine.spec.schedule, { name: 'warmup_cosine', warmup_steps: 50, total_steps: 300, eta_min: 0.001 });
    assert.match(cosine.note!, /warmup_cosine/);
    assert.deepEqual(applyFix(spec({ schedule: { name: 'warmup_cosine', warmup_steps: 5, total_steps: 300 } }), fix).schedule,
      { name: 'warmup_cosine', warmup_steps: 50, total_steps: 300 });
    assert.deepEqual(applyFix(spec({ schedule: { name: 'one_cycle', total_steps: 300 } }), { ...fix, to: 60 }).schedule,
      { name: 'one_cycle', total_steps: 300, pct_start: 0.2 });
  });

  it('add_warmup replaces a schedule without a warm-up form and says so', () => {
    const out = applyFixWithNote(spec({ schedule: { name: 'step', step_size: 100 } }), { action: 'add_warmup', to: 20, text: '' });
    assert.deepEqual(out.spec.schedule, { name: 'linear_warmup', warmup_steps: 20 });
    assert.match(out.note!, /replaces the step schedule/);
    assert.throws(() => applyFix(spec(), { action: 'add_warmup', to: 2.5, text: '' }), /whole number/);
  });

  it('clip_grad_norm clips the global norm in the run\'s framework, replacing another clipping mode with a note', () => {
    const fix: Fix = { action: 'clip_grad_norm', parameter: 'max_norm', to: 1.5, text: '' };
    const s = spec();
    const out = applyFixWithNote(s, fix);
    assert.deepEqual(changedKeys(s, out.spec), ['clip']);
    assert.deepEqual(out.spec.clip, { max_norm: 1.5 });
    assert.equal(out.note, undefined);
    assert.deepEqual(applyFix(spec({ optimizer: { name: 'sgd', convention: 'keras' } }), fix).clip, { global_clipnorm: 1.5 });
    const replaced = applyFixWithNote(spec({ clip: { clip_value: 0.1 } }), fix);
    assert.deepEqual(replaced.spec.clip, { max_norm: 1.5 });
    assert.match(replaced.note!, /replaces/);
  });

  it('switch_optimizer takes the name from "to" and the lr (and other settings) from fix.settings', () => {
    const s = spec();
    const out = applyFix(s, { action: 'switch_optimizer', parameter: 'optimizer', from: 'sgd', to: 'adam', settings: { lr: 0.001 }, text: '' });
    assert.deepEqual(changedKeys(s, out), ['optimizer']);
    assert.deepEqual(out.optimizer, { name: 'adam', lr: 0.001 });
    const keras = applyFix(spec({ optimizer: { name: 'sgd', convention: 'keras' } }), { action: 'switch_optimizer', to: 'adam', settings: { lr: 0.001 }, text: '' });
    assert.deepEqual(keras.optimizer, { name: 'adam', lr: 0.001, convention: 'keras' });
    assert.throws(() => applyFix(s, { action: 'switch_optimizer', to: 'sgdd', text: '' }), /invalid run: optimizer.name/);
  });

  it('reduce_lr_on_plateau sets ReduceLROnPlateau with the fix\'s factor and patience', () => {
    const s = spec();
    const out = applyFixWithNote(s, { action: 'reduce_lr_on_plateau', parameter: 'schedule', settings: { factor: 0.5, patience: 5 }, text: '' });
    assert.deepEqual(changedKeys(s, out.spec), ['schedule']);
    assert.deepEqual(out.spec.schedule, { name: 'reduce_on_plateau', factor: 0.5, patience: 5 });
    const replaced = applyFixWithNote(spec({ schedule: { name: 'exponential', gamma: 0.99 } }), { action: 'reduce_lr_on_plateau', settings: { factor: 0.5 }, text: '' });
    assert.match(replaced.note!, /replaces the exponential schedule/);
    assert.throws(() => applyFix(s, { action: 'reduce_lr_on_plateau', settings: { factor: 2 }, text: '' }), /Factor should be < 1/);
  });

  it('early_stop shortens the run to the step and changes nothing else', () => {
    const s = spec();
    const out = applyFix(s, { action: 'early_stop', parameter: 'step', to: 120, text: '' });
    assert.deepEqual(changedKeys(s, out), ['steps']);
    assert.equal(out.steps, 120);
    assert.throws(() => applyFix(s, { action: 'early_stop', to: 301, text: '' }), /after the run's end/);
  });

  it('refuses check_data, and numbers the framework would reject, with a clear error', () => {
    assert.throws(() => applyFix(spec(), { action: 'check_data', text: 'Check the data' }), (e: unknown) =>
      e instanceof FixNotApplicableError && /check_data .*not a change to the run spec/.test(e.message));
    assert.throws(() => applyFix(spec(), { action: 'reduce_momentum', to: 1.5, text: '' }), FixNotApplicableError);
    assert.throws(() => applyFix(spec(), { action: 'lower_lr', to: -1, text: '' }), /must be > 0/);
    assert.throws(() => applyFix(spec(), { action: 'lower_lr', to: 'fast', text: '' }), /needs a number/);
  });

  it('keeps the id, the seed and the problem, so the re-run is the same problem and seed', () => {
    const s = spec({ problem: { name: 'mlp', dataset: 'moons', batch_size: 16 }, optimizer: { name: 'sgd', lr: 0.5 } });
    const out = applyFix(s, { action: 'lower_lr', to: 0.1, text: '' });
    assert.equal(out.id, 'a');
    assert.equal(out.seed, 7);
    assert.deepEqual(out.problem, s.problem);
  });
});
