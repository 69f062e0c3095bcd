/**
 * What the outside sees of a watched run's series store: a small summary for the tree view and the status bar
 * (`summarizeLogRun`), and the decimated snapshot the dashboard charts (`buildLogRunSnapshot`). Both read the
 * store through the narrow `StoreView` below (the SeriesStore satisfies it), so they are pure and testable
 * with any store.
 */
import type { Finding } from '../diagnose/types';
import type { LogHealth, WireLogRun, WireLogSeries, WireNonFinite } from '../protocol';
import { compareFindings } from './findingText';
import { defaultShownTags, lossTrend, primaryLossTag, runHealth, tagRole } from './runHealth';
import type { LossTrend, TagRole } from './runHealth';
import { smoothingWeight } from '../chart/smoothing';

/** The parts of a SeriesStore's Series read here. */
export interface SeriesView {
  readonly length: number;
  step(i: number): number;
  value(i: number): number;
  readonly lastStep: number;
  readonly lastValue: number;
  readonly nonFiniteCount: number;
  /** Seconds since the epoch, NaN where the log records none (optional: stores without wall times). */
  wallTime?(i: number): number;
  decimate(fromStep: number, toStep: number, pixels: number): {
    step: Float64Array;
    value: Float64Array;
    nonFinite: readonly { step: number; value: number }[];
    exact: boolean;
  };
  /** The whole run's non-finite points (listed) and their count; needed with LiveLines. */
  nonFinitePoints?(): { list: readonly { step: number; value: number }[]; total: number };
}

/** The parts of a SeriesStore read here. */
export interface StoreView {
  readonly tags: readonly string[];
  get(tag: string): SeriesView | undefined;
  /** Steps that went backwards (restarts), all of them. */
  readonly restartCount: number;
  readonly version: number;
  readonly pointCount: number;
}

/** Where the run's warnings stand (kept by whoever feeds the readers). */
export interface ReadState {
  /** The latest warnings (the feeder may cap the list), located ("file:line: message" / "file@offset: message"). */
  warnings: readonly string[];
  /** Every warning so far, including those no longer in `warnings`. */
  warningCount: number;
  crcErrors: number;
}

export interface LogTagSummary {
  tag: string;
  role: TagRole;
  points: number;
  /** null while the tag has no point. */
  lastStep: number | null;
  /** NaN and +-Infinity as logged. */
  lastValue: number | null;
  nonFinite: number;
}

export interface LogRunSummary {
  version: number;
  points: number;
  lastStep: number | null;
  tags: LogTagSummary[];
  /** The loss the trend and status bar follow. */
  lossTag: string | null;
  trend: LossTrend | null;
  health: LogHealth;
  healthReasons: string[];
  warningCount: number;
  /** The latest few warnings. */
  warnings: string[];
  crcErrors: number;
  restarts: number;
  /**
   * The diagnosis engine's findings, most severe first then earliest (at most MAX_FINDINGS); undefined when
   * diagnosis is switched off.
   */
  findings?: Finding[];
  /** Every finding, including those beyond MAX_FINDINGS. */
  findingCount: number;
}

/**
 * Findings a summary or snapshot carries. The engine merges repeats (a spike that recurs is one finding with a
 * count), so a run has a handful; the cap only bounds what a pathological log could send on every update.
 */
export const MAX_FINDINGS = 100;

/** How many of the latest warnings a summary or snapshot carries. */
export const RECENT_WARNINGS = 5;

/** The most severe and earliest `MAX_FINDINGS` findings, most severe first. */
function topFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings).slice(0, MAX_FINDINGS);
}

