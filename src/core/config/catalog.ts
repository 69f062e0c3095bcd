/**
 * The constructors and functions that carry optimizer settings, by fully qualified name, with the names of
 * their positional parameters in signature order (PyTorch 2.x, Keras 3, transformers 4.x). Shared by the
 * Python extractor (a resolved callee) and the YAML/JSON ones (a Lightning `class_path`, a Hydra `_target_`).
 */
import type { Framework, SettingKind } from './types';

export interface CatalogEntry {
  kind: SettingKind;
  framework: Framework;
  /** Canonical name reported in the Setting. */
  name: string;
  /** Positional parameter names, in order (the first of a torch optimizer is `params`). */
  positional: readonly string[];
}

const TORCH_OPTIMIZERS: Record<string, readonly string[]> = {
  SGD: ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'],
  Adam: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'],
  AdamW: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'],
  NAdam: ['lr', 'betas', 'eps', 'weight_decay', 'momentum_decay'],
  RAdam: ['lr', 'betas', 'eps', 'weight_decay'],
  Adamax: ['lr', 'betas', 'eps', 'weight_decay'],
  RMSprop: ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered'],
  Adagrad: ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps'],
  Adadelta: ['lr', 'rho', 'eps', 'weight_decay'],
  ASGD: ['lr', 'lambd', 'alpha', 't0', 'weight_decay'],
  Rprop: ['lr', 'etas', 'step_sizes'],
  LBFGS: ['lr', 'max_iter', 'max_eval', 'tolerance_grad', 'tolerance_change', 'history_size', 'line_search_fn'],
  SparseAdam: ['lr', 'betas', 'eps'],
};

const TORCH_SCHEDULERS: Record<string, readonly string[]> = {
  LambdaLR: ['lr_lambda', 'last_epoch'],
  MultiplicativeLR: ['lr_lambda', 'last_epoch'],
  StepLR: ['step_size', 'gamma', 'last_epoch'],
  MultiStepLR: ['milestones', 'gamma', 'last_epoch'],
  ConstantLR: ['factor', 'total_iters', 'last_epoch'],
  LinearLR: ['start_factor', 'end_factor', 'total_iters', 'last_epoch'],
  ExponentialLR: ['gamma', 'last_epoch'],
  SequentialLR: ['schedulers', 'milestones', 'last_epoch'],
  PolynomialLR: ['total_iters', 'power', 'last_epoch'],
  CosineAnnealingLR: ['T_max', 'eta_min', 'last_epoch'],
  ReduceLROnPlateau: ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'],
  CyclicLR: ['base_lr', 'max_lr', 'step_size_up', 'step_size_down', 'mode', 'gamma', 'scale_fn', 'scale_mode', 'cycle_momentum', 'base_momentum', 'max_momentum'],
  OneCycleLR: ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase'],
  CosineAnnealingWarmRestarts: ['T_0', 'T_mult', 'eta_min', 'last_epoch'],
};

/** Keras 3 optimizers; `learning_rate` first, then the optimizer's own arguments, then the base class's. */
const KERAS_BASE = ['weight_decay', 'clipnorm', 'clipvalue', 'global_clipnorm', 'use_ema', 'ema_momentum', 'ema_overwrite_frequency', 'loss_scale_factor', 'gradient_accumulation_steps', 'name'];
const KERAS_OPTIMIZERS: Record<string, readonly string[]> = {
  SGD: ['learning_rate', 'momentum', 'nesterov', ...KERAS_BASE],
  Adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad', ...KERAS_BASE],
  AdamW: ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad', ...KERAS_BASE.slice(1)],
  Nadam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', ...KERAS_BASE],
  Adamax: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', ...KERAS_BASE],
  RMSprop: ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered', ...KERAS_BASE],
  Adagrad: ['learning_rate', 'initial_accumulator_value', 'epsilon', ...KERAS_BASE],
  Adadelta: ['learning_rate', 'rho', 'epsilon', ...KERAS_BASE],
  Adafactor: ['learning_rate', 'beta_2_decay', 'epsilon_1', 'epsilon_2', 'clip_threshold', 'relative_step', ...KERAS_BASE],
  Ftrl: ['learning_rate', 'learning_rate_power', 'initial_accumulator_value', 'l1_regularization_strength', 'l2_regularization_strength', 'l2_shrinkage_regularization_strength', 'beta', ...KERAS_BASE],
  Lion: ['learning_rate', 'beta_1', 'beta_2', ...KERAS_BASE],
  Lamb: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', ...KERAS_BASE],
};

