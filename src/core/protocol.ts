/**
 * Messages between the extension host and the dashboard webview, defined once and validated on
 * receipt on both sides. Webview messages cross a JSON boundary, so number columns travel as plain
 * arrays in which a non-finite value (NaN, +-Infinity: a diverged run) is encoded as `null`.
 */
import { OPTIMIZER_NAMES, SCHEDULE_NAMES } from './optim/types';
import type { ClipSpec, OptimizerSpec, ScheduleSpec } from './optim/types';
import type { PlotBounds, ProblemSpec } from './problems/types';
import type { ComparisonResult, RunTrace } from './train/types';
import { FINDING_KINDS, FIX_ACTIONS, SEVERITIES } from './diagnose/types';
import type { Finding } from './diagnose/types';
import { MAX_SMOOTHING_WEIGHT } from './chart/smoothing';
import { VELOCITY_PATH_DIM } from './train/types';
import { parseRunSpecs, type RunSpec } from './train/spec';

export const PROTOCOL_VERSION = 1;

/** A number column on the wire: `null` stands for NaN or an infinity. */
export type WireColumn = (number | null)[];

export interface WireSummary {
  finalLoss: number | null;
  bestLoss: number | null;
  stepsToTolerance: number | null;
  diverged: boolean;
  divergedAtStep: number | null;
}

export interface WireRun {
  label: string;
  optimizer: OptimizerSpec;
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
  /** The run's id in a spec file. */
  id?: string;
  /** Set when the runs of a comparison are on different problems (a spec file): this run's problem. */
  problemTitle?: string;
  dim: number;
  stepsRequested: number;
  stepsRun: number;
  hasVelocity: boolean;
  loss: WireColumn;
  gradNorm: WireColumn;
  updateNorm: WireColumn;
  velocityNorm: WireColumn;
  lr: WireColumn;
  /**
   * L2 norm of each row's parameters (RunTrace.paramNorm); the update-to-parameter ratio is computed from it in
   * the webview. Optional: a comparison saved by a version without it still loads (the ratio chart is left out).
   */
  paramNorm?: WireColumn;
  /** Problems with validation data only: the held-out loss, null where it was not evaluated (RunTrace.valLoss). */
  valLoss?: WireColumn;
  /** Row-major, (stepsRun + 1) * dim values. */
  params: WireColumn;
  /**
   * 2-D runs with a momentum buffer only: the buffer after each update, row-major like params (row 0 null), as
   * the optimizer keeps it (RunTrace.velocityPath). The path plot draws it as the velocity arrow.
   */
  velocityPath?: WireColumn;
  summary: WireSummary;
  /** What the diagnosis engine found in this run (absent before the run was diagnosed). */
  findings?: Finding[];
}

export interface WireComparison {
  problem: ProblemSpec;
  problemTitle: string;
  minimumLoss: number;
  steps: number;
  tolerance: number;
  plotBounds: PlotBounds | null;
  minimizer: number[] | null;
  runs: WireRun[];
  /** Milliseconds since the epoch, when the host finished the runs. */
  finishedAt: number;
}

/** Where a watched log holds a value a chart cannot draw. */
export interface WireNonFinite {
  step: number;
  kind: 'nan' | '+inf' | '-inf';
}

/** One tag of a watched log, min/max-decimated by the series store for the chart's width. */
export interface WireLogSeries {
  step: WireColumn;
  value: WireColumn;
  /** Non-finite values in the shown range (capped). */
  nonFinite: WireNonFinite[];
  /** True when every point in the range is here (no decimation). */
  exact: boolean;
  /** Points the series holds in total. */
  points: number;
  /**
   * TensorBoard's smoothed line of the whole series at `weight`, computed by the host over every raw point and
   * min/max-decimated (absent when smoothing is off, or for a tag that is not smoothed, like a learning rate).
   */
  smoothed?: WireSmoothedLine;
  /**
   * Wall time of each point in seconds since the epoch (null where the log records none); absent when the
   * format records no wall time at all. Same length as `step`.
   */
  wall?: WireColumn;
}

/** A smoothed line on the wire: finite points only, steps ascending. */
export interface WireSmoothedLine {
  weight: number;
  step: number[];
  value: number[];
}

export type LogHealth = 'ok' | 'warning' | 'error';

/** A watched training log as the dashboard shows it: a snapshot, re-sent (throttled) as the log grows. */
export interface WireLogRun {
  id: string;
  label: string;
  /** The run's folder or file, as the user would recognise it (workspace-relative when inside it). */
  path: string;
  format: string;
  /** Every tag the run has, in first-appearance order. */
  tags: string[];
  /** The tags charted: by default the loss, learning-rate and gradient-norm tags the run has; the user adds more. */
  shownTags: string[];
  /** One entry per shown tag. */
  series: Record<string, WireLogSeries>;
  lastStep: number | null;
  /** The store version this snapshot reflects (bumps on every change). */
  version: number;
  health: LogHealth;
  /** The latest few warnings (bad CRC, restart, unparseable line...) with their locations. */
  warnings: string[];
  /** False once the file is no longer followed (closed or removed). */
  watching: boolean;
  /** What the diagnosis engine found so far (every finding, in order of step_start). */
  findings?: Finding[];
}

/** A fix tried on an embedded run: the same problem and seed re-run with the fix applied. */
export interface WireFixTrial {
  /** `finishedAt` of the comparison the run belongs to (a trial of an older comparison is not shown). */
  comparisonFinishedAt: number;
  /** Index of the run in the comparison the fix was tried on. */
  runIndex: number;
  findingIndex: number;
  fixIndex: number;
  /** The run as it was, and the re-run with the fix (its findings included). */
  before: WireRun;
  after: WireRun;
  /** True when the re-run has no finding of the kind the fix was for and no new error. */
  proven: boolean;
  /** Why proven or not, in one sentence with the numbers. */
  verdict: string;
}

