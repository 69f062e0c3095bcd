/**
 * Calls that tell the rules what is being trained: recurrent layers and attention (Pascanu et al. 2013:
 * their gradients can explode, so clipping matters) and parameters cast to float16 (the optimizer's states
 * then live in fp16, where an epsilon below 2^-25 rounds to zero).
 */
import type { TrainingHint } from '../types';

const RECURRENT = new Set([
  'torch.nn.LSTM', 'torch.nn.GRU', 'torch.nn.RNN', 'torch.nn.LSTMCell', 'torch.nn.GRUCell', 'torch.nn.RNNCell',
  'keras.layers.LSTM', 'keras.layers.GRU', 'keras.layers.SimpleRNN', 'keras.layers.RNN', 'keras.layers.LSTMCell', 'keras.layers.GRUCell',
]);

const ATTENTION = new Set([
  'torch.nn.Transformer', 'torch.nn.TransformerEncoder', 'torch.nn.TransformerDecoder', 'torch.nn.TransformerEncoderLayer',
  'torch.nn.TransformerDecoderLayer', 'torch.nn.MultiheadAttention', 'keras.layers.MultiHeadAttention', 'keras.layers.Attention',
]);

/** Float16 spellings in `.to(torch.float16)` and `set_global_policy("float16")`. */
const FP16 = new Set(['torch.float16', 'torch.half', '"float16"', "'float16'"]);

/**
 * The hint a call gives, from its qualified callee (`qualified`, through the imports), the callee as
 * written and the text of its arguments; null for most calls.
 */
export function hintOfCall(qualified: string[], written: string, argTexts: string[]): Omit<TrainingHint, 'range'> | null {
  for (const q of qualified) {
    const k = q.startsWith('tensorflow.keras.') ? q.slice('tensorflow.'.length) : q;
    if (RECURRENT.has(k)) return { kind: 'recurrent', what: k };
    if (ATTENTION.has(k)) return { kind: 'attention', what: k };
    if (k.startsWith('transformers.') && (k.includes('.AutoModel') || k.endsWith('.from_pretrained') && k.includes('Model'))) {
      return { kind: 'attention', what: k };
    }
    if ((k.endsWith('mixed_precision.set_global_policy') || k.endsWith('backend.set_floatx')) && FP16.has(argTexts[0] ?? '')) {
      return { kind: 'fp16_params', what: `${written}(${argTexts[0]})` };
    }
  }
  const dot = written.lastIndexOf('.');
  const method = written.slice(dot + 1);
  if (dot > 0 && method === 'half' && argTexts.length === 0) return { kind: 'fp16_params', what: `${written}()` };
  if (dot > 0 && method === 'to' && argTexts.some((a) => FP16.has(a) || a === 'dtype=torch.float16')) return { kind: 'fp16_params', what: `${written}(${argTexts.join(', ')})` };
  return null;
}
