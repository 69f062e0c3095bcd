/**
 * Settings of a Python training script, read from @lezer/python's syntax tree (never from the raw text, so
 * comments and strings cannot produce settings). Lezer recovers from syntax errors: a half-typed file still
 * gives the settings of the parts that parsed, and the errors come back as problems.
 */
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import { kerasOptimizerFromString, lookupBare, lookupQualified, type CatalogEntry } from '../catalog';
import { LineIndex } from '../positions';
import type { ConfigExtraction, LineSlot, LoopCall, Param, ParamMap, ParamValue, Setting, SourcePosition, SourceRange, TrainingHint } from '../types';
import { applyEnvEvent, argparseEvents, assignmentEvents, emptyEnvironment, forgetNodes, parameterDefaultEvents, type EnvEvent, type NodeAt } from './environment';
import { errorOffsets, hasErrorIn } from './errors';
import { hintOfCall } from './hints';
import { applyImport, emptyImportTable, importEvents, importTableKey, qualify, type ImportEvent, type ImportTable } from './imports';
import { cutIntoPieces, type Piece } from './pieces';
import { callArguments, childrenOf, dottedName, stringValue, textOf } from './syntax';
import { evaluate, resolveName, type EvalContext, type NameRead } from './values';

/** At most this many syntax errors are listed one by one (a binary file would give thousands). */
const MAX_LISTED_ERRORS = 5;

const LIGHTNING_TRAINERS = new Set(['pytorch_lightning.Trainer', 'pytorch_lightning.trainer.Trainer', 'lightning.Trainer', 'lightning.pytorch.Trainer']);
const CLIP_FUNCTIONS = new Set(['clip_grad_norm_', 'clip_grad_value_', 'clip_grad_norm']);

function catalogEntryOf(imports: ImportTable, dotted: string): CatalogEntry | undefined {
  for (const q of qualify(imports, dotted)) {
    const entry = lookupQualified(q);
    if (entry) return entry;
  }
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  // accelerator.clip_grad_norm_(...), fabric.clip_grad_norm_(...): same arguments as torch's.
  if (CLIP_FUNCTIONS.has(last)) return lookupBare(last === 'clip_grad_norm' ? 'clip_grad_norm_' : last);
  if (dotted.includes('.')) return undefined;
  const bound = imports.aliases.get(dotted);
  // A bare name imported from somewhere the catalog does not know is that module's, not ours.
  if (bound !== undefined && !bound.startsWith('transformers.') && !bound.startsWith('torch.')) return undefined;
  return lookupBare(dotted);
}

/** A `step()` or `backward()` call; whether `step` is an optimizer's is decided once all settings are known. */
interface StepCall {
  method: 'step' | 'backward';
  receiver: string;
  /** The dotted first positional argument (`scaler.step(optimizer)`), or null. */
  firstArg: string | null;
  range: SourceRange;
  lineStart: SourcePosition;
  indent: string;
  after: LineSlot;
}

/** What reading one piece gave, in the positions of the text it was read from (`from`, `line`: its start then). */
interface PieceResult {
  from: number;
  line: number;
  imports: ImportEvent[];
  events: EnvEvent[];
  /** The import table the settings were read with (importTableKey). */
  importsKey: string;
  reads: NameRead[];
  /** A parameter-group list read from another statement: the result depends on more than the reads say. */
  volatile: boolean;
  settings: Setting[];
  hints: TrainingHint[];
  steps: StepCall[];
}

/** The results of the chunks of the last refresh, by their text (see pieces.ts). */
export type PieceCache = Map<string, PieceResult>;

interface PieceState {
  piece: Piece;
  cached: PieceResult | undefined;
  /** The piece's nodes' calls, when it was walked in the current tree. */
  calls: SyntaxNode[] | null;
  result: PieceResult | null;
}

function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => sameValue(x, b[i]));
}

