/** Every config rule, in code order, and `runRules`: the diagnostics of one extraction. */
import type { ConfigExtraction } from '../types';
import { adamL2 } from './adamL2';
import { missingClipping } from './clipping';
import { effectiveStep } from './effectiveStep';
import { fp16Epsilon } from './fp16Epsilon';
import { learningRateRange } from './learningRateRange';
import { momentumRange } from './momentumRange';
import { nesterovMisuse } from './nesterov';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from './options';
import type { ConfigDiagnostic, ConfigRule } from './types';
import { missingWarmup } from './warmup';
import { yamlExponent } from './yamlExponent';

export const CONFIG_RULES: readonly ConfigRule[] = [
  momentumRange, nesterovMisuse, learningRateRange, effectiveStep, missingWarmup, missingClipping, yamlExponent, adamL2, fp16Epsilon,
];

/** The diagnostics of every rule, in source order. A rule that throws is skipped, never the others. */
export function runRules(extraction: ConfigExtraction, options: Partial<RuleOptions> = {}): ConfigDiagnostic[] {
  const ctx = { extraction, options: { ...DEFAULT_RULE_OPTIONS, ...options } };
  const out: ConfigDiagnostic[] = [];
  for (const rule of CONFIG_RULES) {
    try {
      out.push(...rule.check(ctx));
    } catch {
      // A rule bug must not hide the other rules' diagnostics (the unit tests keep each rule honest).
    }
  }
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code));
}

export { DEFAULT_RULE_OPTIONS, type RuleOptions } from './options';
export type { ConfigDiagnostic, ConfigRule, SuggestedFix, TextEdit } from './types';
