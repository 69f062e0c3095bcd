/**
 * Exact text edits for the rules' quick fixes: replace a value, or add an argument to a Python call. The
 * editor turns them into an undoable WorkspaceEdit; everything else in the file (formatting, comments) is kept.
 */
import type { Param, Setting, SourcePosition } from '../types';
import type { SuggestedFix } from './types';

/**
 * A number as text every target reads as a float: plain decimals when short (0.9, 0.01), else a mantissa with
 * a dot and a signed exponent (1.0e-05), which Python, JSON, YAML 1.2 and YAML 1.1 loaders all accept.
 */
export function numberText(x: number): string {
  const abs = Math.abs(x);
  if (x === 0 || (abs >= 1e-4 && abs < 1e6)) {
    const s = String(Number(x.toPrecision(6)));
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential(5).split('e');
  const m = String(Number(mantissa));
  const e = Number(exponent);
  return `${m.includes('.') ? m : `${m}.0`}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function replaceValue(title: string, param: Param, newText: string): SuggestedFix {
  return { title, edits: [{ range: param.range, newText }] };
}

function at(p: SourcePosition): { start: SourcePosition; end: SourcePosition } {
  return { start: p, end: p };
}

/** `name=value` added to a Python call after its last argument; null for other languages or no place. */
export function addPythonArgument(title: string, s: Setting, language: string | null, name: string, valueText: string): SuggestedFix | null {
  if (language !== 'python' || !s.insertAt || s.insertSeparator === undefined) return null;
  return { title, edits: [{ range: at(s.insertAt), newText: `${s.insertSeparator}${name}=${valueText}` }] };
}

/** Statements inserted before a line (at its start), each at the line's indentation. */
export function insertLinesBefore(title: string, lineStart: SourcePosition, indent: string, lines: string[]): SuggestedFix {
  return { title, edits: [{ range: at(lineStart), newText: lines.map((l) => `${indent}${l}\n`).join('') }] };
}