class PythonExtractor {
  readonly lines: LineIndex;
  readonly ctx: EvalContext;
  readonly settings: Setting[] = [];
  readonly loopCalls: LoopCall[] = [];
  readonly hints: TrainingHint[] = [];
  readonly problems: string[] = [];
  private readonly imports = emptyImportTable();
  /** The piece being read: its settings, hints and step calls go there. */
  private current: PieceResult = PythonExtractor.emptyResult(0, 1, '');

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.lines = new LineIndex(text);
    this.ctx = { text, lines: this.lines, env: emptyEnvironment(), nodeOf: (at) => this.nodeOf(at) };
  }

  private static emptyResult(from: number, line: number, importsKey: string): PieceResult {
    return { from, line, imports: [], events: [], importsKey, reads: [], volatile: false, settings: [], hints: [], steps: [] };
  }

  private nodeOf(at: NodeAt): SyntaxNode | null {
    if (at.node !== undefined) return at.node;
    let n: SyntaxNode | null = this.tree.resolve(at.from, 1);
    while (n && !(n.from === at.from && n.to === at.to && n.name === at.name)) n = n.parent;
    at.node = n;
    return n;
  }

  /**
   * Reads the file. `cache`: the chunks of the previous refresh; a chunk with the same text whose names still
   * mean the same is not read again. Returns the chunks of this refresh.
   */
  run(cache: PieceCache | null, changed: [number, number] | null): PieceCache {
    const errors = errorOffsets(this.tree);
    // A chunk with a syntax error in or at it is read again: how lezer recovers may depend on the text around
    // it. While the tree has an error (an incremental parse keeps its own recovery, python/incremental.ts), a
    // chunk touching the edited span is read again too, whatever its text: the error is there.
    const edited = errors.length > 0 ? changed : null;
    const touched = (piece: Piece, to: number): boolean => edited !== null && piece.from <= edited[1] && to >= edited[0];
    const cachedOf = (piece: Piece): PieceResult | undefined => {
      if (piece.key === null || !cache) return undefined;
      const to = piece.from + piece.key.length;
      return hasErrorIn(errors, piece.from, to) || touched(piece, to) ? undefined : cache.get(piece.key);
    };
    const states: PieceState[] = cutIntoPieces(this.text, this.tree.topNode).map((piece) => ({
      piece, cached: cachedOf(piece), calls: null, result: null,
    }));
    // First every import and name, in source order: a call's settings may use names bound after it.
    for (const s of states) {
      if (s.cached) {
        const { offset, lines } = this.shiftOf(s);
        for (const e of s.cached.imports) applyImport(this.imports, e);
        for (const e of s.cached.events) applyEnvEvent(this.ctx.env, e, offset, lines);
      } else {
        this.walk(s);
      }
    }
    const importsKey = importTableKey(this.imports);
    const next: PieceCache = new Map();
    for (const s of states) {
      const reused = s.cached && this.stillHolds(s, s.cached, importsKey) ? s.cached : null;
      const result = reused ?? this.readCalls(s, importsKey);
      this.emit(result, s);
      // A chunk read with an error in or at it is not kept: the same text may read otherwise once the error is gone.
      if (s.piece.key !== null && !result.volatile && !hasErrorIn(errors, s.piece.from, s.piece.from + s.piece.key.length)) next.set(s.piece.key, result);
    }
    for (const s of states) if (s.result) for (const e of s.result.events) forgetNodes(e);
    this.findLoopCalls();
    const errorLines: number[] = [];
    for (const offset of errors) {
      const line = this.lines.position(offset).line;
      if (errorLines[errorLines.length - 1] !== line) errorLines.push(line);
    }
    for (const line of errorLines.slice(0, MAX_LISTED_ERRORS)) this.problems.push(`line ${line}: syntax error`);
    if (errorLines.length > MAX_LISTED_ERRORS) this.problems.push(`... and syntax errors on ${errorLines.length - MAX_LISTED_ERRORS} more lines`);
    return next;
  }

  private readonly stepCalls: StepCall[] = [];

  private shiftOf(s: PieceState): { offset: number; lines: number } {
    const cached = s.cached as PieceResult;
    return { offset: s.piece.from - cached.from, lines: this.lines.position(s.piece.from).line - cached.line };
  }

  /** A cached chunk's result holds when the imports are the same and each name it used gives the same value. */
  private stillHolds(s: PieceState, cached: PieceResult, importsKey: string): boolean {
    if (cached.importsKey !== importsKey || cached.volatile) return false;
    const { offset } = this.shiftOf(s);
    for (const r of cached.reads) {
      const e = resolveName(this.ctx, r.name, r.at + offset, r.depth) ?? {};
      if (!sameValue(e.value, r.value) || e.resolvedFrom !== r.resolvedFrom) return false;
    }
    return true;
  }

  /** Walks a piece's nodes in the current tree: its imports and names go to the tables, its calls are kept. */
  private walk(s: PieceState, apply = true): void {
    const { piece } = s;
    const result = PythonExtractor.emptyResult(piece.from, this.lines.position(piece.from).line, '');
    const calls: SyntaxNode[] = [];
    const { text } = this;
    if (piece.own?.name === 'FunctionDefinition') parameterDefaultEvents(text, piece.own, this.lines.position(piece.own.from).line, result.events);
    for (const node of piece.nodes) {
      walkTree(node, (c) => {
        switch (c.name) {
          case 'Comment':
          case 'String':
          case 'FormatString':
            return false;
          case 'ImportStatement':
            importEvents(result.imports, text, c.node);
            return false;
          case 'AssignStatement':
            assignmentEvents(text, c.node, this.lines.position(c.from).line, result.events);
            return true;
          case 'FunctionDefinition':
            parameterDefaultEvents(text, c.node, this.lines.position(c.from).line, result.events);
            return true;
          case 'CallExpression': {
            const node = c.node;
            calls.push(node);
            const callee = node.firstChild;
            const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
            if (method?.name === 'PropertyName') {
              const m = textOf(text, method);
              if (m === 'add_argument' || m === 'set_defaults') argparseEvents(text, node, m, this.lines.position(c.from).line, result.events);
            }
            return true;
          }
          default:
            return true;
        }
      });
    }
    if (apply) {
      for (const e of result.imports) applyImport(this.imports, e);
      for (const e of result.events) applyEnvEvent(this.ctx.env, e, null, 0);
    }
    s.calls = calls;
    s.result = result;
  }

  /** Reads the settings of a piece's calls (walking it first when its events came from the cache). */
  private readCalls(s: PieceState, importsKey: string): PieceResult {
    // A cached chunk whose names changed meaning: walk it again; its events are those already applied.
    if (s.result === null) this.walk(s, false);
    const result = s.result as PieceResult;
    result.importsKey = importsKey;
    this.current = result;
    const end = s.piece.key === null ? s.piece.from : s.piece.from + s.piece.key.length;
    this.ctx.reads = result.reads;
    this.ctx.readsFrom = s.piece.from;
    this.ctx.readsTo = end;
    for (const call of s.calls ?? []) this.visitCall(call);
    this.ctx.reads = undefined;
    return result;
  }

  /** Adds a piece's results to the file's, moved to where the piece is now. */
  private emit(result: PieceResult, s: PieceState): void {
    const offset = s.piece.from - result.from;
    const lines = this.lines.position(s.piece.from).line - result.line;
    const m = offset === 0 && lines === 0 ? null : { offset, lines };
    for (const x of result.settings) this.settings.push(m ? moveSetting(x, m) : x);
    for (const x of result.hints) this.hints.push(m ? { ...x, range: moveRange(x.range, m) } : x);
    for (const x of result.steps) this.stepCalls.push(m ? moveStep(x, m) : x);
  }

  private param(value: SyntaxNode, keyword: SyntaxNode | null): Param {
    const e = evaluate(this.ctx, value);
    const p: Param = { text: textOf(this.text, value), range: this.lines.range(value.from, value.to) };
    if (e.value !== undefined) p.value = e.value;
    if (keyword) p.keyRange = this.lines.range(keyword.from, keyword.to);
    if (e.resolvedFrom !== undefined) p.resolvedFrom = e.resolvedFrom;
    return p;
  }

  private visitCall(call: SyntaxNode): void {
    const { imports } = this;
    this.stepsOf(call);
    const callee = call.firstChild;
    const argList = call.getChild('ArgList');
    if (!callee || !argList) return;
    const dotted = dottedName(this.text, callee);
    // `Net().half()` has no dotted name but still casts the model: hints look at every call.
    const argTexts = callArguments(argList).map((a) => (a.keyword ? `${textOf(this.text, a.keyword)}=` : '') + textOf(this.text, a.value));
    const hint = hintOfCall(dotted === null ? [] : qualify(imports, dotted), textOf(this.text, callee), argTexts);
    if (hint) this.current.hints.push({ ...hint, range: this.lines.range(call.from, call.to) });
    if (dotted === null) return;
    const last = dotted.slice(dotted.lastIndexOf('.') + 1);
    if (last === 'compile' && dotted.includes('.')) {
      this.kerasCompile(argList);
      return;
    }
    const entry = catalogEntryOf(imports, dotted);
    if (entry) {
      this.current.settings.push(this.fromCall(call, argList, entry, textOf(this.text, callee)));
      return;
    }
    if (last === 'Trainer' && qualify(imports, dotted).some((q) => LIGHTNING_TRAINERS.has(q))) this.lightningTrainer(call, argList);
  }

  private fromCall(call: SyntaxNode, argList: SyntaxNode, entry: CatalogEntry, callee: string): Setting {
    const params: ParamMap = {};
    let position = 0;
    let starred = false;
    const valueNodes = new Map<string, SyntaxNode>();
    for (const a of callArguments(argList)) {
      if (a.star) {
        starred = true; // positions after *args are unknown
        continue;
      }
      let name: string;
      if (a.keyword) name = textOf(this.text, a.keyword);
      else if (starred) continue;
      else name = entry.positional[position] ?? `arg${position}`;
      if (!a.keyword) position++;
      params[name] = this.param(a.value, a.keyword);
      valueNodes.set(name, a.value);
    }
    const setting: Setting = {
      kind: entry.kind, name: entry.name, framework: entry.framework,
      range: this.lines.range(call.from, call.to), params, callee,
    };
    this.setInsertion(setting, argList);
    const target = this.assignedTo(call);
    if (target !== null) {
      setting.target = target;
      setting.after = this.lines.slotAfter(call.to, this.lines.indentAt(call.from));
    }
    if (entry.kind === 'optimizer' && entry.positional[0] === 'params') {
      const groupsNode = valueNodes.get('params');
      const groups = groupsNode ? this.parameterGroups(groupsNode) : null;
      if (groups) setting.groups = groups;
    }
    if (callee.startsWith('tf.keras.optimizers.legacy') || callee.startsWith('keras.optimizers.legacy')) setting.note = 'legacy Keras 2 optimizer';
    return setting;
  }

  /** `x = call(...)`: the dotted target, or null when the call is not the whole right-hand side. */
  private assignedTo(call: SyntaxNode): string | null {
    const parent = call.parent;
    if (!parent || parent.name !== 'AssignStatement' || parent.lastChild?.from !== call.from) return null;
    const first = parent.firstChild;
    return first ? dottedName(this.text, first) : null;
  }

  /** `[{"params": ..., "lr": 1e-3}, ...]`, written in place or assigned to a name first. */
  private parameterGroups(node: SyntaxNode, depth = 0): ParamMap[] | null {
    if (node.name === 'VariableName' && depth === 0) {
      this.current.volatile = true; // the groups come from another statement, which the reads do not cover
      const list = this.ctx.env.assignments.get(textOf(this.text, node));
      const before = list?.filter((a) => a.end <= node.from).pop();
      const value = before ? this.nodeOf(before.value) : null;
      return value ? this.parameterGroups(value, 1) : null;
    }
    if (node.name !== 'ArrayExpression') return null;
    const dicts = childrenOf(node).filter((c) => c.name === 'DictionaryExpression');
    if (dicts.length === 0) return null;
    return dicts.map((d) => this.groupOptions(d));
  }

  private groupOptions(dict: SyntaxNode): ParamMap {
    const out: ParamMap = {};
    const parts = childrenOf(dict).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
    for (let i = 0; i + 2 < parts.length; i += 3) {
      const [key, colon, value] = [parts[i], parts[i + 1], parts[i + 2]];
      if (!key || colon?.name !== ':' || !value) break;
      const name = key.name === 'String' ? stringValue(textOf(this.text, key)) : null;
      if (name === null || name === 'params') continue;
      out[name] = this.param(value, key);
    }
    return out;
  }

  /** `model.compile(optimizer="adam")`: Keras builds that optimizer with every default. */
  private kerasCompile(argList: SyntaxNode): void {
    const args = callArguments(argList);
    const given = args.find((a) => a.keyword && textOf(this.text, a.keyword) === 'optimizer') ?? (args[0] && !args[0].keyword && !args[0].star ? args[0] : undefined);
    if (!given || given.value.name !== 'String') return;
    const id = stringValue(textOf(this.text, given.value));
    const entry = id === null ? undefined : kerasOptimizerFromString(id);
    if (!entry) return;
    this.current.settings.push({
      kind: 'optimizer', name: entry.name, framework: 'keras',
      range: this.lines.range(given.value.from, given.value.to), params: {},
      note: `string identifier "${id}" in compile(): every hyperparameter is the Keras default`,
    });
  }

  /** Lightning's `Trainer(gradient_clip_val=..., gradient_clip_algorithm=...)`. */
  private lightningTrainer(call: SyntaxNode, argList: SyntaxNode): void {
    const params: ParamMap = {};
    for (const a of callArguments(argList)) {
      if (!a.keyword) continue;
      const name = textOf(this.text, a.keyword);
      if (name === 'gradient_clip_val' || name === 'gradient_clip_algorithm') params[name] = this.param(a.value, a.keyword);
    }
    if (!params.gradient_clip_val) return;
    const setting: Setting = {
      kind: 'clipping', name: 'gradient_clip_val', framework: 'lightning',
      range: this.lines.range(call.from, call.to), params,
    };
    this.setInsertion(setting, argList);
    this.current.settings.push(setting);
  }

  /** After the last argument (a new one goes there with ", "), or after `(` in an empty call. */
  private setInsertion(setting: Setting, argList: SyntaxNode): void {
    const args = callArguments(argList);
    const last = args[args.length - 1];
    if (last) {
      setting.insertAt = this.lines.position(last.value.to);
      setting.insertSeparator = ', ';
    } else {
      const open = argList.firstChild;
      setting.insertAt = this.lines.position(open && open.name === '(' ? open.to : argList.from);
      setting.insertSeparator = '';
    }
  }

  /** `loss.backward()`, `optimizer.step()`, `scaler.step(optimizer)`: where a clipping call would go. */
  private stepsOf(call: SyntaxNode): void {
    const callee = call.firstChild;
    if (callee?.name !== 'MemberExpression') return;
    const method = callee.lastChild;
    const object = callee.firstChild;
    if (!method || !object || method.name !== 'PropertyName') return;
    const m = textOf(this.text, method);
    if (m !== 'step' && m !== 'backward') return;
    let firstArg: string | null = null;
    if (m === 'step') {
      const argList = call.getChild('ArgList');
      const args = argList ? callArguments(argList) : [];
      firstArg = args[0] && !args[0].keyword ? dottedName(this.text, args[0].value) : null;
    }
    const indent = this.lines.indentAt(call.from);
    this.current.steps.push({
      method: m, receiver: textOf(this.text, object), firstArg,
      range: this.lines.range(call.from, call.to),
      lineStart: this.lines.position(this.lines.lineStart(call.from)),
      indent,
      after: this.lines.slotAfter(call.to, indent),
    });
  }

  /** Which step() calls are an optimizer's: needs every setting of the file (the names optimizers are assigned to). */
  private findLoopCalls(): void {
    const optimizers = new Set<string>();
    const schedulers = new Set<string>();
    for (const s of this.settings) {
      if (s.target === undefined) continue;
      if (s.kind === 'optimizer') optimizers.add(s.target);
      if (s.kind === 'scheduler') schedulers.add(s.target);
    }
    const looksLikeOptimizer = (name: string): boolean => {
      if (optimizers.has(name)) return true;
      if (schedulers.has(name)) return false;
      const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
      return (last.includes('optim') || last === 'opt') && !last.includes('sched');
    };
    for (const c of this.stepCalls) {
      let kind: LoopCall['kind'] | null = null;
      if (c.method === 'backward') kind = 'backward';
      else if (looksLikeOptimizer(c.receiver)) kind = 'optimizer_step';
      else if (c.firstArg !== null && looksLikeOptimizer(c.firstArg)) kind = 'scaler_step';
      if (kind === null) continue;
      this.loopCalls.push({ kind, receiver: c.receiver, range: c.range, lineStart: c.lineStart, indent: c.indent, after: c.after });
    }
  }
}

