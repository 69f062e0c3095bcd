/**
 * OL009: an Adam-family epsilon that rounds to zero in float16 optimizer states. When the parameters are
 * cast to float16 (model.half(), .to(torch.float16), Keras's pure "float16" policy), the optimizer's states
 * and arithmetic are float16 too, whose smallest subnormal is 2^-24 = 5.96e-8: an epsilon below 2^-25 =
 * 2.98e-8 (PyTorch's default 1e-8) becomes 0, and where a gradient is 0 the step is 0/0 = NaN. Mixed precision
 * (torch.autocast, HF fp16=True, DeepSpeed fp16, Keras "mixed_float16") keeps float32 states and is fine.
 */
import { fmt, isAdamFamily, isKeras, numberParam } from './facts';
import { addPythonArgument, replaceValue } from './fixes';
import type { ConfigDiagnostic, ConfigRule } from './types';

/** Values below half the smallest float16 subnormal round to zero. */
export const FP16_ZERO_BELOW = 2 ** -25;

export const fp16Epsilon: ConfigRule = {
  code: 'OL009',
  id: 'epsilon-zero-in-fp16',
  summary: 'Adam epsilon too small for float16 optimizer states (rounds to zero)',
  severity: 'warning',
  check({ extraction }) {
    const cast = extraction.hints.find((h) => h.kind === 'fp16_params');
    if (!cast) return [];
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.kind !== 'optimizer' || !isAdamFamily(s)) return;
      const given = numberParam(s.params, 'eps', 'epsilon');
      if ((s.params.eps || s.params.epsilon) && !given) return; // given, value unknown
      const eps = given ? given.value : isKeras(s) ? 1e-7 : 1e-8;
      if (eps >= FP16_ZERO_BELOW) return;
      const name = given?.name ?? (isKeras(s) ? 'epsilon' : 'eps');
      const fix = given ? replaceValue(`Use ${name}=1e-4`, given.param, '0.0001') : addPythonArgument(`Add ${name}=1e-4`, s, extraction.language, name, '1e-4');
      out.push({
        ...(fix ? { fix } : {}),
        code: 'OL009', severity: 'warning', setting: i, param: name, range: given?.param.range ?? s.range,
        message: `epsilon ${fmt(eps)}${given ? '' : ' (the default)'} rounds to 0 in float16 (below 2^-25 = 2.98e-8), and the parameters are float16 (${cast.what}, line ${cast.range.start.line}), so the optimizer states are too: where a gradient is 0 the step is 0/0 = NaN. Use eps=1e-4 (float16's smallest normal is 6.1e-5), or keep float32 weights with torch.autocast.`,
      });
    });
    return out;
  },
};
