/**
 * What a person reading each fixture under test/fixtures/config finds in it: every setting (kind, name, the
 * line it starts on, located by a snippet of that line) and the values of the parameters it gives. Written
 * from the fixtures by hand, not from the extractor's output. Lines holding "DECOY" are comments or strings
 * that look like settings: nothing may be found there.
 */
import type { ParamValue, SettingKind } from '../../../src/core/config/types';

export interface ExpectedSetting {
  kind: SettingKind;
  name: string;
  /** A snippet of the line the setting starts on (the first line containing it). */
  at: string;
  params: Record<string, ParamValue | undefined>;
  /** Per parameter group: the options it sets. */
  groups?: Record<string, ParamValue>[];
}

export const EXPECTED: Record<string, ExpectedSetting[]> = {
  'mnist_pytorch.py': [
    { kind: 'optimizer', name: 'torch.optim.Adadelta', at: 'optimizer = optim.Adadelta(', params: { lr: 1.0 } },
    { kind: 'scheduler', name: 'StepLR', at: 'scheduler = StepLR(', params: { step_size: 1, gamma: 0.7 } },
  ],
  'imagenet_pytorch.py': [
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'optimizer = torch.optim.SGD(', params: { lr: 0.1, momentum: 0.9, weight_decay: 1e-4 } },
    { kind: 'scheduler', name: 'StepLR', at: 'scheduler = StepLR(optimizer, step_size=30', params: { step_size: 30, gamma: 0.1 } },
  ],
  'finetune_pytorch.py': [
    {
      kind: 'optimizer', name: 'torch.optim.AdamW', at: 'optimizer = DecoupledAdam(',
      params: { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-8, weight_decay: 0.05 },
      groups: [{ lr: 3e-5 }, { weight_decay: 0 }],
    },
    { kind: 'scheduler', name: 'LinearLR', at: 'warmup = LinearLR(', params: { start_factor: 0.01, total_iters: 5 } },
    { kind: 'scheduler', name: 'CosineAnnealingLR', at: 'cosine = CosineAnnealingLR(', params: { T_max: 95, eta_min: 1e-6 } },
    { kind: 'scheduler', name: 'SequentialLR', at: 'scheduler = SequentialLR(', params: { milestones: [5] } },
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'rnn_opt = SGD(', params: { lr: 1.0, momentum: 0.99, dampening: 0, weight_decay: 0, nesterov: true } },
    { kind: 'scheduler', name: 'ReduceLROnPlateau', at: 'plateau = ReduceLROnPlateau(', params: { mode: 'min', factor: 0.5, patience: 3 } },
    { kind: 'scheduler', name: 'OneCycleLR', at: 'one_cycle = OneCycleLR(', params: { max_lr: 0.1, total_steps: 10000, pct_start: 0.3 } },
    { kind: 'clipping', name: 'clip_grad_norm_', at: 'clip_grad_norm_(backbone', params: { max_norm: 1.0 } },
    { kind: 'clipping', name: 'clip_grad_value_', at: 'torch.nn.utils.clip_grad_value_(', params: { clip_value: 0.5 } },
  ],
  'keras_examples.py': [
    { kind: 'optimizer', name: 'keras.optimizers.Adam', at: 'model.compile(loss=', params: {} },
    { kind: 'scheduler', name: 'keras.optimizers.schedules.ExponentialDecay', at: 'lr_schedule = keras.optimizers', params: { initial_learning_rate: 1e-2, decay_steps: 10000, decay_rate: 0.9 } },
    { kind: 'optimizer', name: 'keras.optimizers.RMSprop', at: 'optimizer=keras.optimizers.RMSprop(', params: { learning_rate: undefined, clipnorm: 1.0 } },
    { kind: 'optimizer', name: 'keras.optimizers.SGD', at: 'legacy = tf.keras', params: { lr: 0.01, decay: 1e-6, momentum: 0.9, nesterov: true } },
    { kind: 'optimizer', name: 'keras.optimizers.Adam', at: 'adam = tf.keras', params: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
    { kind: 'optimizer', name: 'keras.optimizers.AdamW', at: 'adamw = keras', params: { learning_rate: 3e-4, weight_decay: 0.004, global_clipnorm: 1.0 } },
    { kind: 'scheduler', name: 'keras.callbacks.ReduceLROnPlateau', at: 'keras.callbacks.ReduceLROnPlateau(', params: { monitor: 'val_loss', factor: 0.2, patience: 5, min_lr: 0.001 } },
  ],
  'hf_glue.py': [
    {
      kind: 'training_args', name: 'TrainingArguments', at: 'training_args = TrainingArguments(',
      params: {
        output_dir: 'outputs/glue-mrpc', learning_rate: 2e-5, per_device_train_batch_size: 32, num_train_epochs: 3, weight_decay: 0.01,
        warmup_ratio: 0.1, lr_scheduler_type: 'cosine', max_grad_norm: 1.0, optim: 'adamw_torch', fp16: true,
      },
    },
    {
      kind: 'optimizer', name: 'torch.optim.AdamW', at: 'optimizer = torch.optim.AdamW(', params: { lr: 5e-5 },
      groups: [{ weight_decay: 0 }, { weight_decay: 0 }],
    },
    { kind: 'scheduler', name: 'get_scheduler', at: 'lr_scheduler = get_scheduler(', params: { name: 'linear', num_warmup_steps: 0, num_training_steps: 1000 } },
    { kind: 'clipping', name: 'clip_grad_norm_', at: 'accelerator.clip_grad_norm_(', params: { max_norm: 1.0 } },
  ],
  'lightning_module.py': [
    { kind: 'optimizer', name: 'torch.optim.AdamW', at: 'optimizer = torch.optim.AdamW(', params: { lr: 2e-4, weight_decay: 0.01 } },
    { kind: 'scheduler', name: 'LinearLR', at: 'scheduler = torch.optim.lr_scheduler.LinearLR(', params: { start_factor: 0.1, total_iters: 500 } },
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'return torch.optim.SGD(self.parameters(), lr=0.05', params: { lr: 0.05, momentum: 0.9, nesterov: true } },
    { kind: 'clipping', name: 'gradient_clip_val', at: 'trainer = L.Trainer(', params: { gradient_clip_val: 1.0, gradient_clip_algorithm: 'norm' } },
  ],
  'broken_script.py': [
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'optimizer = optim.SGD(', params: { lr: 0.05, momentum: 0.9 } },
    { kind: 'scheduler', name: 'ExponentialLR', at: 'sched = optim.lr_scheduler', params: { gamma: 0.95 } },
    { kind: 'optimizer', name: 'torch.optim.Adam', at: 'other = optim.Adam(', params: { lr: 1e-3 } },
  ],
  'lightning_cli.yaml': [
    { kind: 'clipping', name: 'gradient_clip_val', at: '  gradient_clip_val: 0.5', params: { gradient_clip_val: 0.5, gradient_clip_algorithm: 'norm' } },
    { kind: 'optimizer', name: 'torch.optim.AdamW', at: 'optimizer:', params: { lr: 1e-4, weight_decay: 0.05, betas: [0.9, 0.98] } },
    { kind: 'scheduler', name: 'OneCycleLR', at: 'lr_scheduler:', params: { max_lr: 0.001, total_steps: 12000, pct_start: 0.1 } },
  ],
  'hydra_config.yaml': [
    { kind: 'optimizer', name: 'optimizer settings', at: 'lr: 0.1', params: { lr: 0.1 } },
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'optimizer:', params: { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4 } },
    { kind: 'scheduler', name: 'CosineAnnealingLR', at: 'scheduler:', params: { T_max: 90, eta_min: 0 } },
  ],
  'generic_train.yml': [
    { kind: 'optimizer', name: 'adamw', at: 'optimizer: adamw', params: { optimizer: 'adamw', learning_rate: 5e-5, weight_decay: 0.01, betas: [0.9, 0.999], eps: 1e-8, warmup_steps: 1000 } },
    { kind: 'clipping', name: 'max_grad_norm', at: 'max_grad_norm: 1.0', params: { max_grad_norm: 1.0 } },
    { kind: 'optimizer', name: 'sweep[0]', at: '- lr: 0.001', params: { lr: 0.001, momentum: 0.9 } },
    { kind: 'optimizer', name: 'sweep[1]', at: '- lr: 0.01', params: { lr: 0.01, momentum: 0.99 } },
  ],
  'ds_config.json': [
    { kind: 'clipping', name: 'gradient_clipping', at: '"gradient_clipping": 1.0', params: { gradient_clipping: 1.0 } },
    { kind: 'optimizer', name: 'AdamW', at: '"optimizer": {', params: { lr: 3e-5, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 3e-7 } },
    { kind: 'scheduler', name: 'WarmupDecayLR', at: '"scheduler": {', params: { warmup_min_lr: 0, warmup_max_lr: 3e-5, warmup_num_steps: 500, total_num_steps: 10000 } },
  ],
  'training_args.json': [
    {
      kind: 'training_args', name: 'TrainingArguments', at: '{',
      params: {
        learning_rate: 2e-4, weight_decay: 0, adam_beta1: 0.9, adam_beta2: 0.999, adam_epsilon: 1e-8, max_grad_norm: 0.3,
        lr_scheduler_type: 'cosine', warmup_ratio: 0.03, warmup_steps: 0, optim: 'paged_adamw_32bit', bf16: true,
        per_device_train_batch_size: 4, gradient_accumulation_steps: 8, num_train_epochs: 3,
      },
    },
  ],
  'broken_config.yaml': [
    { kind: 'optimizer', name: 'torch.optim.SGD', at: 'optimizer:', params: { lr: 0.05, momentum: 0.9 } },
  ],
};
