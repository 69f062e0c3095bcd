/**
 * What a name in the script may stand for: the simple assignments (`lr = 0.1`, `config.lr = 0.1`) and the
 * argparse options (`parser.add_argument("--lr", type=float, default=0.1)` makes `args.lr` 0.1). Collected in one
 * pass over the tree; values are resolved on demand by values.ts.
 */
import type { SyntaxNode } from '@lezer/common';
import { callArguments, dottedName, stringValue, textOf } from './syntax';

export interface Assignment {
  /** Offset just past the statement: a use must come after it. */
  end: number;
  value: SyntaxNode;
  line: number;
}

export interface ArgparseOption {
  /** The flag as written, `--lr`, or the positional name. */
  flag: string;
  defaultNode: SyntaxNode | null;
  /** `float`, `int`, `str`... as written in `type=`, or null. */
  type: string | null;
  line: number;
}

/** `def __init__(self, lr=1e-3)`: the default of a function parameter. */
export interface ParameterDefault {
  function: string;
  value: SyntaxNode;
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

export function emptyEnvironment(): Environment {
  return { assignments: new Map(), options: new Map(), parameterDefaults: new Map() };
}

/** Records the defaults of a FunctionDefinition's parameters (`name: type = default` or `name=default`). */
export function addParameterDefaults(env: Environment, text: string, definition: SyntaxNode, line: number): void {
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
      const known = env.parameterDefaults.get(current);
      if (!known || known.function !== '__init__' || fn === '__init__') env.parameterDefaults.set(current, { function: fn, value: c, line });
      current = null;
      afterAssign = false;
    } else if (c.name === 'VariableName' && current === null) {
      current = textOf(text, c);
    }
  }
}

/** Records `a = b = value` and `x: float = value` (tuple targets are skipped: no single value to give). */
export function addAssignment(env: Environment, text: string, statement: SyntaxNode, line: number): void {
  const parts: SyntaxNode[] = [];
  for (let c = statement.firstChild; c; c = c.nextSibling) if (!c.type.isError && c.name !== 'Comment') parts.push(c);
  const lastOp = parts.map((p) => p.name).lastIndexOf('AssignOp');
  if (lastOp < 1 || lastOp !== parts.length - 2) return;
  if (textOf(text, parts[lastOp]) !== '=') return;
  const value = parts[lastOp + 1];
  for (let i = 0; i < lastOp; i++) {
    const target = parts[i];
    const next = parts[i + 1];
    if (next.name !== 'AssignOp' && next.name !== 'TypeDef') continue;
    const name = dottedName(text, target);
    if (name === null) continue;
    let list = env.assignments.get(name);
    if (!list) env.assignments.set(name, (list = []));
    list.push({ end: statement.to, value, line });
  }
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

/** Records a `*.add_argument(...)` call, or the keywords of `*.set_defaults(...)`. */
export function addArgparseCall(env: Environment, text: string, call: SyntaxNode, method: string, line: number): void {
  const argList = call.getChild('ArgList');
  if (!argList) return;
  const args = callArguments(argList);
  if (method === 'set_defaults') {
    for (const a of args) {
      if (!a.keyword) continue;
      const dest = textOf(text, a.keyword);
      const known = env.options.get(dest);
      env.options.set(dest, { flag: known?.flag ?? dest, defaultNode: a.value, type: known?.type ?? null, line });
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
  env.options.set(dest, {
    flag: flags.find((f) => f.startsWith('--')) ?? flags[0],
    defaultNode: keywordOf(text, call, 'default'),
    type: typeNode ? textOf(text, typeNode) : null,
    line,
  });
}
