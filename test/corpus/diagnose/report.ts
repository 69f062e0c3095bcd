/** Plain-text report of an evaluation: the per-kind table, false alarms, before-NaN rate, fixes, misclassified runs. */
import type { Corpus } from './types';
import type { Evaluation } from './evaluate';

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a';
}

function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'n/a';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function ambiguousSummary(corpus: Corpus): string {
  const byFamily = new Map<string, number>();
  for (const a of corpus.ambiguous) byFamily.set(a.family, (byFamily.get(a.family) ?? 0) + 1);
  return `${corpus.ambiguous.length} ambiguous runs excluded from scoring (${[...byFamily].map(([f, n]) => `${f} ${n}`).join(', ')})`;
}

export function formatEvaluation(e: Evaluation, listLimit = 25): string[] {
  const out: string[] = [];
  out.push(...table(
    ['kind', 'expected', 'found', 'hits', 'precision', 'recall', 'delay p50', 'delay p90'],
    e.kinds.map((k) => [k.kind, String(k.expected), String(k.found), String(k.hits), pct(k.precision), pct(k.recall), num(k.medianDelay), num(k.p90Delay)]),
  ));
  out.push('');
  const h = e.healthy;
  out.push(`healthy runs without any finding: ${h.runs - h.falseAlarms.length}/${h.runs} = ${pct(h.cleanRate)} (target >= 99%)`);
  for (const f of h.falseAlarms.slice(0, listLimit)) out.push(`  false alarm: ${f.id}: ${f.kinds.join(', ')}`);
  if (h.falseAlarms.length > listLimit) out.push(`  ... and ${h.falseAlarms.length - listLimit} more`);
  const d = e.divergenceBeforeNan;
  out.push(`divergence flagged before the first NaN / blow-up row: ${d.before}/${d.runs} = ${pct(d.rate)} (target >= 90%)`);
  for (const late of d.late.slice(0, listLimit)) out.push(`  late or missed: ${late}`);
  if (d.late.length > listLimit) out.push(`  ... and ${d.late.length - listLimit} more`);
  if (e.fixes) {
    const f = e.fixes;
    out.push(`top fix re-run healthy (labels AND detectors): ${f.both}/${f.trials.length} = ${pct(f.rate)} (target >= 95%); by labels ${f.healthyByLabels}, clean by detectors ${f.cleanByDetectors}`);
    out.push(`  over the runs some common optimizer setting heals: ${f.both}/${f.trials.length - f.unfixable} = ${pct(f.fixableRate)}; ${f.unfixable} runs no setting heals (SGD 1e-5..3 plain or momentum 0.9, Adam 1e-3..0.1)`);
    const split = new Map<string, { ok: number; all: number; unfixable: number }>();
    for (const t of f.trials) {
      for (const key of [`${t.family}`, `[${t.kind}]`]) {
        const v = split.get(key) ?? { ok: 0, all: 0, unfixable: 0 };
        v.all++;
        if (t.healthyByLabels && t.cleanByDetectors) v.ok++;
        if (t.fixable === false) v.unfixable++;
        split.set(key, v);
      }
    }
    out.push(`  by family and [kind]: ${[...split].map(([k, v]) => `${k} ${v.ok}/${v.all}${v.unfixable ? ` (${v.unfixable} unfixable)` : ''}`).join(', ')}`);
    const failed = f.trials.filter((t) => !(t.healthyByLabels && t.cleanByDetectors));
    for (const t of failed.slice(0, listLimit)) out.push(`  not fixed${t.fixable === false ? ' (no setting heals it)' : ''}: ${t.id} [${t.kind}] fix "${t.fix}": ${t.why}`);
    if (failed.length > listLimit) out.push(`  ... and ${failed.length - listLimit} more`);
  }
  out.push(`misclassified runs: ${e.misclassified.length}/${e.runs}`);
  for (const m of e.misclassified.slice(0, listLimit)) {
    out.push(`  ${m.id}: ${m.missed.length ? `missed ${m.missed.join(', ')}` : ''}${m.missed.length && m.falseKinds.length ? '; ' : ''}${m.falseKinds.length ? `false ${m.falseKinds.join(', ')}` : ''} — ${m.why}`);
  }
  if (e.misclassified.length > listLimit) out.push(`  ... and ${e.misclassified.length - listLimit} more`);
  return out;
}