/** Host -> webview. */
export type HostMessage =
  | { type: 'comparison'; comparison: WireComparison }
  | { type: 'running'; title: string }
  | { type: 'runFailed'; message: string }
  /** A fresh snapshot of a watched log (the focused run, or the answer to 'showTags'). */
  | { type: 'logRun'; run: WireLogRun; overlay?: boolean }
  /**
   * The watched runs the dashboard can overlay on the shown one, and which of them the host overlays now
   * (the webview's choice, or a run added with "Add Run to Chart"). Snapshots of overlaid runs come as
   * 'logRun' with `overlay: true`; they never replace the run in front.
   */
  | { type: 'logRunList'; runs: WireLogRunEntry[]; overlay: string[] }
  /** The run the webview asked about (after a reload, or with 'showTags') is not watched any more. */
  | { type: 'logUnwatched'; runId: string }
  /** The answer to 'tryFix': before and after. */
  | { type: 'fixTrial'; trial: WireFixTrial }
  | { type: 'fixTrialFailed'; runIndex: number; message: string }
  /** The host started re-running a run with a fix (the answer, 'fixTrial' or 'fixTrialFailed', follows). */
  | { type: 'fixTrialRunning'; runIndex: number; title: string };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'runComparison' }
  /** Sent after the charts have drawn a comparison: lets the host (and its tests) know what the user sees. */
  | { type: 'rendered'; labels: string[]; finishedAt: number }
  | { type: 'webviewError'; message: string }
  /**
   * The user picked which tags of a watched log to chart (or moved the smoothing slider: `smoothing`, TensorBoard's
   * weight, absent = leave as is); the host answers with a 'logRun' snapshot whose series carry that smoothing.
   */
  | { type: 'showTags'; runId: string; tags: string[]; smoothing?: number }
  /** The runs charted over the one in front (ids, at most LOG_LIMITS.overlayRuns); the host sends their snapshots. */
  | { type: 'overlayLogRuns'; runIds: string[] }
  /** TensorBoard's smoothing weight for the watched logs' smoothed lines from now on (the run in front stays). */
  | { type: 'setLogSmoothing'; smoothing: number }
  /** Sent after the log charts drew a snapshot: what the user sees (for the host's tests and the latency bench). */
  | { type: 'logRendered'; runId: string; version: number; lastStep: number | null }
  /** "Try this fix" on a finding of a comparison run: the host re-runs it with the fix and answers 'fixTrial'. */
  | { type: 'tryFix'; comparisonFinishedAt: number; runIndex: number; findingIndex: number; fixIndex: number }
  /**
   * A click on the stability map: re-run the comparison with one more momentum-SGD run at this learning rate and
   * momentum (heavy ball, or Nesterov), on the same problem and steps.
   */
  | { type: 'runAtSettings'; comparisonFinishedAt: number; lr: number; momentum: number; nesterov: boolean; context?: MapRerunContext }
  /** Export: the host asks where to save (a save dialog) and writes the file there. */
  | { type: 'saveFile'; format: ExportFormat; fileName: string; data: string }
  /** "Copy findings as Markdown" and friends: the host puts the text on the clipboard. */
  | { type: 'copyText'; text: string; what: string };

/**
 * What a stability-map re-run needs when the host no longer remembers the comparison (the window was reloaded:
 * the panel restored the comparison from its state, the host's memory of it is gone): the runs as specs (checked
 * by the spec-file parser, as strictly as a spec file), the loss tolerance and the problem's title.
 */
export interface MapRerunContext {
  specs: RunSpec[];
  tolerance: number;
  problemTitle: string;
}

/** What the dashboard exports: a chart as PNG (a data: URL), its shown series as CSV, findings as Markdown. */
export type ExportFormat = 'png' | 'csv' | 'md';

/** Bounds of the export messages (a chart canvas is a few megabytes at most; a CSV of every step of 64 runs fits). */
export const EXPORT_LIMITS = {
  fileName: 200,
  /** Characters of the data (a base64 PNG data: URL, or CSV/Markdown text). */
  data: 50_000_000,
  copyText: 5_000_000,
  what: 200,
  /** Learning rates a map click may ask for (0, MAX] and momentum [0, 1). */
  maxLr: 1e6,
} as const;

/** A watched run the dashboard may overlay on the one in front. */
export interface WireLogRunEntry {
  id: string;
  label: string;
}

/** Which watched log the dashboard shows, remembered so a reload can ask the host for a fresh snapshot. */
export interface WebviewLogState {
  runId: string;
  label: string;
  path: string;
  shownTags: string[];
  /** Loss-like tags the user switched from the default log scale to linear. */
  linearTags: string[];
  /** Runs charted over this one (absent: none). */
  overlay?: WireLogRunEntry[];
  /** Runs (this one or overlaid) the user hid with the legend's toggles. */
  hiddenRuns?: string[];
}

/** What a chart's x-axis shows: the step, the time since the run's first point, or the clock time. */
export const X_AXIS_MODES = ['step', 'relative', 'wall'] as const;
export type XAxisMode = (typeof X_AXIS_MODES)[number];

