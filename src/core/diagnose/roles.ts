/**
 * What a metric means, from its name, when the feeder did not say: the log tags' roles (logs/runHealth) plus
 * the names embedded runs and common trainers use for validation losses and update statistics.
 */
import { tagRole } from '../logs/runHealth';
import type { MetricRole } from './types';

/** `val_loss`, `eval/loss`, `validation_loss`, `test_loss`, `valid-loss`... */
const EVAL_LIKE = /(^|[^a-z])(val|valid|validation|eval|evaluation|test)($|[^a-z])/i;
const UPDATE_COSINE = /update[\s_.-]?cos(ine)?/i;
const UPDATE_NORM = /(update|step)[\s_.-]?norm/i;
const VELOCITY_NORM = /(velocity|momentum)[\s_.-]?norm/i;
const PARAM_NORM = /(param(eter)?s?|weights?)[\s_.-]?norm/i;

export function metricRole(name: string): MetricRole {
  if (UPDATE_COSINE.test(name)) return 'update_cosine';
  if (UPDATE_NORM.test(name)) return 'update_norm';
  if (VELOCITY_NORM.test(name)) return 'velocity_norm';
  if (PARAM_NORM.test(name)) return 'param_norm';
  switch (tagRole(name)) {
    case 'loss': return EVAL_LIKE.test(name) ? 'val_loss' : 'loss';
    case 'gradNorm': return 'grad_norm';
    case 'learningRate': return 'lr';
    default: return 'other';
  }
}