function movePosition(p: SourcePosition, m: Move): SourcePosition {
  return { offset: p.offset + m.offset, line: p.line + m.lines, column: p.column };
}

function moveRange(r: SourceRange, m: Move): SourceRange {
  return { start: movePosition(r.start, m), end: movePosition(r.end, m) };
}

function moveSlot(slot: LineSlot, m: Move): LineSlot {
  return { ...slot, at: movePosition(slot.at, m) };
}

function moveParams(params: ParamMap, m: Move): ParamMap {
  const out: ParamMap = {};
  for (const [name, p] of Object.entries(params)) {
    const q: Param = { ...p, range: moveRange(p.range, m) };
    if (p.keyRange) q.keyRange = moveRange(p.keyRange, m);
    out[name] = q;
  }
  return out;
}

function moveSetting(s: Setting, m: Move): Setting {
  const out: Setting = { ...s, range: moveRange(s.range, m), params: moveParams(s.params, m) };
  if (s.groups) out.groups = s.groups.map((g) => moveParams(g, m));
  if (s.insertAt) out.insertAt = movePosition(s.insertAt, m);
  if (s.after) out.after = moveSlot(s.after, m);
  return out;
}

function moveStep(c: StepCall, m: Move): StepCall {
  return { ...c, range: moveRange(c.range, m), lineStart: movePosition(c.lineStart, m), after: moveSlot(c.after, m) };
}