/** What the webview keeps with `setState` (and what the panel serializer hands back on reload). */
export interface WebviewState {
  version: typeof PROTOCOL_VERSION;
  comparison: WireComparison | null;
  logScale: boolean;
  /** The section in front; absent in states saved before training logs existed (the comparison). */
  view?: 'comparison' | 'log';
  /** The watched log last shown, if any. */
  log?: WebviewLogState | null;
  /** The last fix tried on a run of `comparison` (absent in states saved before fix trials existed). */
  fixTrial?: WireFixTrial | null;
  /** TensorBoard's smoothing weight of the loss and log charts, in [0, 0.999] (absent: the default, 0.6). */
  smoothing?: number;
  /** Comparison charts whose scale the user set apart from `logScale` (chart id -> log scale on). */
  chartLog?: Partial<Record<ComparisonChartId, boolean>>;
  /** Charts shown as a data table instead of a plot (chart ids; a log chart's id is "log:" + its tag). */
  tableCharts?: string[];
  /** Where the optimizer-path animation of `comparison` stood (absent: not touched yet). */
  paths?: WebviewPathsState | null;
  /** The x-axis of each view (absent: by step). */
  xAxis?: Partial<Record<'comparison' | 'log', XAxisMode>>;
}

/** The path animation's place, kept across a hidden panel and a reload. */
export interface WebviewPathsState {
  /** `finishedAt` of the comparison it belongs to (another comparison starts afresh). */
  comparisonFinishedAt: number;
  /** The step shown, 0..the longest 2-D run's steps. */
  step: number;
  playing: boolean;
  /** Playback speed, a multiple of the base rate (one of the offered speeds; others are snapped). */
  speed: number;
}

/** The comparison's charts, as named in the state and the export files. */
export const COMPARISON_CHART_IDS = ['loss', 'velocity', 'lr', 'validation', 'gradNorm', 'updateRatio'] as const;
export type ComparisonChartId = (typeof COMPARISON_CHART_IDS)[number];

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeColumn(column: ArrayLike<number>, length = column.length): WireColumn {
  const out: WireColumn = new Array(length);
  for (let i = 0; i < length; i++) {
    const v = column[i];
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

export function decodeColumn(column: WireColumn): Float64Array {
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    out[i] = v === null ? NaN : v;
  }
  return out;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** What a run carries besides its trace (the trainer may also copy schedule and clip into the trace). */
export interface RunExtras {
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
  id?: string;
  problemTitle?: string;
}

export function encodeRun(run: RunTrace, extras: RunExtras = {}): WireRun {
  const rows = run.stepsRun + 1;
  const traced = run as RunTrace & RunExtras;
  const schedule = extras.schedule ?? traced.schedule;
  const clip = extras.clip ?? traced.clip;
  return {
    label: run.label,
    optimizer: run.optimizer,
    ...(schedule ? { schedule } : {}),
    ...(clip ? { clip } : {}),
    ...(extras.id !== undefined ? { id: extras.id } : {}),
    ...(extras.problemTitle !== undefined ? { problemTitle: extras.problemTitle } : {}),
    dim: run.dim,
    stepsRequested: run.stepsRequested,
    stepsRun: run.stepsRun,
    hasVelocity: run.hasVelocity,
    loss: encodeColumn(run.loss, rows),
    gradNorm: encodeColumn(run.gradNorm, rows),
    updateNorm: encodeColumn(run.updateNorm, rows),
    velocityNorm: encodeColumn(run.velocityNorm, rows),
    lr: encodeColumn(run.lr, rows),
    paramNorm: encodeColumn(run.paramNorm, rows),
    ...(run.valLoss ? { valLoss: encodeColumn(run.valLoss, rows) } : {}),
    params: encodeColumn(run.params, rows * run.dim),
    ...(run.velocityPath && run.dim === VELOCITY_PATH_DIM ? { velocityPath: encodeColumn(run.velocityPath, rows * run.dim) } : {}),
    summary: {
      finalLoss: finiteOrNull(run.summary.finalLoss),
      bestLoss: finiteOrNull(run.summary.bestLoss),
      stepsToTolerance: run.summary.stepsToTolerance,
      diverged: run.summary.diverged,
      divergedAtStep: run.summary.divergedAtStep,
    },
  };
}

export function encodeComparison(
  result: ComparisonResult,
  extras: { plotBounds?: PlotBounds; minimizer?: Float64Array; finishedAt: number; runs?: RunExtras[] },
): WireComparison {
  return {
    problem: result.problem,
    problemTitle: result.problemTitle,
    minimumLoss: result.minimumLoss,
    steps: result.steps,
    tolerance: result.tolerance,
    plotBounds: extras.plotBounds ?? null,
    minimizer: extras.minimizer ? Array.from(extras.minimizer) : null,
    runs: result.runs.map((run, i) => encodeRun(run, extras.runs?.[i])),
    finishedAt: extras.finishedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation. Each check returns a description of the first problem found, or null when valid,
// so a rejected message can be logged with the reason.

type Check = (v: unknown, path: string) => string | null;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isString: Check = (v, p) => (typeof v === 'string' ? null : `${p} must be a string`);
const isBoolean: Check = (v, p) => (typeof v === 'boolean' ? null : `${p} must be a boolean`);
const isFiniteNumber: Check = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? null : `${p} must be a finite number`;
const isCount: Check = (v, p) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000_000 ? null : `${p} must be a count`;
const nullable = (inner: Check): Check => (v, p) => (v === null ? null : inner(v, p));
const optional = (inner: Check): Check => (v, p) => (v === undefined ? null : inner(v, p));

const isColumn = (length: number | null): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (length !== null && v.length !== length) return `${p} must have ${length} entries, not ${v.length}`;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== null && (typeof x !== 'number' || !Number.isFinite(x))) return `${p}[${i}] must be a finite number or null`;
  }
  return null;
};

function checkFields(v: unknown, p: string, fields: Record<string, Check>): string | null {
  if (!isRecord(v)) return `${p} must be an object`;
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(v[key], `${p}.${key}`);
    if (problem) return problem;
  }
  return null;
}

