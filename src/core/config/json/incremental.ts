/**
 * The editor's JSON path: when an edit falls inside the value of one top-level property
 * (`"optimizer": {...}`), only that value is parsed again and the rest of the previous tree is reused, later
 * properties moved by the edit's length. jsonc-parser cannot re-parse part of a text.
 *
 * Why the result is the one a whole read gives: the previous text parsed without error, so the value's old
 * text started and ended at token boundaries, outside any string or comment, and the character after it is
 * whitespace, `,`, `}` or `/`, which ends any token. If the value's new text parses alone without error as
 * exactly one value spanning all of it (no whitespace, comment or second value around it), a whole parse
 * reads the same tokens before it, this value, and the same tokens after it in the same parser state: the
 * same tree with this one value replaced. Anything else — a previous text with errors, an edit before the
 * first key or after the last value, a new text that does not stand alone — reads the text whole (an edit
 * over keys first tries patchProperties below). Settings are extracted from the whole tree every time, so
 * facts that look across properties (DeepSpeed detection by top-level keys, interpolations, the rules) are
 * those of a whole read.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import { changedSpan } from '../python/incremental';
import { shiftEntry, shiftNode } from '../tree/shift';
import type { CfgEntry, CfgMap, CfgNode } from '../tree/types';
import type { ConfigExtraction } from '../types';
import { jsonExtraction } from './extract';
import { convertJson, JSON_OPTIONS, jsonTree } from './toTree';

export class IncrementalJson {
  /** The last text and its tree, kept only when that text parsed without error. */
  private last: { text: string; root: CfgNode } | null = null;

  extract(text: string): ConfigExtraction {
    const root = this.patched(text);
    if (root) {
      this.last = { text, root };
      return jsonExtraction(text, root, []);
    }
    const whole = jsonTree(text);
    this.last = whole.root && whole.errors.length === 0 ? { text, root: whole.root } : null;
    return jsonExtraction(text, whole.root, whole.errors);
  }

  /** The new tree when the edit stays inside one top-level value that still parses alone, or inside a run of
   * whole top-level properties that still parse alone; else null. */
  private patched(text: string): CfgNode | null {
    const last = this.last;
    if (!last || last.root.type !== 'map') return null;
    if (last.text === text) return last.root;
    const [start, endOld, endNew] = changedSpan(last.text, text);
    return this.patchValue(last.root, text, start, endOld, endNew) ?? this.patchProperties(last.root, text, start, endOld, endNew);
  }

  private patchValue(root: CfgMap, text: string, start: number, endOld: number, endNew: number): CfgMap | null {
    const entries = root.entries;
    // The last property whose value starts at or before the edit.
    const found = lastIndexAtOrBefore(entries, start, (e) => (e.value ? e.value.from : e.keyTo));
    const entry = entries[found];
    const value = entry?.value;
    if (!value || start < value.from || endOld > value.to) return null;
    const delta = endNew - endOld;
    const sub = text.slice(value.from, value.to + delta);
    const errors: ParseError[] = [];
    const node = parseTree(sub, errors, JSON_OPTIONS);
    if (!node || errors.length > 0 || node.offset !== 0 || node.length !== sub.length) return null;
    const fresh = convertJson(sub, node, 1);
    if (!fresh) return null;
    const out = entries.slice(0, found);
    out.push({ key: entry.key, keyFrom: entry.keyFrom, keyTo: entry.keyTo, value: shiftNode(fresh, value.from) });
    for (let i = found + 1; i < entries.length; i++) out.push(shiftEntry(entries[i], delta));
    return { type: 'map', entries: out, from: root.from, to: root.to + delta };
  }

  /**
   * An edit over keys or between properties (a property added, removed or renamed): the run of whole
   * properties from the one whose key starts at or before the edit to the one whose value ends at or after
   * it is parsed alone inside `{` `}`. The whole parse is in the same state at the run's start (a property
   * expected, after `{` or `,`) and its end (just after a value), so if the run parses without error, its
   * first property starting at its first character and its last value ending at its last, the whole tree is
   * the old one with these properties replaced.
   */
  private patchProperties(root: CfgMap, text: string, start: number, endOld: number, endNew: number): CfgMap | null {
    const entries = root.entries;
    const first = lastIndexAtOrBefore(entries, start, (e) => e.keyFrom);
    if (first < 0) return null;
    let lastIdx = first;
    while (lastIdx < entries.length && (entries[lastIdx].value?.to ?? -1) < endOld) lastIdx++;
    if (lastIdx >= entries.length || !entries[lastIdx].value) return null;
    const runFrom = entries[first].keyFrom;
    const runTo = (entries[lastIdx].value as CfgNode).to;
    const delta = endNew - endOld;
    const wrapped = `{${text.slice(runFrom, runTo + delta)}}`;
    const errors: ParseError[] = [];
    const node = parseTree(wrapped, errors, JSON_OPTIONS);
    const props = node?.children ?? [];
    const tail = props[props.length - 1]?.children?.[1];
    if (!node || errors.length > 0 || node.type !== 'object' || node.offset !== 0 || node.length !== wrapped.length || props.length === 0) return null;
    if (props[0].offset !== 1 || !tail || tail.offset + tail.length !== wrapped.length - 1) return null;
    const fresh = convertJson(wrapped, node, 0);
    if (!fresh || fresh.type !== 'map' || fresh.entries.length !== props.length) return null;
    const out = entries.slice(0, first);
    for (const e of fresh.entries) out.push(shiftEntry(e, runFrom - 1));
    for (let i = lastIdx + 1; i < entries.length; i++) out.push(shiftEntry(entries[i], delta));
    return { type: 'map', entries: out, from: root.from, to: root.to + delta };
  }
}

/** Index of the last entry whose `at` is at or before `offset` (entries are in source order); -1 if none. */
function lastIndexAtOrBefore(entries: CfgEntry[], offset: number, at: (e: CfgEntry) => number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(entries[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