/** How far a piece moved since it was read. */
interface Move {
  offset: number;
  lines: number;
}

/**
 * `tree`: the text already parsed (by an IncrementalPythonParser), else it is parsed here. `cache`: the pieces
 * of the previous refresh of the same document (see pieces.ts), replaced by this refresh's; without it every
 * piece is read. `changed`: the span of `text` the last edit replaced (IncrementalPythonParser.lastChange), so
 * that while the tree has a syntax error the chunks there are read again. Error-free, the result is a fresh
 * read's; with an error, the statements outside the edited chunks read as they did before the edit.
 */
export function extractPython(text: string, tree?: Tree, cache?: { pieces: PieceCache | null }, changed: [number, number] | null = null): ConfigExtraction {
  const x = new PythonExtractor(text, tree ?? parser.parse(text));
  const pieces = x.run(cache?.pieces ?? null, changed);
  if (cache) cache.pieces = pieces;
  return { language: 'python', settings: x.settings, loopCalls: x.loopCalls, hints: x.hints, problems: x.problems };
}

/** Walks `node` and everything under it in source order; `enter` returning false skips a node's children. */
function walkTree(node: SyntaxNode, enter: (c: TreeCursor) => boolean): void {
  const c = node.cursor();
  let depth = 0;
  for (;;) {
    if (enter(c) && c.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (c.nextSibling()) break;
      c.parent();
      depth--;
    }
  }
}