/** Limits of the loosely checked spec objects (optimizer, schedule, clip, problem) that travel with a comparison. */
const MAX_SPEC_KEYS = 32;
const MAX_SPEC_STRING = 200;
const MAX_SPEC_NUMBERS = 100_000;

/**
 * A spec object as the engine's parsers accept it, checked only for safety: a plain object with at most
 * MAX_SPEC_KEYS short keys whose values are finite numbers, booleans, short strings, null, or (nested) arrays of
 * finite numbers, with at most MAX_SPEC_NUMBERS numbers in all. `name` must pass `nameCheck`.
 */
const isLooseSpec = (nameCheck: Check | null): Check => (v, p) => {
  if (!isRecord(v)) return `${p} must be an object`;
  const keys = Object.keys(v);
  if (keys.length > MAX_SPEC_KEYS) return `${p} has more than ${MAX_SPEC_KEYS} keys`;
  let numbers = 0;
  const isValue = (x: unknown, depth: number): boolean => {
    if (typeof x === 'number') {
      numbers++;
      return Number.isFinite(x);
    }
    if (typeof x === 'boolean' || x === null) return true;
    if (typeof x === 'string') return x.length <= MAX_SPEC_STRING;
    if (Array.isArray(x) && depth < 2) return x.every((item) => (typeof item === 'number' || Array.isArray(item)) && isValue(item, depth + 1));
    return false;
  };
  for (const key of keys) {
    if (key.length > 64) return `${p} has a key longer than 64 characters`;
    if (!isValue(v[key], 0)) return `${p}.${key} must be a finite number, a boolean, a short string, null or an array of numbers`;
    if (numbers > MAX_SPEC_NUMBERS) return `${p} holds more than ${MAX_SPEC_NUMBERS} numbers`;
  }
  return nameCheck ? nameCheck(v.name, `${p}.name`) : null;
};

const oneOf = (names: readonly string[]): Check => (v, p) =>
  typeof v === 'string' && names.includes(v) ? null : `${p} must be one of ${names.join(', ')}`;

const isProblemName: Check = (v, p) =>
  typeof v === 'string' && /^[a-z][a-z0-9_-]{0,63}$/.test(v) ? null : `${p} must be a problem name`;

const isOptimizerSpec = isLooseSpec(oneOf(OPTIMIZER_NAMES));
const isScheduleSpec = isLooseSpec(oneOf(SCHEDULE_NAMES));
const isClipSpec = isLooseSpec(null);
const isProblemSpec = isLooseSpec(isProblemName);

const isShortString: Check = (v, p) => (typeof v === 'string' && v.length <= 500 ? null : `${p} must be a string of at most 500 characters`);

const isPlotBounds: Check = (v, p) =>
  checkFields(v, p, { xMin: isFiniteNumber, xMax: isFiniteNumber, yMin: isFiniteNumber, yMax: isFiniteNumber, logLevels: isBoolean });

// Findings of the diagnosis engine. They can come from a user's log (the metric is a tag of that log, the
// message quotes its numbers), so every list and string is bounded and evidence keys are only ever read as
// own properties.

/** Limits of the findings of one run and of the fixes and evidence of one finding. */
export const FINDING_LIMITS = {
  /** Findings per run (the engine raises a handful; a flood is a bug or a hostile message). */
  findings: 200,
  fixes: 16,
  /** Characters of a finding's message or a fix's text. */
  message: 2_000,
  /** Characters of the metric name (a log tag: LOG_LIMITS.tagLength). */
  metric: 512,
  evidenceKeys: 64,
  /** Characters of an evidence or settings key, and of a fix's parameter name. */
  keyLength: 64,
  /** Characters of a string value in evidence, settings or a fix's from/to (room for a tag name, LOG_LIMITS.tagLength). */
  valueLength: 512,
  settingsKeys: 16,
} as const;

