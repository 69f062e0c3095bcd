/**
 * Cutting a Python file's syntax tree into pieces whose settings can be reused after an edit elsewhere.
 *
 * A *chunk* is a run of statements of one block (the module, or the body of a function, class, `if`, loop...)
 * that spans whole lines; its key is the text of those lines. Reading a chunk looks only at its own nodes and
 * at the text of its lines (values, ranges relative to its start, indentation, the line after a call), so a
 * chunk with the same text gives the same settings, moved by as many characters and lines as it moved — as
 * long as the names it used still mean the same (checked by chunks.ts). A large compound statement is not
 * one chunk: its header (the `def` line, the `if` condition...) is read every time and its bodies are cut
 * again, so an edit inside one function of a 1,000-line `def main():` script re-reads only a few lines.
 */
import type { SyntaxNode } from '@lezer/common';

export interface Piece {
  /** The text of the whole lines the piece spans (equal text, equal result); null: read every time. */
  key: string | null;
  /** Start of the piece's first line. */
  from: number;
  /** Nodes read with everything under them, in source order. */
  nodes: SyntaxNode[];
  /** A compound statement whose own entry is read (a function's parameter defaults); its parts are other pieces. */
  own: SyntaxNode | null;
}

/** Compound statements a piece boundary may go into. */
const COMPOUND = new Set([
  'FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'IfStatement', 'ForStatement', 'WhileStatement',
  'WithStatement', 'TryStatement',
]);

/**
 * A compound statement shorter than this many characters stays one chunk: cutting it would cost more (its
 * header is read at every refresh) than it saves.
 */
export const SPLIT_CHARS = 600;

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

class Cutter {
  readonly pieces: Piece[] = [];
  private chunk: { from: number; to: number; nodes: SyntaxNode[] } | null = null;

  constructor(private readonly text: string) {}

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just past the end of the line where `node` ends (a node may end just after its newline). */
  private lineEnd(node: SyntaxNode): number {
    if (node.to > node.from && this.text.charCodeAt(node.to - 1) === 10) return node.to;
    const nl = this.text.indexOf('\n', node.to);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private atLineStart(node: SyntaxNode, lineStart: number): boolean {
    for (let i = lineStart; i < node.from; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 12) return false;
    }
    return true;
  }

  flush(): void {
    const c = this.chunk;
    if (c) this.pieces.push({ key: this.text.slice(c.from, c.to), from: c.from, nodes: c.nodes, own: null });
    this.chunk = null;
  }

  /** The statements of a block (the module's, or a Body's children). */
  block(nodes: SyntaxNode[]): void {
    for (const node of nodes) {
      if (node.name === ':') continue;
      const start = this.lineStart(node.from);
      const lineStarts = this.atLineStart(node, start);
      const c = this.chunk;
      if (c && (!lineStarts || start < c.to)) {
        c.nodes.push(node);
        c.to = Math.max(c.to, this.lineEnd(node));
        continue;
      }
      this.flush();
      if (lineStarts && COMPOUND.has(node.name) && node.to - node.from > SPLIT_CHARS) {
        this.compound(node);
      } else {
        this.chunk = { from: start, to: this.lineEnd(node), nodes: [node] };
      }
    }
    this.flush();
  }

  /** A large compound statement: its own entry, its header parts (read every time), its bodies cut again. */
  private compound(node: SyntaxNode): void {
    this.pieces.push({ key: null, from: node.from, nodes: [], own: node });
    for (const part of childrenOf(node)) {
      if (part.name === 'Body') {
        this.block(childrenOf(part));
      } else if (COMPOUND.has(part.name) && part.to - part.from > SPLIT_CHARS) {
        this.compound(part);
      } else {
        this.pieces.push({ key: null, from: part.from, nodes: [part], own: null });
      }
    }
  }
}

/** The pieces of a file, in source order (the order a walk of the whole tree meets their nodes). */
export function cutIntoPieces(text: string, top: SyntaxNode): Piece[] {
  const cutter = new Cutter(text);
  cutter.block(childrenOf(top));
  return cutter.pieces;
}
