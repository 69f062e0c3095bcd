/**
 * Settings of a Python training script, read from @lezer/python's syntax tree (never from the raw text, so
 * comments and strings cannot produce settings). Lezer recovers from syntax errors: a half-typed file still
 * gives the settings of the parts that parsed, and the errors come back as problems.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { kerasOptimizerFromString, lookupBare, lookupQualified, type CatalogEntry } from '../catalog';
import { LineIndex } from '../positions';
import type { ConfigExtraction, LoopCall, Param, ParamMap, Setting, TrainingHint } from '../types';
import { addArgparseCall, addAssignment, addParameterDefaults, emptyEnvironment } from './environment';
import { hintOfCall } from './hints';
import { addImport, emptyImportTable, qualify, type ImportTable } from './imports';
import { callArguments, childrenOf, dottedName, stringValue, textOf } from './syntax';
import { evaluate, type EvalContext } from './values';

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

class PythonExtractor {
  readonly lines: LineIndex;
  readonly ctx: EvalContext;
  readonly settings: Setting[] = [];
  readonly loopCalls: LoopCall[] = [];
  readonly hints: TrainingHint[] = [];
  readonly problems: string[] = [];

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    this.ctx = { text, lines: this.lines, env: emptyEnvironment() };
  }

  run(parsed?: Tree): void {
    const tree = parsed ?? parser.parse(this.text);
    const imports = emptyImportTable();
    const calls: SyntaxNode[] = [];
    const errorLines: number[] = [];
    const { text, ctx } = this;
    tree.iterate({
      enter: (ref) => {
        if (ref.type.isError) {
          const line = this.lines.position(ref.from).line;
          if (errorLines[errorLines.length - 1] !== line) errorLines.push(line);
          return;
        }
        switch (ref.name) {
          case 'Comment':
          case 'String':
          case 'FormatString':
            return false;
          case 'ImportStatement':
            addImport(imports, text, ref.node);
            return false;
          case 'AssignStatement':
            addAssignment(ctx.env, text, ref.node, this.lines.position(ref.from).line);
            return;
          case 'FunctionDefinition':
            addParameterDefaults(ctx.env, text, ref.node, this.lines.position(ref.from).line);
            return;
          case 'CallExpression': {
            const node = ref.node;
            calls.push(node);
            const callee = node.firstChild;
            const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
            if (method?.name === 'PropertyName') {
              const m = textOf(text, method);
              if (m === 'add_argument' || m === 'set_defaults') addArgparseCall(ctx.env, text, node, m, this.lines.position(ref.from).line);
            }
            return;
          }
          default:
            return;
        }
      },
    });
    for (const call of calls) this.visitCall(call, imports);
    this.findLoopCalls(calls);
    for (const line of errorLines.slice(0, MAX_LISTED_ERRORS)) this.problems.push(`line ${line}: syntax error`);
    if (errorLines.length > MAX_LISTED_ERRORS) this.problems.push(`... and syntax errors on ${errorLines.length - MAX_LISTED_ERRORS} more lines`);
  }

  private param(value: SyntaxNode, keyword: SyntaxNode | null): Param {
    const e = evaluate(this.ctx, value);
    const p: Param = { text: textOf(this.text, value), range: this.lines.range(value.from, value.to) };
    if (e.value !== undefined) p.value = e.value;
    if (keyword) p.keyRange = this.lines.range(keyword.from, keyword.to);
    if (e.resolvedFrom !== undefined) p.resolvedFrom = e.resolvedFrom;
    return p;
  }

  private visitCall(call: SyntaxNode, imports: ImportTable): void {
    const callee = call.firstChild;
    const argList = call.getChild('ArgList');
    if (!callee || !argList) return;
    const dotted = dottedName(this.text, callee);
    // `Net().half()` has no dotted name but still casts the model: hints look at every call.
    const argTexts = callArguments(argList).map((a) => (a.keyword ? `${textOf(this.text, a.keyword)}=` : '') + textOf(this.text, a.value));
    const hint = hintOfCall(dotted === null ? [] : qualify(imports, dotted), textOf(this.text, callee), argTexts);
    if (hint) this.hints.push({ ...hint, range: this.lines.range(call.from, call.to) });
    if (dotted === null) return;
    const last = dotted.slice(dotted.lastIndexOf('.') + 1);
    if (last === 'compile' && dotted.includes('.')) {
      this.kerasCompile(argList);
      return;
    }
    const entry = catalogEntryOf(imports, dotted);
    if (entry) {
      this.settings.push(this.fromCall(call, argList, entry, textOf(this.text, callee)));
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
      range: this.lines.range(call.from, call.to), params,
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
      const list = this.ctx.env.assignments.get(textOf(this.text, node));
      const before = list?.filter((a) => a.end <= node.from).pop();
      return before ? this.parameterGroups(before.value, 1) : null;
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
    this.settings.push({
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
    this.settings.push(setting);
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
  private findLoopCalls(calls: SyntaxNode[]): void {
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
    for (const call of calls) {
      const callee = call.firstChild;
      if (callee?.name !== 'MemberExpression') continue;
      const method = callee.lastChild;
      const object = callee.firstChild;
      if (!method || !object || method.name !== 'PropertyName') continue;
      const m = textOf(this.text, method);
      if (m !== 'step' && m !== 'backward') continue;
      const receiver = textOf(this.text, object);
      let kind: LoopCall['kind'] | null = null;
      if (m === 'backward') {
        kind = 'backward';
      } else {
        const argList = call.getChild('ArgList');
        const args = argList ? callArguments(argList) : [];
        const firstArg = args[0] && !args[0].keyword ? dottedName(this.text, args[0].value) : null;
        if (looksLikeOptimizer(receiver)) kind = 'optimizer_step';
        else if (firstArg !== null && looksLikeOptimizer(firstArg)) kind = 'scaler_step';
      }
      if (kind === null) continue;
      this.loopCalls.push({
        kind, receiver,
        range: this.lines.range(call.from, call.to),
        lineStart: this.lines.position(this.lines.lineStart(call.from)),
        indent: this.lines.indentAt(call.from),
        after: this.lines.slotAfter(call.to, this.lines.indentAt(call.from)),
      });
    }
  }
}

/** `tree`: the text already parsed (by an IncrementalPythonParser), else it is parsed here. */
export function extractPython(text: string, tree?: Tree): ConfigExtraction {
  const x = new PythonExtractor(text);
  x.run(tree);
  return { language: 'python', settings: x.settings, loopCalls: x.loopCalls, hints: x.hints, problems: x.problems };
}