/** `findings`: the run's diagnosis (RunDiagnosis.findings), undefined when diagnosis is off. */
export function summarizeLogRun(store: StoreView, read: ReadState, findings?: readonly Finding[]): LogRunSummary {
  const tags: LogTagSummary[] = [];
  let lastStep: number | null = null;
  for (const tag of store.tags) {
    const series = store.get(tag);
    const points = series?.length ?? 0;
    const summary: LogTagSummary = {
      tag,
      role: tagRole(tag),
      points,
      lastStep: series && points > 0 ? series.lastStep : null,
      lastValue: series && points > 0 ? series.lastValue : null,
      nonFinite: series?.nonFiniteCount ?? 0,
    };
    if (summary.lastStep !== null && (lastStep === null || summary.lastStep > lastStep)) lastStep = summary.lastStep;
    tags.push(summary);
  }
  const lossTag = primaryLossTag(store.tags);
  const loss = lossTag === null ? undefined : store.get(lossTag);
  const trend = loss ? lossTrend(loss.length, (i) => loss.value(i)) : null;
  const { health, reasons } = runHealth({ tags, warnings: read.warningCount, crcErrors: read.crcErrors, restarts: store.restartCount, ...(findings ? { findings } : {}) });
  return {
    version: store.version,
    points: store.pointCount,
    lastStep,
    tags,
    lossTag,
    trend,
    health,
    healthReasons: reasons,
    warningCount: read.warningCount,
    warnings: read.warnings.slice(-RECENT_WARNINGS),
    crcErrors: read.crcErrors,
    restarts: store.restartCount,
    ...(findings ? { findings: topFindings(findings) } : {}),
    findingCount: findings?.length ?? 0,
  };
}

export interface SnapshotIdentity {
  id: string;
  label: string;
  path: string;
  format: string;
  watching: boolean;
}

export interface SnapshotOptions {
  /** The tags to chart; default: the run's loss, learning-rate and gradient-norm tags. Unknown tags are dropped. */
  shownTags?: readonly string[];
  /** The chart's width in pixels: each series is min/max-decimated to about this many buckets. */
  pixels?: number;
  /**
   * TensorBoard's smoothing weight the dashboard shows (0 or absent: none). Above 0, each shown series that is
   * smoothed (not a learning rate: it is set, not measured) also carries its smoothed line, computed over every
   * raw point by the `smoothed` lines given to buildLogRunSnapshot.
   */
  smoothing?: number;
}

/** Where smoothed lines come from (the log worker's SmoothedTracks: incremental per tag). */
export interface SmoothedLines {
  line(tag: string, series: SeriesView, weight: number, pixels: number): { step: Float64Array; value: Float64Array; length: number };
  retain(tags: Iterable<string>): void;
}

/**
 * Where whole-run raw lines come from when kept as points arrive (the log worker's LiveDecimations): a live
 * snapshot then costs O(new points + pixels) per tag instead of a decimation of the run. `index` gives each
 * kept point's position in the series (its wall time). Undefined for a tag it does not know.
 */
export interface LiveLines {
  line(tag: string, pixels: number): { step: Float64Array; value: Float64Array; index: Int32Array; length: number; exact: boolean } | undefined;
  retain(tags: Iterable<string>): void;
}

export const DEFAULT_SNAPSHOT_PIXELS = 1000;
/** Non-finite markers per series beyond which the chart gains nothing. */
export const MAX_NON_FINITE_MARKERS = 1000;

export function buildLogRunSnapshot(
  store: StoreView, identity: SnapshotIdentity, read: ReadState, options: SnapshotOptions = {}, findings?: readonly Finding[],
  smoothed?: SmoothedLines, live?: LiveLines,
): WireLogRun {
  const known = new Set(store.tags);
  const shownTags = options.shownTags ? options.shownTags.filter((t) => known.has(t)) : defaultShownTags(store.tags);
  const pixels = Math.max(1, Math.floor(options.pixels ?? DEFAULT_SNAPSHOT_PIXELS));
  const weight = options.smoothing !== undefined && options.smoothing > 0 ? smoothingWeight(options.smoothing) : 0;
  const series: Record<string, WireLogSeries> = {};
  const smoothedTags: string[] = [];
  for (const tag of shownTags) {
    const s = store.get(tag);
    if (!s) continue;
    series[tag] = wireSeries(s, pixels, live?.line(tag, pixels));
    if (smoothed && weight > 0 && s.length > 0 && tagRole(tag) !== 'learningRate') {
      const line = smoothed.line(tag, s, weight, pixels);
      series[tag].smoothed = { weight, step: Array.from(line.step.subarray(0, line.length)), value: Array.from(line.value.subarray(0, line.length)) };
      smoothedTags.push(tag);
    }
  }
  smoothed?.retain(smoothedTags);
  live?.retain(Object.keys(series));
  const summary = summarizeLogRun(store, read, findings);
  return {
    ...identity,
    tags: [...store.tags],
    shownTags,
    series,
    lastStep: summary.lastStep,
    version: store.version,
    health: summary.health,
    warnings: summary.warnings,
    // The wire keeps the engine's order (step_start); the summary's cap picked the most severe.
    ...(summary.findings ? { findings: [...summary.findings].sort((a, b) => a.step_start - b.step_start) } : {}),
  };
}