const isStep: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p} must be a finite step`);

/** A plain object of at most `maxKeys` short keys whose values pass `isValue`. */
const isSmallRecord = (maxKeys: number, isValue: (x: unknown) => boolean, what: string): Check => (v, p) => {
  if (!isRecord(v)) return `${p} must be an object`;
  const keys = Object.keys(v);
  if (keys.length > maxKeys) return `${p} has more than ${maxKeys} keys`;
  for (const key of keys) {
    if (key.length > FINDING_LIMITS.keyLength) return `${p} has a key longer than ${FINDING_LIMITS.keyLength} characters`;
    if (!isValue(v[key])) return `${p}.${key.slice(0, FINDING_LIMITS.keyLength)} must be ${what}`;
  }
  return null;
};

const isShortValue = (x: unknown): boolean =>
  (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && x.length <= FINDING_LIMITS.valueLength);
const isEvidence = isSmallRecord(FINDING_LIMITS.evidenceKeys,
  (x) => x === null || typeof x === 'boolean' || isShortValue(x), 'a finite number, a short string, a boolean or null');
const isSettings = isSmallRecord(FINDING_LIMITS.settingsKeys, isShortValue, 'a finite number or a short string');
const isFixValue: Check = (v, p) => (isShortValue(v) ? null : `${p} must be a finite number or a short string`);
const isText = (max: number): Check => (v, p) =>
  typeof v === 'string' && v.length <= max ? null : `${p} must be a string of at most ${max} characters`;

const isFix: Check = (v, p) => checkFields(v, p, {
  action: oneOf(FIX_ACTIONS), parameter: optional(isText(FINDING_LIMITS.keyLength)), from: optional(isFixValue),
  to: optional(isFixValue), text: isText(FINDING_LIMITS.message), settings: optional(isSettings),
});

const isFinding: Check = (v, p) => {
  const problem = checkFields(v, p, {
    kind: oneOf(FINDING_KINDS), metric: isText(FINDING_LIMITS.metric), severity: oneOf(SEVERITIES),
    step_start: isStep, step_end: isStep, message: isText(FINDING_LIMITS.message), evidence: isEvidence,
    fixes: (f, fp) => isListOf(f, fp, FINDING_LIMITS.fixes, isFix),
  });
  if (problem) return problem;
  const finding = v as unknown as Finding;
  return finding.step_end >= finding.step_start ? null : `${p}.step_end must not be before step_start`;
};

function isListOf(v: unknown, p: string, max: number, item: Check): string | null {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > max) return `${p} has more than ${max} entries`;
  for (let i = 0; i < v.length; i++) {
    const problem = item(v[i], `${p}[${i}]`);
    if (problem) return problem;
  }
  return null;
}

const isFindings: Check = (v, p) => isListOf(v, p, FINDING_LIMITS.findings, isFinding);

const isRun: Check = (v, p) => {
  const shape = checkFields(v, p, { label: isString, optimizer: isOptimizerSpec, schedule: optional(isScheduleSpec),
    clip: optional(isClipSpec), id: optional(isShortString), problemTitle: optional(isShortString), dim: isCount,
    stepsRequested: isCount, stepsRun: isCount, hasVelocity: isBoolean, findings: optional(isFindings) });
  if (shape) return shape;
  const run = v as Record<string, number>;
  const rows = run.stepsRun + 1;
  // The velocity path is a 2-D-only extra: on a bigger run it would be a host bug or a hostile message.
  if ((v as Record<string, unknown>).velocityPath !== undefined && run.dim !== VELOCITY_PATH_DIM) {
    return `${p}.velocityPath is only sent for ${VELOCITY_PATH_DIM}-D runs`;
  }
  return checkFields(v, p, {
    loss: isColumn(rows), gradNorm: isColumn(rows), updateNorm: isColumn(rows), velocityNorm: isColumn(rows),
    lr: isColumn(rows), paramNorm: optional(isColumn(rows)), valLoss: optional(isColumn(rows)),
    params: isColumn(rows * run.dim), velocityPath: optional(isColumn(rows * run.dim)),
    summary: (s, sp) => checkFields(s, sp, { finalLoss: nullable(isFiniteNumber), bestLoss: nullable(isFiniteNumber),
      stepsToTolerance: nullable(isCount), diverged: isBoolean, divergedAtStep: nullable(isCount) }),
  });
};

const isComparison: Check = (v, p) => {
  const problem = checkFields(v, p, {
    problem: isProblemSpec, problemTitle: isString, minimumLoss: isFiniteNumber, steps: isCount,
    tolerance: isFiniteNumber, plotBounds: nullable(isPlotBounds), minimizer: nullable(isColumn(null)),
    finishedAt: isFiniteNumber,
  });
  if (problem) return problem;
  const runs = (v as Record<string, unknown>).runs;
  if (!Array.isArray(runs)) return `${p}.runs must be an array`;
  if (runs.length > MAX_RUNS) return `${p}.runs has more than ${MAX_RUNS} runs`;
  for (let i = 0; i < runs.length; i++) {
    const r = isRun(runs[i], `${p}.runs[${i}]`);
    if (r) return r;
  }
  return null;
};

/** Runs a comparison holds at most (the dashboard's limit, also that of a spec file). */
const MAX_RUNS = 64;

/** An index below `max`. */
const isIndex = (max: number): Check => (v, p) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < max ? null : `${p} must be an integer from 0 to ${max - 1}`;
const isRunIndex = isIndex(MAX_RUNS);
const isFindingIndex = isIndex(FINDING_LIMITS.findings);
const isFixIndex = isIndex(FINDING_LIMITS.fixes);

const isFixTrial: Check = (v, p) => {
  const problem = checkFields(v, p, {
    comparisonFinishedAt: isFiniteNumber, runIndex: isRunIndex, findingIndex: isFindingIndex, fixIndex: isFixIndex,
    before: isRun, after: isRun, proven: isBoolean, verdict: isText(FINDING_LIMITS.message),
  });
  if (problem) return problem;
  // The indices name the finding and fix tried, which the "before" run must hold.
  const trial = v as unknown as WireFixTrial;
  const finding = trial.before.findings?.[trial.findingIndex];
  if (!finding) return `${p}.findingIndex must name one of before.findings`;
  return trial.fixIndex < finding.fixes.length ? null : `${p}.fixIndex must name one of the finding's fixes`;
};

// Watched training logs. Tags come from the user's files, so every string and array is bounded, and a
// tag is only ever used as a key of an own property (a tag may well be "__proto__" or "constructor").

/** Limits of a log snapshot and of the messages about one. */
export const LOG_LIMITS = {
  /** Characters of a tag name (TensorBoard tags are paths like "train/loss/epoch"; 512 is generous). */
  tagLength: 512,
  /** Tags a run may list. */
  tags: 10_000,
  /** Tags charted at once. */
  shownTags: 64,
  /** Points of one decimated series (a chart is at most a few thousand pixels wide). */
  seriesPoints: 100_000,
  /** Runs charted over the one in front (each is a full snapshot on the wire). */
  overlayRuns: 7,
  /** Watched runs a run list names. */
  runList: 1_000,
  /** Points of all series of one snapshot together. */
  totalPoints: 1_000_000,
  nonFinite: 1_000,
  warnings: 100,
  warningLength: 2_000,
  idLength: 1_000,
  labelLength: 1_000,
  pathLength: 4_096,
} as const;

const isBoundedString = (max: number): Check => (v, p) =>
  typeof v === 'string' && v.length <= max ? null : `${p} must be a string of at most ${max} characters`;
