/**
 * OL007: a YAML number such as `1e-5` that YAML 1.1 loaders read as a string. PyYAML's yaml.safe_load, which
 * most training scripts call on their config, resolves a float only with a dot and, when there is an exponent,
 * a signed one (`[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`); `1e-5` and `1.0e5` stay strings, and PyTorch
 * then raises TypeError comparing str and float. YAML 1.2 parsers, OmegaConf (Hydra) and jsonargparse
 * (Lightning CLI) replace that resolver and read them as numbers, so Hydra and Lightning files are left alone.
 */
import type { Param } from '../types';
import type { ConfigDiagnostic, ConfigRule } from './types';

/** `1e-5` -> `1.0e-5`, `2E5` -> `2.0E+5`; null when YAML 1.1 already reads it as a float (or it has no exponent). */
export function yaml11FloatText(text: string): string | null {
  const t = text.trim();
  const e = Math.max(t.indexOf('e'), t.indexOf('E'));
  if (e <= 0) return null;
  let mantissa = t.slice(0, e);
  let exponent = t.slice(e + 1);
  const digits = (s: string): boolean => s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');
  const unsigned = mantissa[0] === '-' || mantissa[0] === '+' ? mantissa.slice(1) : mantissa;
  const [whole, fraction = null] = unsigned.split('.');
  if (!digits(whole) || (fraction !== null && fraction !== '' && !digits(fraction))) return null;
  const signed = exponent[0] === '-' || exponent[0] === '+';
  if (!digits(signed ? exponent.slice(1) : exponent)) return null;
  if (fraction !== null && signed) return null; // already a YAML 1.1 float
  if (fraction === null) mantissa += '.0';
  if (!signed) exponent = `+${exponent}`;
  return `${mantissa}${t[e]}${exponent}`;
}

export const yamlExponent: ConfigRule = {
  code: 'OL007',
  id: 'yaml-exponent-read-as-string',
  summary: 'YAML number like 1e-5 that YAML 1.1 loaders such as PyYAML read as a string',
  severity: 'warning',
  check({ extraction }) {
    if (extraction.language !== 'yaml' || extraction.settings.some((s) => s.framework === 'hydra' || s.framework === 'lightning')) return [];
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      const check = (name: string, p: Param): void => {
        if (typeof p.value !== 'number') return;
        const fixed = yaml11FloatText(p.text);
        if (fixed === null) return;
        out.push({
          code: 'OL007', severity: 'warning', setting: i, param: name, range: p.range,
          message: `${name}: ${p.text} is a number in YAML 1.2 but a string for YAML 1.1 loaders such as PyYAML's yaml.safe_load, which need a dot and a signed exponent; the optimizer then gets "${p.text}" and PyTorch raises TypeError. Write ${fixed}.`,
          fix: { title: `Write ${fixed}`, edits: [{ range: p.range, newText: fixed }] },
        });
      };
      for (const [name, p] of Object.entries(s.params)) check(name, p);
    });
    return out;
  },
};
