/**
 * OL006: a recurrent or attention model trained with no gradient clipping in the file. Recurrent
 * gradients are products over time steps and can grow exponentially (Pascanu, Mikolov & Bengio 2013, who
 * introduced norm clipping for it); transformer recipes clip at 1.0 (the Hugging Face Trainer's default
 * max_grad_norm). Python only (configs do not say what model they train); counted as clipping: clipping
 * calls, Keras clipnorm/clipvalue/global_clipnorm, Lightning gradient_clip_val, a TrainingArguments (whose
 * max_grad_norm defaults to 1.0) unless it sets max_grad_norm to 0.
 */
import type { Setting } from '../types';
import { addPythonArgument, insertLinesBefore } from './fixes';
import type { ConfigDiagnostic, ConfigRule, SuggestedFix } from './types';

const KERAS_CLIP = ['clipnorm', 'clipvalue', 'global_clipnorm'];

export function clips(settings: readonly Setting[]): boolean {
  return settings.some((s) => {
    if (s.kind === 'clipping') return true;
    if (KERAS_CLIP.some((k) => s.params[k] !== undefined && s.params[k].value !== null)) return true;
    if (s.kind === 'training_args') {
      const v = s.params.max_grad_norm?.value;
      return v === undefined || (typeof v === 'number' && v > 0);
    }
    return false;
  });
}

/**
 * Keras: `clipnorm=1.0` on the optimizer. PyTorch: `clip_grad_norm_(<the optimizer's parameters>, 1.0)` just
 * before the first optimizer step of the loop; with a GradScaler, `scaler.unscale_(optimizer)` first, as
 * PyTorch's AMP recipe requires (clipping scaled gradients would clip at the wrong norm).
 */
function clippingFix(s: Setting, extraction: RuleContextExtraction): SuggestedFix | null {
  if (s.framework === 'keras') return addPythonArgument('Add clipnorm=1.0', s, extraction.language, 'clipnorm', '1.0');
  const step = extraction.loopCalls.find((c) => c.kind === 'optimizer_step' || c.kind === 'scaler_step');
  if (!step) return null;
  const paramsText = s.params.params?.text ?? '';
  const parameters = paramsText.endsWith('.parameters()') ? paramsText : 'model.parameters()';
  const clip = `torch.nn.utils.clip_grad_norm_(${parameters}, max_norm=1.0)`;
  const lines = step.kind === 'scaler_step' ? [`${step.receiver}.unscale_(${s.target ?? 'optimizer'})`, clip] : [clip];
  return insertLinesBefore('Clip gradients at norm 1.0 before the optimizer step', step.lineStart, step.indent, lines);
}

type RuleContextExtraction = Parameters<ConfigRule['check']>[0]['extraction'];

export const missingClipping: ConfigRule = {
  code: 'OL006',
  id: 'no-gradient-clipping',
  summary: 'RNN/LSTM/transformer training with no gradient clipping',
  severity: 'warning',
  check({ extraction }) {
    if (extraction.language !== 'python') return [];
    const model = extraction.hints.find((h) => h.kind === 'recurrent' || h.kind === 'attention');
    if (!model || clips(extraction.settings)) return [];
    const index = extraction.settings.findIndex((s) => s.kind === 'optimizer');
    if (index < 0) return []; // the training is set up elsewhere: nothing here to fix
    const s = extraction.settings[index];
    const why = model.kind === 'recurrent'
      ? 'its gradients multiply through every time step and can grow exponentially (Pascanu et al. 2013), so one long sequence can throw the weights far away'
      : 'attention models have rare gradient spikes that recipes cap with norm clipping at 1.0 (the Hugging Face Trainer\'s default max_grad_norm)';
    const fix = s.framework === 'keras' ? 'add clipnorm=1.0 to the optimizer' : 'call torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0) before optimizer.step()';
    const diagnostic: ConfigDiagnostic = {
      code: 'OL006', severity: 'warning', setting: index, range: s.range,
      message: `${model.what} (line ${model.range.start.line}) is trained with no gradient clipping: ${why}. ${fix[0].toUpperCase()}${fix.slice(1)}.`,
    };
    const edit = clippingFix(extraction.settings[index], extraction);
    if (edit) diagnostic.fix = edit;
    return [diagnostic];
  },
};