const isTag: Check = (v, p) =>
  typeof v === 'string' && v.length > 0 && v.length <= LOG_LIMITS.tagLength ? null : `${p} must be a tag name of 1 to ${LOG_LIMITS.tagLength} characters`;
const isRunId = isBoundedString(LOG_LIMITS.idLength);
const isVersion: Check = (v, p) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : `${p} must be a non-negative integer`;
const isNonNegativeInteger = isVersion;

/** An array of distinct tag names, at most `max` of them. */
const isTagList = (max: number): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > max) return `${p} has more than ${max} tags`;
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const problem = isTag(v[i], `${p}[${i}]`);
    if (problem) return problem;
    if (seen.has(v[i] as string)) return `${p} lists ${JSON.stringify(v[i])} twice`;
    seen.add(v[i] as string);
  }
  return null;
};

const isStepColumn: Check = (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > LOG_LIMITS.seriesPoints) return `${p} has more than ${LOG_LIMITS.seriesPoints} points`;
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) return `${p}[${i}] must be a finite number`;
  }
  return null;
};

const isNonFiniteList: Check = (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > LOG_LIMITS.nonFinite) return `${p} has more than ${LOG_LIMITS.nonFinite} entries`;
  for (let i = 0; i < v.length; i++) {
    const problem = checkFields(v[i], `${p}[${i}]`, { step: isFiniteNumber, kind: oneOf(['nan', '+inf', '-inf']) });
    if (problem) return problem;
  }
  return null;
};

const isSmoothingWeight: Check = (x, p) =>
  (typeof x === 'number' && x >= 0 && x <= MAX_SMOOTHING_WEIGHT ? null : `${p} must be a number in [0, ${MAX_SMOOTHING_WEIGHT}]`);

const isSmoothedLine: Check = (v, p) => {
  const problem = checkFields(v, p, { weight: isSmoothingWeight, step: isStepColumn });
  if (problem) return problem;
  const line = v as { step: number[]; value: unknown };
  for (let i = 1; i < line.step.length; i++) if (line.step[i] < line.step[i - 1]) return `${p}.step must be ascending (at ${i})`;
  if (!Array.isArray(line.value) || line.value.length !== line.step.length) return `${p}.value must have ${line.step.length} entries`;
  const bad = line.value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return bad < 0 ? null : `${p}.value[${bad}] must be a finite number`;
};

const isLogSeries: Check = (v, p) => {
  const problem = checkFields(v, p, { step: isStepColumn, nonFinite: isNonFiniteList, exact: isBoolean, points: isNonNegativeInteger,
    smoothed: optional(isSmoothedLine) });
  if (problem) return problem;
  const steps = (v as { step: unknown[] }).step.length;
  return isColumn(steps)((v as { value: unknown }).value, `${p}.value`) ?? optional(isColumn(steps))((v as { wall: unknown }).wall, `${p}.wall`);
};

const isLogRun: Check = (v, p) => {
  const problem = checkFields(v, p, {
    id: isRunId, label: isBoundedString(LOG_LIMITS.labelLength), path: isBoundedString(LOG_LIMITS.pathLength),
    format: isBoundedString(100), tags: isTagList(LOG_LIMITS.tags), shownTags: isTagList(LOG_LIMITS.shownTags),
    lastStep: nullable(isFiniteNumber), version: isVersion, health: oneOf(['ok', 'warning', 'error']),
    warnings: (w, wp) => {
      if (!Array.isArray(w)) return `${wp} must be an array`;
      if (w.length > LOG_LIMITS.warnings) return `${wp} has more than ${LOG_LIMITS.warnings} warnings`;
      const bad = w.findIndex((x) => typeof x !== 'string' || x.length > LOG_LIMITS.warningLength);
      return bad < 0 ? null : `${wp}[${bad}] must be a string of at most ${LOG_LIMITS.warningLength} characters`;
    },
    watching: isBoolean,
    findings: optional(isFindings),
  });
  if (problem) return problem;
  const run = v as unknown as WireLogRun;
  const known = new Set(run.tags);
  const notListed = run.shownTags.find((tag) => !known.has(tag));
  if (notListed !== undefined) return `${p}.shownTags has ${JSON.stringify(notListed)}, which is not one of the run's tags`;
  if (!isRecord(run.series)) return `${p}.series must be an object`;
  const shown = new Set(run.shownTags);
  let total = 0;
  // A shown tag may lack a series (no point yet); a series for a tag that is not shown is a host bug.
  for (const [tag, series] of Object.entries(run.series)) {
    if (!shown.has(tag)) return `${p}.series has ${JSON.stringify(tag.slice(0, 100))}, which is not a shown tag`;
    const bad = isLogSeries(series, `${p}.series[${JSON.stringify(tag)}]`);
    if (bad) return bad;
    total += (series as WireLogSeries).step.length + ((series as WireLogSeries).smoothed?.step.length ?? 0);
    if (total > LOG_LIMITS.totalPoints) return `${p}.series holds more than ${LOG_LIMITS.totalPoints} points`;
  }
  return null;
};

/** The series of `tag` in a (validated) snapshot, or undefined; never an inherited property. */
export function logSeriesOf(run: WireLogRun, tag: string): WireLogSeries | undefined {
  return Object.prototype.hasOwnProperty.call(run.series, tag) ? run.series[tag] : undefined;
}

const isRunEntry: Check = (v, p) => checkFields(v, p, { id: isRunId, label: isBoundedString(LOG_LIMITS.labelLength) });

