/**
 * The settings model of issue 6: hyperparameters found in a training script or config, each with the exact
 * place it was written, so a rule can point at it and a quick fix can replace it.
 *
 * Framework defaults are NOT filled in here: `params` holds only what the file gives (the rules apply the
 * defaults), so "momentum not given" and "momentum=0 given" stay different.
 */

export type SettingKind = 'optimizer' | 'scheduler' | 'clipping' | 'training_args';
export const SETTING_KINDS: readonly SettingKind[] = ['optimizer', 'scheduler', 'clipping', 'training_args'];

export type Framework = 'pytorch' | 'keras' | 'huggingface' | 'deepspeed' | 'lightning' | 'hydra' | 'generic';

export interface SourcePosition {
  /** 0-based offset in UTF-16 code units, as editors and String.slice count. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** A literal value: numbers, booleans, strings, None/null, and tuples/lists of them (betas, milestones). */
export type ParamValue = number | boolean | string | null | ParamValue[];

export interface Param {
  /** The source text of the value as written (`0.1`, `args.lr`, `1e-5`, `"adam"` with its quotes). */
  text: string;
  /** The value when it is a literal or could be resolved (absent when unknown: a call, a lambda, a missing default). */
  value?: ParamValue;
  /** Where the value is written. */
  range: SourceRange;
  /** Where its name is written (`lr` of `lr=0.1`, the key of a YAML/JSON entry); absent for a positional argument. */
  keyRange?: SourceRange;
  /** How the value was resolved when it is not written here, e.g. "argparse default of --lr at line 12". */
  resolvedFrom?: string;
}

export type ParamMap = Record<string, Param>;

export interface Setting {
  kind: SettingKind;
  /** Canonical name: "torch.optim.SGD", "keras.optimizers.Adam", "TrainingArguments", "StepLR", "clip_grad_norm_". */
  name: string;
  framework: Framework;
  /** The whole construct: the call, or the config block. */
  range: SourceRange;
  /** What the file gave, by the framework's parameter name (positional arguments mapped to their names). */
  params: ParamMap;
  /** Parameter groups of a PyTorch optimizer (each dict's own options, `params` left out), in order. */
  groups?: ParamMap[];
  /** Python: the variable the result is assigned to (`optimizer` of `optimizer = SGD(...)`). */
  target?: string;
  /**
   * Where a new argument or key can be added: in Python just after the call's last argument (after its `(`
   * when it has none), so `${insertSeparator}name=value` inserted there keeps the call valid, trailing comma
   * or not; in YAML/JSON the end of the block's last entry.
   */
  insertAt?: SourcePosition;
  /** Python: what goes before a new argument at insertAt: ", " after an argument, "" in an empty call. */
  insertSeparator?: string;
  /** How it was written when that matters to a reader, e.g. 'string identifier "adam" (framework defaults apply)'. */
  note?: string;
  /** Python: the callee as written (`keras.optimizers.SGD`, `optim.SGD`, `SGD`), so a fix can name a sibling the same way. */
  callee?: string;
  /**
   * Python, a setting assigned to a name (`optimizer = SGD(...)`): where a statement can go right after it
   * (a warm-up scheduler built on this optimizer), at that statement's indentation.
   */
  after?: LineSlot;
}

/** Where whole lines can be inserted: at the start of `at`, each at `indent`. */
export interface LineSlot {
  at: SourcePosition;
  indent: string;
  /** The slot is the end of a file whose last line has no newline: the inserted lines must start with one. */
  newlineFirst?: boolean;
}

/** A call of the training loop the quick fixes need: clipping goes before the optimizer's step(). */
export interface LoopCall {
  kind: 'backward' | 'optimizer_step' | 'scaler_step';
  /** The object the method is called on (`optimizer`, `scaler`, `loss`). */
  receiver: string;
  range: SourceRange;
  /** Start of the line holding the statement, and that line's indentation (to insert a statement before it). */
  lineStart: SourcePosition;
  indent: string;
  /** Where a statement can go right after this one (a scheduler's step() after the optimizer's). */
  after?: LineSlot;
}

/**
 * Facts about the training the rules need besides the settings (Python only): a recurrent or attention
 * model is built (gradient clipping matters), parameters are cast to float16 (optimizer states in fp16).
 */
export interface TrainingHint {
  kind: 'recurrent' | 'attention' | 'fp16_params';
  /** What was seen, e.g. "torch.nn.LSTM", "model.half()". */
  what: string;
  range: SourceRange;
}

export type ConfigLanguage = 'python' | 'yaml' | 'json';

export interface ConfigExtraction {
  language: ConfigLanguage | null;
  settings: Setting[];
  /** Python only: backward() and step() calls, in source order. */
  loopCalls: LoopCall[];
  /** Python only: see TrainingHint. */
  hints: TrainingHint[];
  /** Syntax errors and skipped input, "line N: ...": the settings of the parts that parsed are still given. */
  problems: string[];
}
