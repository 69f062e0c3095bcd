/**
 * The two faces of `optlens lint`: JSON for tools (1-based lines and columns, the schema of issue 6 plus
 * `framework`, `resolved_from`, `groups` and per-file `problems`), and grep-friendly lines for people
 * (`path:line:column  severity  CODE  message`, then `path:line:column  kind  name  params` per setting).
 */
import type { Param, ParamMap, Setting } from '../core/config';
import type { ConfigDiagnostic } from '../core/config/rules';

export interface LintedFile {
  path: string;
  settings: Setting[];
  diagnostics: ConfigDiagnostic[];
  problems: string[];
  /** Set when the file could not be read: it is reported on stderr and left out of the output. */
  readError?: string;
}

function paramJson(p: Param): Record<string, unknown> {
  const out: Record<string, unknown> = { text: p.text };
  if (p.value !== undefined) out.value = typeof p.value === 'number' && !Number.isFinite(p.value) ? null : p.value;
  out.line = p.range.start.line;
  if (p.resolvedFrom !== undefined) out.resolved_from = p.resolvedFrom;
  return out;
}

function paramsJson(params: ParamMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, p]) => [k, paramJson(p)]));
}

export function settingJson(s: Setting): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: s.kind, name: s.name, framework: s.framework,
    line: s.range.start.line, column: s.range.start.column, end_line: s.range.end.line, end_column: s.range.end.column,
    params: paramsJson(s.params),
  };
  if (s.groups) out.groups = s.groups.map(paramsJson);
  if (s.note !== undefined) out.note = s.note;
  return out;
}

export function diagnosticJson(d: ConfigDiagnostic): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: d.code, severity: d.severity, message: d.message,
    line: d.range.start.line, column: d.range.start.column, end_line: d.range.end.line, end_column: d.range.end.column,
  };
  if (d.fix) out.fix = { title: d.fix.title, edits: d.fix.edits.map((e) => ({ line: e.range.start.line, column: e.range.start.column, end_line: e.range.end.line, end_column: e.range.end.column, new_text: e.newText })) };
  return out;
}

export function writeLintJson(files: readonly LintedFile[], write: (text: string) => void): void {
  const body = files.map((f) => ({ path: f.path, settings: f.settings.map(settingJson), diagnostics: f.diagnostics.map(diagnosticJson), problems: f.problems }));
  write(JSON.stringify({ files: body }, null, 2) + '\n');
}

/** Arguments that only say what the setting applies to (the model's parameters, the optimizer). */
const TARGET_ARGS = new Set(['params', 'parameters', 'optimizer']);

/** Twelve significant digits: 3e-4 / 10 reads 0.00003, not 0.000029999999999999997. */
function shortValue(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(12)));
  if (Array.isArray(v)) return `[${v.map(shortValue).join(', ')}]`;
  return JSON.stringify(v);
}

function paramText(name: string, p: Param): string {
  const shown = p.text.length > 40 ? `${p.text.slice(0, 37)}...` : p.text;
  let out = `${name}=${shown.split('\n').map((l) => l.trim()).join(' ')}`;
  // A literal speaks for itself; a value found elsewhere (argparse, an assignment, an interpolation) is shown.
  if (p.resolvedFrom !== undefined) out += ` (= ${p.value === undefined ? '?' : shortValue(p.value)}: ${p.resolvedFrom})`;
  return out;
}

export function writeLintText(files: readonly LintedFile[], write: (text: string) => void): void {
  let count = 0;
  let found = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      found++;
      write(`${f.path}:${d.range.start.line}:${d.range.start.column}  ${d.severity}  ${d.code}  ${d.message}\n`);
    }
    for (const s of f.settings) {
      count++;
      const params = Object.entries(s.params).filter(([k, p]) => !(TARGET_ARGS.has(k) && p.value === undefined));
      const groups = (s.groups ?? []).map((g, i) => ` group ${i}: {${Object.entries(g).map(([k, p]) => paramText(k, p)).join(', ')}}`).join('');
      const note = s.note ? `  [${s.note}]` : '';
      write(`${f.path}:${s.range.start.line}:${s.range.start.column}  ${s.kind}  ${s.name} (${s.framework})  ${params.map(([k, p]) => paramText(k, p)).join(', ')}${groups}${note}\n`);
    }
    for (const problem of f.problems) write(`${f.path}: ${problem}\n`);
  }
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  write(`${plural(found, 'diagnostic')}, ${plural(count, 'setting')} in ${plural(files.length, 'file')}\n`);
}