type LiveLine = NonNullable<ReturnType<LiveLines['line']>>;

/** `live`: the tag's line kept as points arrive (LiveLines), else the series is decimated here. */
function wireSeries(series: SeriesView, pixels: number, live?: LiveLine): WireLogSeries {
  if (series.length === 0) return { step: [], value: [], nonFinite: [], exact: true, points: 0 };
  if (live && series.nonFinitePoints) {
    const marks = series.nonFinitePoints();
    const wall = liveWallColumn(series, live);
    return {
      step: plainArray(live.step, live.length),
      value: plainArray(live.value, live.length),
      nonFinite: nonFiniteMarks(marks.list),
      exact: live.exact,
      points: series.length,
      ...(wall ? { wall } : {}),
    };
  }
  const d = series.decimate(series.step(0), series.lastStep, pixels);
  const wall = wallColumn(series, d.step);
  return {
    step: plainArray(d.step, d.step.length),
    value: Array.from(d.value, (v) => (Number.isFinite(v) ? v : null)),
    nonFinite: nonFiniteMarks(d.nonFinite),
    exact: d.exact,
    points: series.length,
    ...(wall ? { wall } : {}),
  };
}

/**
 * The first n numbers of `x` as a plain array (what the wire carries). A counted loop: Array.from over a typed
 * array goes through its iterator and cost ~6x more (0.2 vs 0.03 ms for 3,900 numbers on the project machine),
 * which at 10 series x 2 columns per live tick was most of the worker's time once decimation was incremental.
 */
export function plainArray(x: Float64Array, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = x[i];
  return out;
}

function nonFiniteMarks(points: readonly { step: number; value: number }[]): WireNonFinite[] {
  const marks: WireNonFinite[] = [];
  for (const p of points) {
    if (marks.length >= MAX_NON_FINITE_MARKERS) break;
    marks.push({ step: p.step, kind: Number.isNaN(p.value) ? 'nan' : p.value > 0 ? '+inf' : '-inf' });
  }
  return marks;
}

/** As wallColumn, read at each kept point's index (no search). */
function liveWallColumn(series: SeriesView, live: LiveLine): (number | null)[] | undefined {
  return wallTimesAt(series, live.length, (k) => live.index[k]);
}

/**
 * The wall time of each decimated point, for a time x-axis: found by step (the first point at that step; the
 * decimation returns steps, and steps never decrease within a tag). Null where the log has none; undefined
 * when no point of the selection has one (the format records no wall time), so the wire stays lean.
 */
function wallColumn(series: SeriesView, steps: Float64Array): (number | null)[] | undefined {
  let lo = 0;
  const n = series.length;
  return wallTimesAt(series, steps.length, (k) => {
    // Lower bound of steps[k] from the previous position (the decimated steps ascend).
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (series.step(mid) < steps[k]) lo = mid + 1;
      else hi = mid;
    }
    return lo < n ? lo : -1;
  });
}

/**
 * The wall time at indexAt(k) for k < count, in order (null where it is not finite or the index is -1); undefined
 * when the series has no wall times or none of these points has one.
 */
function wallTimesAt(series: SeriesView, count: number, indexAt: (k: number) => number): (number | null)[] | undefined {
  const wallTime = series.wallTime?.bind(series);
  if (!wallTime || count === 0) return undefined;
  const out: (number | null)[] = new Array<number | null>(count);
  let any = false;
  for (let k = 0; k < count; k++) {
    const i = indexAt(k);
    const t = i >= 0 ? wallTime(i) : NaN;
    if (Number.isFinite(t)) {
      out[k] = t;
      any = true;
    } else {
      out[k] = null;
    }
  }
  return any ? out : undefined;
}
