/**
 * What the tree view and the status bar say about a watched run besides its findings: which tags are loss,
 * learning-rate and gradient-norm tags, which way the loss is going, and the run's health. The health follows the diagnosis engine's findings (src/core/diagnose); the
 * old "a NaN in a loss tag is an error" rule remains only for runs diagnosed with the engine switched off.
 */
import type { Finding } from '../diagnose/types';
import type { LogHealth } from '../protocol';
import { findingTitle, sortFindings } from './findingText';

export type TagRole = 'loss' | 'learningRate' | 'gradNorm' | 'other';
export type LossTrend = 'down' | 'flat' | 'up';

/** AMP's `loss_scale` / `loss-scale` is a scaling factor, not a loss. */
const LOSS_SCALE = /loss[\s_.-]?scale/i;
const LOSS = /loss/i;
/** `lr`, `lr-Adam`, `train/lr`, `lr_pg1`, `learning_rate`, `learning-rate`, `LearningRate`. */
const LEARNING_RATE = /(^|[^a-z])lr($|[^a-z])|learning[\s_.-]?rate/i;
/** `grad_norm`, `gradient_norm`, `grad-norm`, `train/grad_norm`, `GradNorm`, `total_grad_norm`. */
const GRAD_NORM = /grad(ient)?s?[\s_.-]?norm/i;

export function tagRole(tag: string): TagRole {
  if (LOSS.test(tag) && !LOSS_SCALE.test(tag)) return 'loss';
  if (GRAD_NORM.test(tag)) return 'gradNorm';
  if (LEARNING_RATE.test(tag)) return 'learningRate';
  return 'other';
}

/** Validation and evaluation losses are noisier and rarer than the training loss: prefer the latter. */
const EVAL_LIKE = /(^|[^a-z])(val|valid|validation|eval|test)($|[^a-z])/i;

/**
 * The tag whose direction says how training goes: a training loss (`loss`, `train/loss`, `train_loss`...)
 * before an evaluation loss; null when the run has no loss-like tag.
 */
export function primaryLossTag(tags: readonly string[]): string | null {
  const losses = tags.filter((t) => tagRole(t) === 'loss');
  if (losses.length === 0) return null;
  const exact = losses.find((t) => /^(train[\s_./-]?)?loss$/i.test(t));
  if (exact) return exact;
  // Lightning logs `train_loss_step` and `train_loss_epoch`: the step-level one moves first.
  return losses.find((t) => !EVAL_LIKE.test(t) && !/epoch/i.test(t)) ?? losses.find((t) => !EVAL_LIKE.test(t)) ?? losses[0];
}

/** The tags a chart shows before the user picks: every loss, learning-rate and gradient-norm tag. */
export function defaultShownTags(tags: readonly string[]): string[] {
  return tags.filter((t) => tagRole(t) !== 'other');
}

/** Relative change between the two halves of the window below which the loss counts as flat. */
export const FLAT_TOLERANCE = 0.02;
/** How many of the last points the trend looks at. */
export const TREND_WINDOW = 20;

/**
 * Which way the last `TREND_WINDOW` finite values go: the mean of the newer half against the older half,
 * relative to the older half's magnitude (so it works for losses near 10 and near 0.01). Null with fewer
 * than 4 finite values. `values(i)` is read for i in [0, length).
 */
export function lossTrend(length: number, values: (i: number) => number): LossTrend | null {
  const window: number[] = [];
  for (let i = length - 1; i >= 0 && window.length < TREND_WINDOW; i--) {
    const v = values(i);
    if (Number.isFinite(v)) window.push(v);
  }
  if (window.length < 4) return null;
  window.reverse();
  const half = Math.floor(window.length / 2);
  const older = mean(window, 0, half);
  const newer = mean(window, window.length - half, window.length);
  const scale = Math.max(Math.abs(older), Math.abs(newer), 1e-12);
  const change = (newer - older) / scale;
  if (change < -FLAT_TOLERANCE) return 'down';
  if (change > FLAT_TOLERANCE) return 'up';
  return 'flat';
}

function mean(values: number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
}

export interface HealthInput {
  tags: readonly { tag: string; nonFinite: number }[];
  /** Read warnings (unparseable lines, truncated tails, bad CRCs...). */
  warnings: number;
  /** How many of those were records with a bad CRC (TensorBoard event files). */
  crcErrors: number;
  restarts: number;
  /** The diagnosis engine's findings; undefined when diagnosis is switched off (optimizerLens.diagnose.enabled). */
  findings?: readonly Finding[];
}

export interface RunHealth {
  health: LogHealth;
  /** Why, in words a tooltip can show; empty when healthy. */
  reasons: string[];
}

/** Findings named one by one in the reasons (the tree lists them all). */
export const HEALTH_REASON_FINDINGS = 5;

/**
 * error = an error finding (nan, divergence); warning = a warning finding (oscillation, stall, overfitting,
 * repeated spikes), damaged input or restarts; info findings (a lone spike) leave a run ok. Without findings
 * (diagnosis switched off) a NaN/Inf in a loss-like tag is still an error, the one thing the views said before
 * the engine existed; with the engine on that is its `nan` finding, so the count rule is not applied twice.
 */
export function runHealth(input: HealthInput): RunHealth {
  const reasons: string[] = [];
  let health: LogHealth = 'ok';
  if (input.findings) {
    const serious = sortFindings(input.findings.filter((f) => f.severity !== 'info'));
    if (serious.some((f) => f.severity === 'error')) health = 'error';
    else if (serious.length) health = 'warning';
    for (const f of serious.slice(0, HEALTH_REASON_FINDINGS)) reasons.push(findingTitle(f));
    if (serious.length > HEALTH_REASON_FINDINGS) reasons.push(`${serious.length - HEALTH_REASON_FINDINGS} more finding${serious.length - HEALTH_REASON_FINDINGS === 1 ? '' : 's'}`);
  } else {
    for (const { tag, nonFinite } of input.tags) {
      if (nonFinite > 0 && tagRole(tag) === 'loss') {
        health = 'error';
        reasons.push(`${tag} has ${nonFinite} NaN/Inf value${nonFinite === 1 ? '' : 's'}`);
      }
    }
  }
  const warnings: string[] = [];
  if (input.warnings > 0) {
    const crc = input.crcErrors > 0 ? ` (${input.crcErrors} with a bad CRC)` : '';
    warnings.push(`${input.warnings} read warning${input.warnings === 1 ? '' : 's'}${crc}`);
  }
  if (input.restarts > 0) warnings.push(`${input.restarts} restart${input.restarts === 1 ? '' : 's'} (a step went backwards)`);
  if (warnings.length && health === 'ok') health = 'warning';
  reasons.push(...warnings);
  return { health, reasons };
}
