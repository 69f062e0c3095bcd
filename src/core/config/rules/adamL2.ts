/**
 * OL008: torch.optim.Adam with weight_decay > 0. PyTorch's Adam adds weight_decay*theta to the gradient
 * (L2), so the decay is divided by sqrt(v) like the gradient: weights with large gradients are barely
 * decayed. Loshchilov & Hutter 2019 show this is not weight decay and propose AdamW (theta *= 1 - lr*wd
 * every step). Keras optimizers and DeepSpeed's Adam (adam_w_mode=True by default) already decouple it.
 */
import type { Param, ParamMap } from '../types';
import { fmt } from './facts';
import type { ConfigDiagnostic, ConfigRule } from './types';

const TORCH_FRAMEWORKS = new Set(['pytorch', 'lightning', 'hydra']);

export const adamL2: ConfigRule = {
  code: 'OL008',
  id: 'adam-l2-weight-decay',
  summary: 'Adam with L2 weight_decay where AdamW (decoupled decay) was likely meant',
  severity: 'info',
  check({ extraction }) {
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.name !== 'torch.optim.Adam' || !TORCH_FRAMEWORKS.has(s.framework)) return;
      const candidates: [ParamMap, string][] = [[s.params, ''], ...(s.groups ?? []).map((g, k): [ParamMap, string] => [g, ` (parameter group ${k})`])];
      for (const [params, where] of candidates) {
        const wd: Param | undefined = params.weight_decay;
        if (!wd || typeof wd.value !== 'number' || wd.value <= 0) continue;
        out.push({
          code: 'OL008', severity: 'info', setting: i, param: 'weight_decay', range: wd.range,
          message: `torch.optim.Adam with weight_decay = ${fmt(wd.value)}${where} adds ${fmt(wd.value)}*weight to the gradient (L2), which Adam then divides by sqrt(v): weights with large gradients are barely decayed (Loshchilov & Hutter 2019). torch.optim.AdamW shrinks every weight by lr*weight_decay per step, which is what "weight decay" usually means.`,
        });
        break;
      }
    });
    return out;
  },
};
