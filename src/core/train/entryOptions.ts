/**
 * The comparison-wide settings of the QuickPick, the command arguments and `optlens compare`: the framework
 * convention, a learning-rate schedule and gradient clipping, applied to every preset entry.
 */
import { parseOptimizerSpec } from '../optim';
import type { ClipSpec, Convention, ScheduleSpec } from '../optim/types';
import type { ComparisonEntry } from './types';

export interface EntryOptions {
  convention?: Convention;
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
}

/**
 * Entries with the options applied. A Keras convention re-validates each optimizer (its hyperparameters must
 * exist in Keras; a SpecError at `path` says which does not) and marks the label "(keras)".
 */
export function withEntryOptions(entries: readonly ComparisonEntry[], options: EntryOptions, path = 'convention'): ComparisonEntry[] {
  return entries.map((entry) => {
    const out: ComparisonEntry = { ...entry };
    if (options.convention === 'keras') {
      out.optimizer = parseOptimizerSpec({ ...entry.optimizer, convention: 'keras' }, path);
      out.label = `${entry.label} (keras)`;
    }
    if (options.schedule && options.schedule.name !== 'constant') out.schedule = options.schedule;
    if (options.clip) out.clip = options.clip;
    return out;
  });
}

/** e.g. "Keras rules · linear_warmup warmup_steps=50 · clip max_norm=1", or "" when nothing is set. */
export function describeEntryOptions(options: EntryOptions): string {
  const parts: string[] = [];
  if (options.convention === 'keras') parts.push('Keras rules');
  if (options.schedule && options.schedule.name !== 'constant') {
    const { name, ...rest } = options.schedule as unknown as Record<string, unknown>;
    parts.push([String(name), ...Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`)].join(' '));
  }
  if (options.clip) parts.push(['clip', ...Object.entries(options.clip).map(([k, v]) => `${k}=${String(v)}`)].join(' '));
  return parts.join(' · ');
}
