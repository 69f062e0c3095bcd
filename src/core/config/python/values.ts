/**
 * The value of an expression when it is a literal, or when a name in it can be followed to one: a variable
 * assigned earlier (`lr = 0.1`), an argparse default (`args.lr`), simple arithmetic of those
 * (`0.1 * batch_size / 256`). Anything else has no value (a call, a lambda, a name assigned nowhere).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LineIndex } from '../positions';
import type { ParamValue } from '../types';
import type { Environment, NodeAt } from './environment';
import { callArguments, childrenOf, dottedName, stringValue, textOf } from './syntax';

export interface Evaluated {
  value?: ParamValue;
  resolvedFrom?: string;
}

/**
 * A name looked up while reading a piece of the file, and what it gave: the piece's result holds as long as
 * each of its reads gives the same again (see chunks.ts).
 */
export interface NameRead {
  name: string;
  /** Offset of the use, in the text the piece was read from. */
  at: number;
  depth: number;
  value?: ParamValue;
  resolvedFrom?: string;
}

export interface EvalContext {
  text: string;
  lines: LineIndex;
  env: Environment;
  /** The node at a place of the environment, in the current tree (null when it is not there). */
  nodeOf: (at: NodeAt) => SyntaxNode | null;
  /** When set, the uses of names between `readsFrom` and `readsTo` are recorded here. */
  reads?: NameRead[];
  readsFrom?: number;
  readsTo?: number;
}

/** Following names further than this is a cycle or not worth it. */
const MAX_DEPTH = 8;

function numberValue(raw: string): number | undefined {
  const last = raw[raw.length - 1];
  if (last === 'j' || last === 'J') return undefined; // imaginary
  const n = Number(raw.split('_').join(''));
  return Number.isNaN(n) ? undefined : n;
}

function join(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return `${a}; ${b}`;
}

function arithmetic(op: string, a: ParamValue | undefined, b: ParamValue | undefined): ParamValue | undefined {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '%': return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**': return a ** b;
    default: return undefined;
  }
}

/** Applies argparse's `type=` to a string default, as argparse does. */
function convert(value: ParamValue | undefined, type: string | null): ParamValue | undefined {
  if (typeof value !== 'string' || (type !== 'float' && type !== 'int')) return value;
  const n = Number(value.trim());
  if (Number.isNaN(n) || value.trim() === '') return undefined;
  return type === 'int' ? Math.trunc(n) : n;
}

/** What `name` used at offset `at` stands for, or null when it is not known. */
export function resolveName(ctx: EvalContext, name: string, at: number, depth: number): Evaluated | null {
  const list = ctx.env.assignments.get(name);
  if (list) {
    let found = null;
    for (const a of list) if (a.end <= at) found = a;
    const node = found ? ctx.nodeOf(found.value) : null;
    if (found && node) {
      const inner = evaluate(ctx, node, depth + 1);
      if (inner.value === undefined) return null; // `opt = SGD(...)`: naming it adds nothing
      const here = `${name} = ${textOf(ctx.text, node).slice(0, 60)} at line ${found.line}`;
      return { value: inner.value, resolvedFrom: join(here, inner.resolvedFrom) };
    }
  }
  const dot = name.indexOf('.');
  if (dot > 0 && name.indexOf('.', dot + 1) < 0 && name.slice(0, dot) !== 'self') {
    const option = ctx.env.options.get(name.slice(dot + 1));
    if (option) {
      const base = `argparse default of ${option.flag} at line ${option.line}`;
      if (!option.defaultNode) return { value: null, resolvedFrom: `${base} (none given: None)` };
      const node = ctx.nodeOf(option.defaultNode);
      const inner = node ? evaluate(ctx, node, depth + 1) : {};
      return { value: convert(inner.value, option.type), resolvedFrom: join(base, inner.resolvedFrom) };
    }
  }
  // Lightning: `self.hparams.lr` (save_hyperparameters) or a bare `lr` is the default of a parameter of that
  // name, preferably __init__'s; `self.lr` when `self.lr = lr` was not found as an assignment above.
  const parameter = name.startsWith('self.hparams.') ? name.slice('self.hparams.'.length)
    : name.startsWith('self.') && name.indexOf('.', 5) < 0 ? name.slice(5)
      : name.includes('.') ? null : name;
  const def = parameter === null ? undefined : ctx.env.parameterDefaults.get(parameter);
  const defNode = def ? ctx.nodeOf(def.value) : null;
  if (def && defNode) {
    const inner = evaluate(ctx, defNode, depth + 1);
    if (inner.value !== undefined) {
      return { value: inner.value, resolvedFrom: join(`default of parameter ${parameter} of ${def.function}() at line ${def.line}`, inner.resolvedFrom) };
    }
  }
  return null;
}

