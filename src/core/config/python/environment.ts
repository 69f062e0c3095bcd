/**
 * What a name in the script may stand for: the simple assignments (`lr = 0.1`, `config.lr = 0.1`) and the
 * argparse options (`parser.add_argument("--lr", type=float, default=0.1)` makes `args.lr` 0.1). Values are
 * resolved on demand by values.ts.
 *
 * The tree is read into *events* (one per assignment, option, parameter default) that are then applied in
 * source order. A piece of the file whose text did not change since the last refresh replays its events
 * instead of being walked again (see chunks.ts): so an event holds no syntax node of a past tree, only where
 * the node is (`NodeAt`), found again in the current tree when a value is needed.
 */
import type { SyntaxNode } from '@lezer/common';
import { callArguments, dottedName, stringValue, textOf } from './syntax';

/** Where a value node is: its offsets in the current text and its type; `node` once looked up (null: not found). */
export interface NodeAt {
  from: number;
  to: number;
  name: string;
  node?: SyntaxNode | null;
}

export interface Assignment {
  /** Offset just past the statement: a use must come after it. */
  end: number;
  value: NodeAt;
  line: number;
}

export interface ArgparseOption {
  /** The flag as written, `--lr`, or the positional name. */
  flag: string;
  defaultNode: NodeAt | null;
  /** `float`, `int`, `str`... as written in `type=`, or null. */
  type: string | null;
  line: number;
}

/** `def __init__(self, lr=1e-3)`: the default of a function parameter. */
export interface ParameterDefault {
  function: string;
  value: NodeAt;
  line: number;
}

export interface Environment {
  /** By dotted target name, in source order. */
  assignments: Map<string, Assignment[]>;
  /** By dest (`learning_rate` for `--learning-rate`). */
  options: Map<string, ArgparseOption>;
  /** By parameter name; an `__init__`'s parameter wins over other functions' (Lightning's hparams come from it). */
  parameterDefaults: Map<string, ParameterDefault>;
}

/** What one statement adds to the environment; offsets and lines as of the text it was read from. */
export type EnvEvent =
  | { kind: 'assign'; names: string[]; end: number; value: NodeAt; line: number }
  | { kind: 'option'; dest: string; flag: string; type: string | null; defaultNode: NodeAt | null; line: number }
  | { kind: 'setDefault'; dest: string; value: NodeAt; line: number }
  | { kind: 'parameterDefault'; function: string; parameter: string; value: NodeAt; line: number };

export function emptyEnvironment(): Environment {
  return { assignments: new Map(), options: new Map(), parameterDefaults: new Map() };
}

export function nodeAt(node: SyntaxNode): NodeAt {
  return { from: node.from, to: node.to, name: node.name, node };
}

/**
 * The place of a replayed event, moved by `offset`; the node of the old tree is dropped (it is looked up again
 * in the current tree when needed). A fresh event (`offset` null) keeps its node.
 */
function moved(at: NodeAt, offset: number | null): NodeAt {
  return offset === null ? at : { from: at.from + offset, to: at.to + offset, name: at.name };
}

/**
 * Applies an event to the environment. `offset` null: the event was just read from the current tree; else it is
 * replayed from an earlier text, its places moved by `offset` characters and `lines` lines. The rules are those
 * of Python and argparse: later assignments are listed after earlier ones, `set_defaults` overrides an option's default.
 */
export function applyEnvEvent(env: Environment, e: EnvEvent, offset: number | null, lines: number): void {
  switch (e.kind) {
    case 'assign':
      for (const name of e.names) {
        let list = env.assignments.get(name);
        if (!list) env.assignments.set(name, (list = []));
        list.push({ end: e.end + (offset ?? 0), value: moved(e.value, offset), line: e.line + lines });
      }
      return;
    case 'option':
      env.options.set(e.dest, { flag: e.flag, defaultNode: e.defaultNode && moved(e.defaultNode, offset), type: e.type, line: e.line + lines });
      return;
    case 'setDefault': {
      const known = env.options.get(e.dest);
      env.options.set(e.dest, { flag: known?.flag ?? e.dest, defaultNode: moved(e.value, offset), type: known?.type ?? null, line: e.line + lines });
      return;
    }
    case 'parameterDefault': {
      const known = env.parameterDefaults.get(e.parameter);
      if (!known || known.function !== '__init__' || e.function === '__init__') {
        env.parameterDefaults.set(e.parameter, { function: e.function, value: moved(e.value, offset), line: e.line + lines });
      }
    }
  }
}