/** At most `max` distinct run ids. */
const isRunIdList = (max: number): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > max) return `${p} has more than ${max} runs`;
  const seen = new Set<unknown>();
  for (let i = 0; i < v.length; i++) {
    const problem = isRunId(v[i], `${p}[${i}]`);
    if (problem) return problem;
    if (seen.has(v[i])) return `${p} lists a run twice`;
    seen.add(v[i]);
  }
  return null;
};

const isRunEntryList = (max: number): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > max) return `${p} has more than ${max} runs`;
  for (let i = 0; i < v.length; i++) {
    const problem = isRunEntry(v[i], `${p}[${i}]`);
    if (problem) return problem;
  }
  return null;
};

const isLogState: Check = (v, p) => checkFields(v, p, {
  runId: isRunId, label: isBoundedString(LOG_LIMITS.labelLength), path: isBoundedString(LOG_LIMITS.pathLength),
  shownTags: isTagList(LOG_LIMITS.shownTags), linearTags: isTagList(LOG_LIMITS.shownTags),
  overlay: optional(isRunEntryList(LOG_LIMITS.overlayRuns)),
  hiddenRuns: optional(isRunIdList(LOG_LIMITS.overlayRuns + 1)),
});

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

function validated<T>(v: unknown, problem: string | null): Validated<T> {
  return problem === null ? { ok: true, value: v as T } : { ok: false, error: problem };
}

export function validateHostMessage(v: unknown): Validated<HostMessage> {
  if (!isRecord(v)) return { ok: false, error: 'message must be an object' };
  switch (v.type) {
    case 'comparison':
      return validated(v, isComparison(v.comparison, 'message.comparison'));
    case 'running':
      return validated(v, isString(v.title, 'message.title'));
    case 'runFailed':
      return validated(v, isString(v.message, 'message.message'));
    case 'logRun':
      return validated(v, isLogRun(v.run, 'message.run') ?? optional(isBoolean)(v.overlay, 'message.overlay'));
    case 'logRunList':
      return validated(v, isRunEntryList(LOG_LIMITS.runList)(v.runs, 'message.runs') ?? isRunIdList(LOG_LIMITS.overlayRuns)(v.overlay, 'message.overlay'));
    case 'logUnwatched':
      return validated(v, isRunId(v.runId, 'message.runId'));
    case 'fixTrial':
      return validated(v, isFixTrial(v.trial, 'message.trial'));
    case 'fixTrialFailed':
      return validated(v, isRunIndex(v.runIndex, 'message.runIndex') ?? isText(10_000)(v.message, 'message.message'));
    case 'fixTrialRunning':
      return validated(v, isRunIndex(v.runIndex, 'message.runIndex') ?? isText(1_000)(v.title, 'message.title'));
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(v.type)}` };
  }
}

const EXPORT_FORMATS = ['png', 'csv', 'md'] as const;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

/**
 * A file name the save dialog may propose: one path segment (no separators, no "..", no control or
 * reserved characters), so a hostile webview cannot steer where the dialog opens.
 */
const isExportFileName: Check = (v, p) => {
  if (typeof v !== 'string' || v.length === 0 || v.length > EXPORT_LIMITS.fileName) return `${p} must be a file name of 1 to ${EXPORT_LIMITS.fileName} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(v) || v.startsWith('.') || v.includes('..')) return `${p} must be a plain file name (no path, no reserved characters)`;
  return null;
};

