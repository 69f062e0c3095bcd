import type { ScheduleSpec } from './types';

type PlateauSpec = Extract<ScheduleSpec, { name: 'reduce_on_plateau' }>;

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau for one parameter group, stepped with a metric (the loss).
 * Plain data plus one method; `step` allocates nothing.
 *   better: rel/min a < best*(1-threshold); abs/min a < best - threshold; rel/max a > best*(1+threshold); abs/max a > best + threshold
 *   step(a): if better: best = a, bad = 0 else bad += 1; if cooling down: cooldown_counter -= 1, bad = 0;
 *            if bad > patience: lr <- max(lr*factor, min_lr) when that lowers it by more than eps; cooldown_counter = cooldown; bad = 0.
 * A NaN metric is never better (it counts as a bad epoch), as in Python.
 */
export class Plateau {
  lr: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  private readonly max: boolean;
  private readonly rel: boolean;
  private readonly factor: number;
  private readonly patience: number;
  private readonly threshold: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly eps: number;

  constructor(spec: PlateauSpec, baseLr: number) {
    this.lr = baseLr;
    this.max = spec.mode === 'max';
    this.rel = (spec.threshold_mode ?? 'rel') === 'rel';
    this.factor = spec.factor ?? 0.1;
    this.patience = spec.patience ?? 10;
    this.threshold = spec.threshold ?? 1e-4;
    this.cooldown = spec.cooldown ?? 0;
    this.minLr = spec.min_lr ?? 0;
    this.eps = spec.eps ?? 1e-8;
    this.best = this.max ? -Infinity : Infinity;
  }

  private isBetter(a: number): boolean {
    const best = this.best;
    if (this.max) return this.rel ? a > best * (this.threshold + 1) : a > best + this.threshold;
    return this.rel ? a < best * (1 - this.threshold) : a < best - this.threshold;
  }

  step(metric: number): void {
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const newLr = Math.max(this.lr * this.factor, this.minLr);
      if (this.lr - newLr > this.eps) this.lr = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }
}
