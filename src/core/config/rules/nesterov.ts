/**
 * OL002: PyTorch SGD with nesterov=True needs momentum > 0 and dampening = 0; otherwise the constructor
 * raises ValueError("Nesterov momentum requires a momentum and zero dampening") before training starts.
 * Momentum not given is PyTorch's default 0.
 */
import { fmt, numberParam } from './facts';
import { addPythonArgument, replaceValue } from './fixes';
import type { ConfigDiagnostic, ConfigRule } from './types';

const TORCH_FRAMEWORKS = new Set(['pytorch', 'lightning', 'hydra']);

export const nesterovMisuse: ConfigRule = {
  code: 'OL002',
  id: 'nesterov-without-momentum',
  summary: 'PyTorch SGD with nesterov=True and zero momentum or non-zero dampening (PyTorch raises)',
  severity: 'error',
  check({ extraction }) {
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.name !== 'torch.optim.SGD' || !TORCH_FRAMEWORKS.has(s.framework)) return;
      const nesterov = s.params.nesterov;
      if (!nesterov || nesterov.value !== true) return;
      const momentum = s.params.momentum;
      const m = numberParam(s.params, 'momentum');
      const d = numberParam(s.params, 'dampening');
      if (momentum && !m) return; // given but unknown (args.momentum without a default): cannot tell
      if (s.params.dampening && !d) return;
      const mValue = m ? m.value : 0;
      const dValue = d ? d.value : 0;
      if (mValue > 0 && dValue === 0) return;
      const problems: string[] = [];
      if (mValue <= 0) problems.push(`momentum = ${fmt(mValue)}${m ? '' : ' (not given: the default)'}`);
      if (dValue !== 0) problems.push(`dampening = ${fmt(dValue)}`);
      const diagnostic: ConfigDiagnostic = {
        code: 'OL002', severity: 'error', setting: i, param: mValue <= 0 ? 'momentum' : 'dampening',
        range: (mValue <= 0 ? m?.param.range : d?.param.range) ?? nesterov.range,
        message: `nesterov=True with ${problems.join(' and ')}: PyTorch raises ValueError ("Nesterov momentum requires a momentum and zero dampening") when the optimizer is built. Give momentum > 0 (e.g. 0.9) and dampening 0, or drop nesterov.`,
      };
      const parts = [
        mValue > 0 ? null : m ? replaceValue('', m.param, '0.9') : addPythonArgument('', s, extraction.language, 'momentum', '0.9'),
        dValue === 0 ? null : d ? replaceValue('', d.param, '0') : null,
      ];
      const needed = (mValue <= 0 ? 1 : 0) + (dValue !== 0 ? 1 : 0);
      const edits = parts.flatMap((p) => (p ? p.edits : []));
      if (edits.length === needed) {
        diagnostic.fix = { title: 'Set ' + [mValue <= 0 ? 'momentum=0.9' : '', dValue !== 0 ? 'dampening=0' : ''].filter(Boolean).join(' and '), edits };
      }
      out.push(diagnostic);
    });
    return out;
  },
};
