/**
 * The config keys that carry optimizer settings when no framework structure says so (a plain `lr:` in a
 * project's own YAML), and the keys that mark a file as a DeepSpeed or Hugging Face arguments file.
 */

/** Keys naming the optimizer itself (`optimizer: adamw`). */
export const OPTIMIZER_NAME_KEYS = new Set(['optimizer', 'optim', 'optimizer_name', 'optimizer_type', 'opt']);
/** Inside a map under an optimizer key: `optimizer: {name: adam, lr: ...}`. */
export const NESTED_NAME_KEYS = ['name', 'type', 'class', 'class_name'];

const HYPERPARAMETER_KEYS = new Set([
  'lr', 'learning_rate', 'base_lr', 'max_lr', 'min_lr', 'initial_lr', 'init_lr', 'peak_lr', 'end_lr', 'final_lr',
  'momentum', 'weight_decay', 'betas', 'beta1', 'beta2', 'beta_1', 'beta_2', 'adam_beta1', 'adam_beta2',
  'eps', 'epsilon', 'adam_epsilon', 'nesterov', 'dampening', 'amsgrad',
]);

const SCHEDULE_KEYS = new Set(['lr_scheduler_type', 'lr_scheduler', 'scheduler', 'lr_schedule', 'schedule', 'lr_decay', 'decay_steps', 'decay_rate']);

export const CLIPPING_KEYS = new Set([
  'gradient_clip_val', 'gradient_clip_algorithm', 'max_grad_norm', 'clip_grad_norm', 'clip_grad', 'grad_clip',
  'gradient_clipping', 'clip_norm', 'clipnorm', 'clipvalue', 'global_clipnorm', 'grad_norm_clip', 'clip_value',
]);

export type KeyRole = 'name' | 'hyperparameter' | 'schedule' | 'clipping';

export function roleOfKey(key: string): KeyRole | null {
  if (OPTIMIZER_NAME_KEYS.has(key)) return 'name';
  if (HYPERPARAMETER_KEYS.has(key)) return 'hyperparameter';
  if (CLIPPING_KEYS.has(key)) return 'clipping';
  if (SCHEDULE_KEYS.has(key) || key.startsWith('warmup') || key.endsWith('_warmup_steps')) return 'schedule';
  return null;
}

/** Top-level keys only DeepSpeed configs have. */
export const DEEPSPEED_KEYS = ['zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size', 'gradient_clipping', 'zero_allow_untested_optimizer', 'steps_per_print'];

/** Keys of transformers.TrainingArguments that other configs rarely use. */
export const HF_ARGUMENT_KEYS = [
  'per_device_train_batch_size', 'lr_scheduler_type', 'output_dir', 'warmup_ratio', 'max_grad_norm', 'num_train_epochs',
  'gradient_accumulation_steps', 'adam_beta1', 'adam_epsilon', 'logging_steps', 'evaluation_strategy', 'eval_strategy', 'save_strategy',
];