export function evaluate(ctx: EvalContext, node: SyntaxNode, depth = 0): Evaluated {
  if (depth > MAX_DEPTH) return {};
  const raw = textOf(ctx.text, node);
  switch (node.name) {
    case 'Number': {
      const n = numberValue(raw);
      return n === undefined ? {} : { value: n };
    }
    case 'String': {
      const s = stringValue(raw);
      return s === null ? {} : { value: s };
    }
    case 'ContinuedString': {
      let out = '';
      for (const part of childrenOf(node)) {
        const s = part.name === 'String' ? stringValue(textOf(ctx.text, part)) : null;
        if (s === null) return {};
        out += s;
      }
      return { value: out };
    }
    case 'Boolean':
      return { value: raw === 'True' };
    case 'None':
      return { value: null };
    case 'ParenthesizedExpression': {
      const inner = childrenOf(node).filter((c) => c.name !== '(' && c.name !== ')');
      return inner.length === 1 ? evaluate(ctx, inner[0], depth + 1) : {};
    }
    case 'UnaryExpression': {
      const [op, operand] = childrenOf(node);
      if (!op || !operand) return {};
      const inner = evaluate(ctx, operand, depth + 1);
      const sign = textOf(ctx.text, op);
      if (sign === 'not') return typeof inner.value === 'boolean' ? { ...inner, value: !inner.value } : {};
      if (typeof inner.value !== 'number') return {};
      return { ...inner, value: sign === '-' ? -inner.value : inner.value };
    }
    case 'BinaryExpression': {
      const [left, op, right] = childrenOf(node);
      if (!left || !op || !right) return {};
      const a = evaluate(ctx, left, depth + 1);
      const b = evaluate(ctx, right, depth + 1);
      const value = arithmetic(textOf(ctx.text, op), a.value, b.value);
      const resolvedFrom = join(a.resolvedFrom, b.resolvedFrom);
      return value === undefined ? (resolvedFrom ? { resolvedFrom } : {}) : { value, resolvedFrom };
    }
    case 'TupleExpression':
    case 'ArrayExpression': {
      const items = childrenOf(node).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== '[' && c.name !== ']' && c.name !== ',');
      const values: ParamValue[] = [];
      let resolvedFrom: string | undefined;
      for (const item of items) {
        const e = evaluate(ctx, item, depth + 1);
        if (e.value === undefined) return {};
        values.push(e.value);
        resolvedFrom = join(resolvedFrom, e.resolvedFrom);
      }
      return resolvedFrom ? { value: values, resolvedFrom } : { value: values };
    }
    case 'CallExpression': {
      // float("1e-3"), int(args.steps): the conversions scripts wrap around options and environment strings.
      const callee = node.firstChild;
      const fn = callee ? dottedName(ctx.text, callee) : null;
      const argList = node.getChild('ArgList');
      if ((fn !== 'float' && fn !== 'int') || !argList) return {};
      const args = callArguments(argList);
      if (args.length !== 1 || args[0].keyword || args[0].star) return {};
      const inner = evaluate(ctx, args[0].value, depth + 1);
      const value = typeof inner.value === 'number' ? (fn === 'int' ? Math.trunc(inner.value) : inner.value) : convert(inner.value, fn);
      return value === undefined ? {} : { value, resolvedFrom: inner.resolvedFrom };
    }
    case 'VariableName':
    case 'MemberExpression': {
      const name = dottedName(ctx.text, node);
      if (name === null) return {};
      const e = resolveName(ctx, name, node.from, depth) ?? {};
      if (ctx.reads && node.from >= (ctx.readsFrom ?? 0) && node.to <= (ctx.readsTo ?? 0)) {
        ctx.reads.push({ name, at: node.from, depth, value: e.value, resolvedFrom: e.resolvedFrom });
      }
      return e;
    }
    default:
      return {};
  }
}
