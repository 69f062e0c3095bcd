/**
 * What each imported name stands for: `import torch.optim as optim` makes `optim` mean `torch.optim`,
 * `from torch.optim import SGD as S` makes `S` mean `torch.optim.SGD`. Names nobody imported fall back to the
 * conventions of tutorials and snippets (`optim`, `nn`, `tf`, `lr_scheduler`, `F`).
 */
import type { SyntaxNode } from '@lezer/common';
import { textOf } from './syntax';

export interface ImportTable {
  /** Local name -> fully qualified name. */
  aliases: Map<string, string>;
  /** Modules imported with `from M import *`, in order. */
  starModules: string[];
}

const CONVENTIONAL: Record<string, string> = {
  torch: 'torch',
  optim: 'torch.optim',
  nn: 'torch.nn',
  lr_scheduler: 'torch.optim.lr_scheduler',
  tf: 'tensorflow',
  keras: 'keras',
  transformers: 'transformers',
  trl: 'trl',
  pl: 'pytorch_lightning',
  L: 'lightning',
};

/** One name an import binds (`local` means `qualified`), or a `from M import *` (local null, qualified M). */
export interface ImportEvent {
  local: string | null;
  qualified: string;
}

export function emptyImportTable(): ImportTable {
  return { aliases: new Map(), starModules: [] };
}

/** Applies the bindings of one import (later imports win, as in Python). */
export function applyImport(table: ImportTable, e: ImportEvent): void {
  if (e.local === null) table.starModules.push(e.qualified);
  else table.aliases.set(e.local, e.qualified);
}

/** A key that is equal for two tables exactly when every name qualifies the same in both. */
export function importTableKey(table: ImportTable): string {
  let key = table.starModules.join(',');
  for (const [local, qualified] of table.aliases) key += `;${local}=${qualified}`;
  return key;
}

/** Reads one ImportStatement into the bindings it makes, in order. */
export function importEvents(table: ImportEvent[], text: string, statement: SyntaxNode): void {
  const parts: SyntaxNode[] = [];
  for (let c = statement.firstChild; c; c = c.nextSibling) if (!c.type.isError && c.name !== 'Comment') parts.push(c);
  if (parts.length === 0) return;
  if (parts[0].name === 'from') {
    const importAt = parts.findIndex((n) => n.name === 'import');
    if (importAt < 0) return;
    const module = parts.slice(1, importAt).map((n) => textOf(text, n)).join('');
    if (module === '' || module.startsWith('.')) return; // relative import: a local module, not a framework
    const names = parts.slice(importAt + 1).filter((n) => n.name !== '(' && n.name !== ')');
    bindNames(table, text, names, (name) => `${module}.${name}`, module);
    return;
  }
  if (parts[0].name === 'import') bindModules(table, text, parts.slice(1));
}

/** `from M import a as b, c` (or `*`). */
function bindNames(table: ImportEvent[], text: string, names: SyntaxNode[], qualify: (name: string) => string, module: string): void {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n.name === '*') {
      table.push({ local: null, qualified: module });
    } else if (n.name === 'VariableName') {
      const name = textOf(text, n);
      if (names[i + 1]?.name === 'as' && names[i + 2]?.name === 'VariableName') {
        table.push({ local: textOf(text, names[i + 2]), qualified: qualify(name) });
        i += 2;
      } else {
        table.push({ local: name, qualified: qualify(name) });
      }
    }
  }
}

/** `import a.b as c, d.e` : `c` means a.b; `d` means d (Python binds the first segment). */
function bindModules(table: ImportEvent[], text: string, rest: SyntaxNode[]): void {
  let dotted: string[] = [];
  for (let i = 0; i <= rest.length; i++) {
    const n = rest[i];
    if (n === undefined || n.name === ',') {
      if (dotted.length > 0) table.push({ local: dotted[0], qualified: dotted[0] });
      dotted = [];
    } else if (n.name === 'as') {
      const alias = rest[i + 1];
      if (alias?.name === 'VariableName' && dotted.length > 0) table.push({ local: textOf(text, alias), qualified: dotted.join('.') });
      dotted = [];
      i++;
    } else if (n.name === 'VariableName') {
      dotted.push(textOf(text, n));
    }
  }
}

/**
 * The fully qualified name of a dotted name as written: its first segment through the imports (or the
 * conventions when nothing imported it). Returns the candidates to try, best first (star imports give several).
 */
export function qualify(table: ImportTable, dotted: string): string[] {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const tail = dot < 0 ? '' : dotted.slice(dot);
  const bound = table.aliases.get(head);
  if (bound !== undefined) return [bound + tail];
  const out = table.starModules.map((m) => `${m}.${dotted}`);
  const conventional = CONVENTIONAL[head];
  if (conventional !== undefined) out.push(conventional + tail);
  out.push(dotted);
  return out;
}
