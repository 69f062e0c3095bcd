/** Small readers over @lezer/python's syntax tree: node text, dotted names, call arguments, string literals. */
import type { SyntaxNode } from '@lezer/common';

export function textOf(text: string, node: SyntaxNode): string {
  return text.slice(node.from, node.to);
}

/** Children of a node, without comments (a comment can sit between any two tokens of a bracketed expression). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** `a.b.c` for a VariableName or a MemberExpression chain of names; null for anything else (calls, subscripts). */
export function dottedName(text: string, node: SyntaxNode): string | null {
  if (node.name === 'VariableName') return textOf(text, node);
  if (node.name !== 'MemberExpression') return null;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || !property || property.name !== 'PropertyName') return null;
  const head = dottedName(text, object);
  return head === null ? null : `${head}.${textOf(text, property)}`;
}

export interface CallArgument {
  /** The keyword of `name=value`; null for a positional argument. */
  keyword: SyntaxNode | null;
  value: SyntaxNode;
  /** `*args` or `**kwargs`: the mapping to names is lost from here on. */
  star: boolean;
}

const PUNCTUATION = new Set(['(', ')', ',']);

/** The arguments of an ArgList, in order. Error nodes of a half-typed call are skipped. */
export function callArguments(argList: SyntaxNode): CallArgument[] {
  const out: CallArgument[] = [];
  let group: SyntaxNode[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const assign = group.findIndex((n) => n.name === 'AssignOp');
    if (assign === 1 && group[0].name === 'VariableName' && group.length > 2) {
      out.push({ keyword: group[0], value: group[2], star: false });
    } else if (group[0].name === '*' || group[0].name === '**' || group[0].name === 'ArithOp') {
      if (group.length > 1) out.push({ keyword: null, value: group[1], star: true });
    } else if (assign < 0) {
      out.push({ keyword: null, value: group[0], star: false });
    }
    group = [];
  };
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.type.isError || c.name === 'Comment') continue;
    if (PUNCTUATION.has(c.name)) flush();
    else group.push(c);
  }
  flush();
  return out;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The value of a plain string literal (`'x'`, `"x"`, `r'x'`, `'''x'''`), or null for an f-string, a bytes
 * literal or a string the parser could not finish. Escapes other than quotes and backslashes are kept as written:
 * settings' strings are identifiers ("adam", "cosine"), not prose.
 */
export function stringValue(raw: string): string | null {
  let i = 0;
  while (i < raw.length && isLetter(raw.charCodeAt(i))) i++;
  const prefix = raw.slice(0, i).toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return null;
  const body = raw.slice(i);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  if (quote === '' || !body.endsWith(quote) || body.length < 2 * quote.length) return null;
  const inner = body.slice(quote.length, body.length - quote.length);
  if (prefix.includes('r')) return inner;
  let out = '';
  for (let k = 0; k < inner.length; k++) {
    if (inner[k] === '\\' && k + 1 < inner.length && '\\\'"'.includes(inner[k + 1])) out += inner[++k];
    else out += inner[k];
  }
  return out;
}