/**
 * Drops the syntax nodes an event holds, once the refresh that read it is over: a cached event is replayed
 * with its nodes looked up again, and a node would keep its whole (old) tree alive.
 */
export function forgetNodes(e: EnvEvent): void {
  if (e.kind === 'option') {
    if (e.defaultNode) e.defaultNode.node = undefined;
  } else {
    e.value.node = undefined;
  }
}

/** The defaults of a FunctionDefinition's parameters (`name: type = default` or `name=default`). */
export function parameterDefaultEvents(text: string, definition: SyntaxNode, line: number, out: EnvEvent[]): void {
  const nameNode = definition.getChild('VariableName');
  const params = definition.getChild('ParamList');
  if (!nameNode || !params) return;
  const fn = textOf(text, nameNode);
  let current: string | null = null;
  let afterAssign = false;
  for (let c = params.firstChild; c; c = c.nextSibling) {
    if (c.type.isError || c.name === 'Comment') continue;
    if (c.name === ',' || c.name === '(' || c.name === ')') {
      current = null;
      afterAssign = false;
    } else if (c.name === 'AssignOp') {
      afterAssign = current !== null;
    } else if (afterAssign && current !== null) {
      out.push({ kind: 'parameterDefault', function: fn, parameter: current, value: nodeAt(c), line });
      current = null;
      afterAssign = false;
    } else if (c.name === 'VariableName' && current === null) {
      current = textOf(text, c);
    }
  }
}

/** `a = b = value` and `x: float = value` (tuple targets are skipped: no single value to give). */
export function assignmentEvents(text: string, statement: SyntaxNode, line: number, out: EnvEvent[]): void {
  const parts: SyntaxNode[] = [];
  for (let c = statement.firstChild; c; c = c.nextSibling) if (!c.type.isError && c.name !== 'Comment') parts.push(c);
  const lastOp = parts.map((p) => p.name).lastIndexOf('AssignOp');
  if (lastOp < 1 || lastOp !== parts.length - 2) return;
  if (textOf(text, parts[lastOp]) !== '=') return;
  const value = parts[lastOp + 1];
  const names: string[] = [];
  for (let i = 0; i < lastOp; i++) {
    const next = parts[i + 1];
    if (next.name !== 'AssignOp' && next.name !== 'TypeDef') continue;
    const name = dottedName(text, parts[i]);
    if (name !== null) names.push(name);
  }
  if (names.length > 0) out.push({ kind: 'assign', names, end: statement.to, value: nodeAt(value), line });
}

function keywordOf(text: string, call: SyntaxNode, keyword: string): SyntaxNode | null {
  const argList = call.getChild('ArgList');
  if (!argList) return null;
  for (const a of callArguments(argList)) {
    if (a.keyword && textOf(text, a.keyword) === keyword) return a.value;
  }
  return null;
}

/** The dest argparse derives: `dest=` if given, else the first long flag without dashes, `-` turned into `_`. */
function destOf(flags: string[], explicit: string | null): string {
  if (explicit !== null) return explicit;
  const long = flags.find((f) => f.startsWith('--')) ?? flags[0];
  let start = 0;
  while (start < long.length && long[start] === '-') start++;
  return long.slice(start).split('-').join('_');
}

/** A `*.add_argument(...)` call, or the keywords of `*.set_defaults(...)`. */
export function argparseEvents(text: string, call: SyntaxNode, method: string, line: number, out: EnvEvent[]): void {
  const argList = call.getChild('ArgList');
  if (!argList) return;
  const args = callArguments(argList);
  if (method === 'set_defaults') {
    for (const a of args) {
      if (a.keyword) out.push({ kind: 'setDefault', dest: textOf(text, a.keyword), value: nodeAt(a.value), line });
    }
    return;
  }
  const flags: string[] = [];
  for (const a of args) {
    if (a.keyword || a.star || a.value.name !== 'String') break;
    const flag = stringValue(textOf(text, a.value));
    if (flag === null) return;
    flags.push(flag);
  }
  if (flags.length === 0) return;
  const destNode = keywordOf(text, call, 'dest');
  const explicit = destNode && destNode.name === 'String' ? stringValue(textOf(text, destNode)) : null;
  const typeNode = keywordOf(text, call, 'type');
  const dest = destOf(flags, explicit);
  if (dest === '') return;
  const defaultNode = keywordOf(text, call, 'default');
  out.push({
    kind: 'option', dest,
    flag: flags.find((f) => f.startsWith('--')) ?? flags[0],
    defaultNode: defaultNode && nodeAt(defaultNode),
    type: typeNode ? textOf(text, typeNode) : null,
    line,
  });
}
