/**
 * Applying the rules' text edits to a text in memory: what the editor's WorkspaceEdit does, for the
 * "Simulate this config" fixed run and for tests. Offsets are those of the text the edits were made for.
 */
import type { SuggestedFix, TextEdit } from './rules/types';

/** The text with every edit applied (edits must not overlap; inserts at one offset keep their order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.range.start.offset - a.e.range.start.offset || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const { e } of sorted) {
    const from = e.range.start.offset;
    const to = e.range.end.offset;
    if (from < 0 || to < from || to > text.length || to > limit) throw new RangeError(`edit ${from}-${to} is outside the text or overlaps another`);
    out = out.slice(0, from) + e.newText + out.slice(to);
    limit = from;
  }
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const [a0, a1, b0, b1] = [a.range.start.offset, a.range.end.offset, b.range.start.offset, b.range.end.offset];
  // Two inserts at one point conflict too: their order would be a guess.
  return a0 < b1 && b0 < a1 ? true : a0 === b0 || (a0 === a1 && a0 > b0 && a0 < b1) || (b0 === b1 && b0 > a0 && b0 < a1);
}

/** The fixes that can be applied together, in order: a fix touching text an earlier one touches is left out. */
export function compatibleFixes(fixes: readonly SuggestedFix[]): SuggestedFix[] {
  const kept: SuggestedFix[] = [];
  for (const f of fixes) {
    if (kept.some((k) => k.edits.some((a) => f.edits.some((b) => overlaps(a, b))))) continue;
    kept.push(f);
  }
  return kept;
}