/** The re-run context parsed (specs through the spec-file parser, so they are what a spec file may hold), or why not. */
function mapRerunContext(v: unknown, p: string): MapRerunContext | string {
  const problem = checkFields(v, p, {
    specs: (x, xp) => (Array.isArray(x) ? null : `${xp} must be an array of run specs`),
    tolerance: (x, xp) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? null : `${xp} must be a finite number >= 0`),
    problemTitle: isBoundedString(500),
  });
  if (problem) return problem;
  const raw = v as { specs: unknown[]; tolerance: number; problemTitle: string };
  try {
    return { specs: parseRunSpecs(raw.specs), tolerance: raw.tolerance, problemTitle: raw.problemTitle };
  } catch (error) {
    return `${p}.specs: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function validateWebviewMessage(v: unknown): Validated<WebviewMessage> {
  if (!isRecord(v)) return { ok: false, error: 'message must be an object' };
  switch (v.type) {
    case 'ready':
    case 'runComparison':
      return { ok: true, value: { type: v.type } };
    case 'rendered': {
      const labels = v.labels;
      if (!Array.isArray(labels) || labels.length > 64 || !labels.every((l) => typeof l === 'string' && l.length < 500)) {
        return { ok: false, error: 'message.labels must be at most 64 strings' };
      }
      const finishedAt = isFiniteNumber(v.finishedAt, 'message.finishedAt');
      if (finishedAt) return { ok: false, error: finishedAt };
      return { ok: true, value: { type: 'rendered', labels: labels as string[], finishedAt: v.finishedAt as number } };
    }
    case 'webviewError':
      if (typeof v.message !== 'string' || v.message.length > 10_000) return { ok: false, error: 'message.message must be a short string' };
      return { ok: true, value: { type: 'webviewError', message: v.message } };
    case 'showTags': {
      const problem = isRunId(v.runId, 'message.runId') ?? isTagList(LOG_LIMITS.shownTags)(v.tags, 'message.tags')
        ?? optional(isSmoothingWeight)(v.smoothing, 'message.smoothing');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'showTags', runId: v.runId as string, tags: [...v.tags as string[]],
        ...(v.smoothing !== undefined ? { smoothing: v.smoothing as number } : {}) } };
    }
    case 'setLogSmoothing': {
      const problem = isSmoothingWeight(v.smoothing, 'message.smoothing');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'setLogSmoothing', smoothing: v.smoothing as number } };
    }
    case 'overlayLogRuns': {
      const problem = isRunIdList(LOG_LIMITS.overlayRuns)(v.runIds, 'message.runIds');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'overlayLogRuns', runIds: [...v.runIds as string[]] } };
    }
    case 'logRendered': {
      const problem = isRunId(v.runId, 'message.runId') ?? isVersion(v.version, 'message.version')
        ?? nullable(isFiniteNumber)(v.lastStep, 'message.lastStep');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'logRendered', runId: v.runId as string, version: v.version as number, lastStep: v.lastStep as number | null } };
    }
    case 'tryFix': {
      const problem = isFiniteNumber(v.comparisonFinishedAt, 'message.comparisonFinishedAt') ?? isRunIndex(v.runIndex, 'message.runIndex')
        ?? isFindingIndex(v.findingIndex, 'message.findingIndex') ?? isFixIndex(v.fixIndex, 'message.fixIndex');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'tryFix', comparisonFinishedAt: v.comparisonFinishedAt as number, runIndex: v.runIndex as number,
        findingIndex: v.findingIndex as number, fixIndex: v.fixIndex as number } };
    }
    case 'runAtSettings': {
      const problem = isFiniteNumber(v.comparisonFinishedAt, 'message.comparisonFinishedAt')
        ?? (typeof v.lr === 'number' && v.lr > 0 && v.lr <= EXPORT_LIMITS.maxLr ? null : `message.lr must be a number in (0, ${EXPORT_LIMITS.maxLr}]`)
        ?? (typeof v.momentum === 'number' && v.momentum >= 0 && v.momentum < 1 ? null : 'message.momentum must be a number in [0, 1)')
        ?? isBoolean(v.nesterov, 'message.nesterov');
      if (problem) return { ok: false, error: problem };
      const context = v.context === undefined ? undefined : mapRerunContext(v.context, 'message.context');
      if (typeof context === 'string') return { ok: false, error: context };
      return { ok: true, value: { type: 'runAtSettings', comparisonFinishedAt: v.comparisonFinishedAt as number, lr: v.lr as number,
        momentum: v.momentum as number, nesterov: v.nesterov as boolean, ...(context ? { context } : {}) } };
    }
    case 'saveFile': {
      const problem = oneOf(EXPORT_FORMATS)(v.format, 'message.format') ?? isExportFileName(v.fileName, 'message.fileName')
        ?? isBoundedString(EXPORT_LIMITS.data)(v.data, 'message.data');
      if (problem) return { ok: false, error: problem };
      const format = v.format as ExportFormat;
      const fileName = v.fileName as string;
      const data = v.data as string;
      if (!fileName.toLowerCase().endsWith(`.${format}`)) return { ok: false, error: `message.fileName must end in .${format}` };
      if (format === 'png' && !PNG_DATA_URL.test(data)) return { ok: false, error: 'message.data must be a base64 data:image/png URL' };
      return { ok: true, value: { type: 'saveFile', format, fileName, data } };
    }
    case 'copyText': {
      const problem = isBoundedString(EXPORT_LIMITS.copyText)(v.text, 'message.text') ?? isBoundedString(EXPORT_LIMITS.what)(v.what, 'message.what');
      if (problem) return { ok: false, error: problem };
      return { ok: true, value: { type: 'copyText', text: v.text as string, what: v.what as string } };
    }
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(v.type)}` };
  }
}

const isPathsState: Check = (v, p) => checkFields(v, p, {
  comparisonFinishedAt: isFiniteNumber, step: isCount, playing: isBoolean,
  speed: (x, sp) => (typeof x === 'number' && x > 0 && x <= 100 ? null : `${sp} must be a number in (0, 100]`),
});

export function validateWebviewState(v: unknown): Validated<WebviewState> {
  const problem = checkFields(v, 'state', {
    version: (x, p) => (x === PROTOCOL_VERSION ? null : `${p} must be ${PROTOCOL_VERSION}`),
    comparison: nullable(isComparison),
    logScale: isBoolean,
    view: optional(oneOf(['comparison', 'log'])),
    log: optional(nullable(isLogState)),
    fixTrial: optional(nullable(isFixTrial)),
    smoothing: optional((x, p) => (typeof x === 'number' && x >= 0 && x <= MAX_SMOOTHING_WEIGHT ? null : `${p} must be a number in [0, ${MAX_SMOOTHING_WEIGHT}]`)),
    chartLog: optional((x, p) => {
      if (!isRecord(x)) return `${p} must be an object`;
      for (const key of Object.keys(x)) {
        if (!(COMPARISON_CHART_IDS as readonly string[]).includes(key)) return `${p} has an unknown chart ${JSON.stringify(key.slice(0, 40))}`;
        if (typeof x[key] !== 'boolean') return `${p}.${key} must be a boolean`;
      }
      return null;
    }),
    xAxis: optional((x, p) => {
      if (!isRecord(x)) return `${p} must be an object`;
      for (const key of Object.keys(x)) {
        if (key !== 'comparison' && key !== 'log') return `${p} has an unknown view ${JSON.stringify(key.slice(0, 40))}`;
        const bad = oneOf(X_AXIS_MODES)(x[key], `${p}.${key}`);
        if (bad) return bad;
      }
      return null;
    }),
    tableCharts: optional((x, p) => {
      if (!Array.isArray(x)) return `${p} must be an array`;
      if (x.length > LOG_LIMITS.shownTags + COMPARISON_CHART_IDS.length) return `${p} lists too many charts`;
      const bad = x.findIndex((id) => typeof id !== 'string' || id.length === 0 || id.length > LOG_LIMITS.tagLength + 4);
      return bad < 0 ? null : `${p}[${bad}] must be a chart id`;
    }),
    paths: optional(nullable(isPathsState)),
  });
  return validated(v, problem);
}
