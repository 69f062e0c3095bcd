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

export function emptyImportTable(): ImportTable {
  return { aliases: new Map(), starModules: [] };
}

/** Reads one ImportStatement into the table (later imports win, as in Python). */
export function addImport(table: ImportTable, text: string, statement: SyntaxNode): void {
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
function bindNames(table: ImportTable, text: string, names: SyntaxNode[], qualify: (name: string) => string, module: string): void {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n.name === '*') {
      table.starModules.push(module);
    } else if (n.name === 'VariableName') {
      const name = textOf(text, n);
      if (names[i + 1]?.name === 'as' && names[i + 2]?.name === 'VariableName') {
        table.aliases.set(textOf(text, names[i + 2]), qualify(name));
        i += 2;
      } else {
        table.aliases.set(name, qualify(name));
      }
    }
  }
}

/** `import a.b as c, d.e` : `c` means a.b; `d` means d (Python binds the first segment). */
function bindModules(table: ImportTable, text: string, rest: SyntaxNode[]): void {
  let dotted: string[] = [];
  for (let i = 0; i <= rest.length; i++) {
    const n = rest[i];
    if (n === undefined || n.name === ',') {
      if (dotted.length > 0) table.aliases.set(dotted[0], dotted[0]);
      dotted = [];
    } else if (n.name === 'as') {
      const alias = rest[i + 1];
      if (alias?.name === 'VariableName' && dotted.length > 0) table.aliases.set(textOf(text, alias), dotted.join('.'));
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
