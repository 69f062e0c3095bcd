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
 * - Keras optimizer written with its module path (`keras.optimizers.SGD`, `tf.keras.optimizers.Adam`): its
 *   learning rate becomes `...optimizers.schedules.CosineDecay(0.01 x lr, decay_steps=1, alpha=1.0,
 *   warmup_target=lr, warmup_steps=steps)`: a linear ramp from 1% to the user's value (kept as written as the
 *   target), then constant, since the cosine part decays to alpha x warmup_target = the target itself.
 *   (`warmup_target`/`warmup_steps` exist since TF 2.13 and in Keras 3.)
 * - Hugging Face arguments in YAML or JSON (a TrainingArguments dump or recipe): a `warmup_steps` key.
 * - Lightning CLI YAML with a top-level `optimizer:` and no `lr_scheduler:`: an `lr_scheduler:` LinearLR block.
 *   LightningCLI steps it once per epoch, so it warms up over WARMUP_EPOCHS epochs (Goyal et al. 2017's 5).
 * Hydra configs get none: their schedulers live in another config group, which this file does not show.
 */
import type { ConfigExtraction, LineSlot, Param, Setting, SourcePosition } from '../types';
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
/** Epochs of the Lightning CLI warm-up: its scheduler steps per epoch; Goyal et al. 2017 warmed up over 5. */
export const WARMUP_EPOCHS = 5;
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

/** `0.01 * args.lr` (a name stays a name, so the ramp follows the option), a number folded. */
function scaledText(factor: number, p: Param): string {
  if (typeof p.value === 'number' && p.resolvedFrom === undefined) return numberText(factor * p.value);
  const simple = /^[A-Za-z_][\w.]*$/.test(p.text);
  return `${factor} * ${simple ? p.text : `(${p.text})`}`;
}

function kerasWarmup(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.framework !== 'keras' || s.kind !== 'optimizer' || extraction.language !== 'python' || !s.callee) return null;
  const at = s.callee.lastIndexOf('optimizers.');
  if (at < 0) return null; // a bare `SGD(...)`: the schedules module may not be imported under any name we know
  const lr = s.params.learning_rate ?? s.params.lr;
  if (!lr || typeof lr.value !== 'number') return null; // a schedule already, or a value we cannot scale
  const schedule = `${s.callee.slice(0, at)}optimizers.schedules.CosineDecay(${scaledText(WARMUP_START_FACTOR, lr)}, decay_steps=1, alpha=1.0, warmup_target=${lr.text}, warmup_steps=${steps})`;
  return replaceValue(`Add a warm-up: CosineDecay schedule from ${fmt(WARMUP_START_FACTOR)} x lr to lr over ${steps} steps, then constant`, lr, schedule);
}

/** The params written as keys, in file order (each with its key's place). */
function keyed(s: Setting): Param[] {
  return Object.values(s.params).filter((p) => p.keyRange !== undefined).sort((a, b) => (a.keyRange?.start.offset ?? 0) - (b.keyRange?.start.offset ?? 0));
}

/** A key added before the block's first key, at its indentation (so nothing after it, comments included, moves). */
function treeWarmupSteps(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.kind !== 'training_args' || (extraction.language !== 'yaml' && extraction.language !== 'json')) return null;
  const params = keyed(s);
  const first = params[0]?.keyRange?.start;
  if (!first) return null;
  // YAML flow maps (`{a: 1, b: 2}`) need commas: only block maps, one key a line, get the new line.
  if (extraction.language === 'yaml' && new Set(params.map((p) => p.keyRange?.start.line)).size !== params.length) return null;
  const indent = ' '.repeat(first.column - 1);
  const newText = extraction.language === 'yaml' ? `warmup_steps: ${steps}\n${indent}` : `"warmup_steps": ${steps},\n${indent}`;
  return { title: `Add warmup_steps: ${steps}`, edits: [{ range: { start: first, end: first }, newText }] };
}

function lightningWarmup(s: Setting, extraction: ConfigExtraction): SuggestedFix | null {
  if (s.framework !== 'lightning' || s.kind !== 'optimizer' || extraction.language !== 'yaml' || s.range.start.column !== 1) return null;
  if (extraction.settings.some((o) => o.kind === 'scheduler' && o.framework === 'lightning')) return null;
  const params = keyed(s);
  // The file's indentation step, from the optimizer's init_args keys (two levels in); 2 when it gives none.
  const step = params[0]?.keyRange ? Math.max(1, Math.round((params[0].keyRange.start.column - 1) / 2)) : 2;
  const pad = (n: number): string => ' '.repeat(n * step);
  const block = ['lr_scheduler:', `${pad(1)}class_path: torch.optim.lr_scheduler.LinearLR`, `${pad(1)}init_args:`,
    `${pad(2)}start_factor: ${WARMUP_START_FACTOR}`, `${pad(2)}total_iters: ${WARMUP_EPOCHS}`];
  const at = s.range.start;
  return {
    title: `Add a warm-up: lr_scheduler LinearLR from ${fmt(WARMUP_START_FACTOR)} x lr over ${WARMUP_EPOCHS} epochs (LightningCLI steps it per epoch)`,
    edits: [{ range: { start: at, end: at }, newText: `${block.join('\n')}\n` }],
  };
}

/** The warm-up fix that fits the file, or null when none fits. */
export function warmupFix(s: Setting, extraction: ConfigExtraction, steps: number): SuggestedFix | null {
  if (s.kind === 'training_args') {
    return addPythonArgument(`Add warmup_steps=${steps}`, s, extraction.language, 'warmup_steps', String(steps)) ?? treeWarmupSteps(s, extraction, steps);
  }
  return pytorchWarmup(s, extraction, steps) ?? kerasWarmup(s, extraction, steps) ?? deepspeedWarmup(s, extraction, steps) ?? lightningWarmup(s, extraction);
}

/** Momentum 0.9 instead of a value >= 0.99: a velocity spanning ~10 updates needs no warm-up. */
export function reduceMomentumFix(s: Setting): SuggestedFix | null {
  const m = numberParam(s.params, 'momentum');
  if (!m || m.value < 0.9) return null;
  return replaceValue('Reduce momentum to 0.9', m.param, numberText(0.9));
}
