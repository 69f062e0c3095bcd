/**
 * The OL005 quick fixes: add a warm-up the way the file's framework does it, or lower the momentum.
 *
 * - PyTorch script (an optimizer assigned to a name and stepped in the file): a LinearLR built right after
 *   the optimizer, ramping the learning rate from 1% over `steps` updates, and its step() right after the
 *   optimizer's step() (a scheduler that is never stepped does nothing). LinearLR computes its factor from
 *   the previous one (the chainable form), so it composes with a scheduler the file already steps per
 *   epoch; no SequentialLR is needed, which would also need the other scheduler's milestone in updates.
 * - TrainingArguments in Python: `warmup_steps=steps` (the Trainer warms up linearly over them).
 * - DeepSpeed JSON with no scheduler: a `WarmupLR` block beside the optimizer (warmup_min_lr 0 to the
 *   optimizer's lr over `steps`).
 * Keras and YAML files get none (Keras warms up through a schedule object passed as learning_rate, which
 * would rewrite the user's value; Lightning/Hydra configs name schedulers in another file).
 */
import type { ConfigExtraction, LineSlot, Setting, SourcePosition } from '../types';
import { fmt, learningRate, numberParam } from './facts';
import { addPythonArgument, numberText, replaceValue } from './fixes';
import type { SuggestedFix, TextEdit } from './types';

/** The LinearLR's start factor: 1% of the rate, as the OL005 message says. */
export const WARMUP_START_FACTOR = 0.01;
/**
 * Warm-up length when momentum is not the reason: a few hundred updates, after which Adam's second-moment
 * estimate (beta2 = 0.999) averages ~500 gradients instead of a handful (Liu et al. 2020) and the first,
 * largest gradients are past.
 */
export const DEFAULT_WARMUP_STEPS = 500;
/** Variable name of the inserted scheduler. */
export const WARMUP_VARIABLE = 'warmup_scheduler';

/** Updates to warm up over: at least the velocity's memory 1/(1-momentum), rounded up to a multiple of 100. */
export function warmupSteps(momentum: number | null): number {
  if (momentum === null || momentum <= 0 || momentum >= 1) return DEFAULT_WARMUP_STEPS;
  const memory = Number((1 / (1 - momentum)).toPrecision(9)); // 1/(1-0.99) is 100.00000000000009
  return Math.max(100, Math.ceil(memory / 100) * 100);
}

function insertLines(slot: LineSlot, lines: string[]): TextEdit {
  const body = lines.map((l) => `${slot.indent}${l}`).join('\n');
  const at: SourcePosition = slot.at;
  return { range: { start: at, end: at }, newText: slot.newlineFirst ? `\n${body}` : `${body}\n` };
}

function pytorchWarmup(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.framework !== 'pytorch' || !s.target || !s.after) return null;
  // Stepped right after this optimizer's own step (or the GradScaler step that wraps it).
  const step = extraction.loopCalls.find((c) => (c.kind === 'optimizer_step' && c.receiver === s.target) || c.kind === 'scaler_step');
  if (!step?.after) return null;
  const build = `${WARMUP_VARIABLE} = torch.optim.lr_scheduler.LinearLR(${s.target}, start_factor=${WARMUP_START_FACTOR}, total_iters=${steps})`;
  const edits = [insertLines(s.after, [build]), insertLines(step.after, [`${WARMUP_VARIABLE}.step()`])];
  return { title: `Add a warm-up: LinearLR from ${fmt(WARMUP_START_FACTOR)} x lr over ${steps} steps`, edits };
}

function deepspeedWarmup(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.framework !== 'deepspeed' || s.kind !== 'optimizer' || extraction.language !== 'json') return null;
  if (extraction.settings.some((o) => o.kind === 'scheduler' && o.framework === 'deepspeed')) return null;
  const lr = learningRate(s);
  if (!lr) return null;
  const indent = ' '.repeat(Math.max(0, s.range.start.column - 1));
  const block = `"scheduler": {"type": "WarmupLR", "params": {"warmup_min_lr": 0, "warmup_max_lr": ${lr.param.text}, "warmup_num_steps": ${steps}}}`;
  const end = s.range.end;
  return { title: `Add a warm-up: DeepSpeed WarmupLR over ${steps} steps`, edits: [{ range: { start: end, end }, newText: `,\n${indent}${block}` }] };
}

/** The warm-up fix that fits the file, or null when none fits. */
export function warmupFix(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.kind === 'training_args') return addPythonArgument(`Add warmup_steps=${steps}`, s, extraction.language, 'warmup_steps', String(steps));
  return pytorchWarmup(s, extraction, steps) ?? deepspeedWarmup(s, extraction, steps);
}

/** Momentum 0.9 instead of a value >= 0.99: a velocity spanning ~10 updates needs no warm-up. */
export function reduceMomentumFix(s: Setting): SuggestedFix | null {
  const m = numberParam(s.params, 'momentum');
  if (!m || m.value < 0.9) return null;
  return replaceValue('Reduce momentum to 0.9', m.param, numberText(0.9));
}