const KERAS_SCHEDULES: Record<string, readonly string[]> = {
  ExponentialDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase'],
  PiecewiseConstantDecay: ['boundaries', 'values'],
  PolynomialDecay: ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle'],
  InverseTimeDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase'],
  CosineDecay: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
  CosineDecayRestarts: ['initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha'],
};

const KERAS_CALLBACKS: Record<string, readonly string[]> = {
  ReduceLROnPlateau: ['monitor', 'factor', 'patience', 'verbose', 'mode', 'min_delta', 'cooldown', 'min_lr'],
  LearningRateScheduler: ['schedule', 'verbose'],
};

/** transformers' schedule factories (transformers.optimization), optimizer first. */
const HF_SCHEDULES: Record<string, readonly string[]> = {
  get_constant_schedule: ['optimizer', 'last_epoch'],
  get_constant_schedule_with_warmup: ['optimizer', 'num_warmup_steps', 'last_epoch'],
  get_linear_schedule_with_warmup: ['optimizer', 'num_warmup_steps', 'num_training_steps', 'last_epoch'],
  get_cosine_schedule_with_warmup: ['optimizer', 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
  get_cosine_with_hard_restarts_schedule_with_warmup: ['optimizer', 'num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch'],
  get_polynomial_decay_schedule_with_warmup: ['optimizer', 'num_warmup_steps', 'num_training_steps', 'lr_end', 'power', 'last_epoch'],
  get_inverse_sqrt_schedule: ['optimizer', 'num_warmup_steps', 'timescale', 'last_epoch'],
  get_wsd_schedule: ['optimizer', 'num_warmup_steps', 'num_decay_steps', 'num_training_steps', 'num_stable_steps'],
  get_scheduler: ['name', 'optimizer', 'num_warmup_steps', 'num_training_steps'],
};

/** TrainingArguments and its subclasses take everything by keyword except output_dir. */
const HF_TRAINING_ARGS = ['TrainingArguments', 'Seq2SeqTrainingArguments', 'TFTrainingArguments'];
const TRL_CONFIGS = ['SFTConfig', 'DPOConfig', 'GRPOConfig', 'RewardConfig', 'ORPOConfig', 'KTOConfig', 'PPOConfig'];

const CATALOG = new Map<string, CatalogEntry>();

function add(qualified: readonly string[], entry: CatalogEntry): void {
  for (const q of qualified) CATALOG.set(q, entry);
}

for (const [name, rest] of Object.entries(TORCH_OPTIMIZERS)) {
  add([`torch.optim.${name}`, `torch.optim.${name.toLowerCase()}.${name}`],
    { kind: 'optimizer', framework: 'pytorch', name: `torch.optim.${name}`, positional: ['params', ...rest] });
}
for (const [name, rest] of Object.entries(TORCH_SCHEDULERS)) {
  add([`torch.optim.lr_scheduler.${name}`],
    { kind: 'scheduler', framework: 'pytorch', name, positional: ['optimizer', ...rest] });
}
add(['torch.optim.lr_scheduler.ChainedScheduler'], { kind: 'scheduler', framework: 'pytorch', name: 'ChainedScheduler', positional: ['schedulers', 'optimizer'] });
for (const [name, positional] of Object.entries(KERAS_OPTIMIZERS)) {
  add([`keras.optimizers.${name}`], { kind: 'optimizer', framework: 'keras', name: `keras.optimizers.${name}`, positional });
}
for (const [name, positional] of Object.entries(KERAS_SCHEDULES)) {
  add([`keras.optimizers.schedules.${name}`], { kind: 'scheduler', framework: 'keras', name: `keras.optimizers.schedules.${name}`, positional });
}
for (const [name, positional] of Object.entries(KERAS_CALLBACKS)) {
  add([`keras.callbacks.${name}`], { kind: 'scheduler', framework: 'keras', name: `keras.callbacks.${name}`, positional });
}
for (const [name, positional] of Object.entries(HF_SCHEDULES)) {
  add([`transformers.${name}`, `transformers.optimization.${name}`], { kind: 'scheduler', framework: 'huggingface', name, positional });
}
for (const name of HF_TRAINING_ARGS) {
  add([`transformers.${name}`, `transformers.training_args.${name}`], { kind: 'training_args', framework: 'huggingface', name, positional: ['output_dir'] });
}
for (const name of TRL_CONFIGS) {
  add([`trl.${name}`], { kind: 'training_args', framework: 'huggingface', name, positional: ['output_dir'] });
}
add(['transformers.AdamW', 'transformers.optimization.AdamW'],
  { kind: 'optimizer', framework: 'huggingface', name: 'transformers.AdamW', positional: ['params', 'lr', 'betas', 'eps', 'weight_decay', 'correct_bias'] });
add(['transformers.Adafactor', 'transformers.optimization.Adafactor'],
  { kind: 'optimizer', framework: 'huggingface', name: 'transformers.Adafactor', positional: ['params', 'lr', 'eps', 'clip_threshold', 'decay_rate', 'beta1', 'weight_decay', 'scale_parameter', 'relative_step', 'warmup_init'] });
add(['torch.nn.utils.clip_grad_norm_', 'torch.nn.utils.clip_grad_norm', 'torch.nn.utils.clip_grad.clip_grad_norm_'],
  { kind: 'clipping', framework: 'pytorch', name: 'clip_grad_norm_', positional: ['parameters', 'max_norm', 'norm_type', 'error_if_nonfinite', 'foreach'] });
add(['torch.nn.utils.clip_grad_value_', 'torch.nn.utils.clip_grad.clip_grad_value_'],
  { kind: 'clipping', framework: 'pytorch', name: 'clip_grad_value_', positional: ['parameters', 'clip_value', 'foreach'] });

/** Rewrites the spellings of one module under several names to the one the catalog uses. */
export function canonicalModulePath(qualified: string): string {
  let q = qualified;
  for (const [from, to] of [
    ['tensorflow.python.keras.', 'keras.'],
    ['tensorflow.keras.', 'keras.'],
    ['tf_keras.', 'keras.'],
    ['keras.src.', 'keras.'],
    ['keras.optimizers.legacy.', 'keras.optimizers.'],
    ['keras.optimizers.experimental.', 'keras.optimizers.'],
    ['keras.optimizer_v2.', 'keras.optimizers.'],
    ['torch.optim.lr_scheduler.lr_scheduler.', 'torch.optim.lr_scheduler.'],
  ] as const) {
    if (q.startsWith(from)) q = to + q.slice(from.length);
  }
  return q;
}

/** The catalog entry of a fully qualified name (any spelling canonicalModulePath knows), or undefined. */
export function lookupQualified(qualified: string): CatalogEntry | undefined {
  return CATALOG.get(canonicalModulePath(qualified));
}

/**
 * Names that identify their function without a module (a snippet that never imports, a YAML `class_path: StepLR`):
 * torch schedulers, transformers' schedule factories and argument classes, the clipping functions.
 */
const BARE = new Map<string, CatalogEntry>();
for (const [q, entry] of CATALOG) {
  const last = q.slice(q.lastIndexOf('.') + 1);
  if (entry.kind === 'optimizer' || q.startsWith('keras.')) continue;
  if (!BARE.has(last)) BARE.set(last, entry);
}

export function lookupBare(name: string): CatalogEntry | undefined {
  return BARE.get(name);
}

/** A torch optimizer by class name alone (Lightning CLI accepts `class_path: Adam`). */
export function lookupTorchOptimizer(name: string): CatalogEntry | undefined {
  return CATALOG.get(`torch.optim.${name}`);
}

/** Keras's string identifiers for `model.compile(optimizer="adam")`, to the class they make. */
const KERAS_STRING_IDS: Record<string, string> = {
  sgd: 'SGD', adam: 'Adam', adamw: 'AdamW', nadam: 'Nadam', adamax: 'Adamax', rmsprop: 'RMSprop', adagrad: 'Adagrad',
  adadelta: 'Adadelta', adafactor: 'Adafactor', ftrl: 'Ftrl', lion: 'Lion', lamb: 'Lamb',
};

export function kerasOptimizerFromString(id: string): CatalogEntry | undefined {
  const cls = KERAS_STRING_IDS[id.toLowerCase()];
  return cls === undefined ? undefined : CATALOG.get(`keras.optimizers.${cls}`);
}
