/**
 * What the stability map view shows, as pure data: the map of the comparison's quadratic (its Hessian's
 * curvature range, from the problem spec as d-fix's runContextOf reads it), where each momentum-SGD run sits,
 * where its suggested fix (lower_lr / reduce_momentum) would put it, and the geometry between canvas pixels,
 * cells and the (lr, momentum) a click re-runs with. Unit-tested without a DOM.
 */
import { buildStabilityMap, cellSettings, locate, type MapLocation, type StabilityMap } from '../../core/chart/stabilityMap';
import { curvatureOf, knownOptimizerOf } from '../../core/diagnose/embedded/context';
import type { Fix } from '../../core/diagnose/types';
import type { WireComparison, WireRun } from '../../core/protocol';

export interface MapRun {
  runIndex: number;
  label: string;
  lr: number;
  momentum: number;
  nesterov: boolean;
  /** Where the run's best lr/momentum fix would put it, and that fix's text. */
  fix: { lr: number; momentum: number; text: string } | null;
}

export type MapModel =
  | { kind: 'unavailable'; reason: string }
  | {
    kind: 'map';
    map: StabilityMap;
    /** Momentum-SGD runs of the map's flavour (heavy ball or Nesterov). */
    runs: MapRun[];
    /** Runs not on the map, with why ("Adam: not momentum SGD"). */
    offMap: string[];
  };

/** The momentum-SGD settings of a run (its base lr: a schedule scales it over time), or null for other optimizers. */
export function sgdSettings(run: WireRun): { lr: number; momentum: number; nesterov: boolean } | null {
  try {
    const { optimizer } = knownOptimizerOf(run.optimizer);
    if (optimizer.name !== 'sgd' || !(typeof optimizer.lr === 'number' && optimizer.lr > 0)) return null;
    const momentum = optimizer.momentum ?? 0;
    return momentum >= 0 && momentum < 1 ? { lr: optimizer.lr, momentum, nesterov: optimizer.nesterov === true && momentum > 0 } : null;
  } catch {
    return null;
  }
}

/** The first fix of the run's findings that changes lr or momentum: the (lr, momentum) it leads to. */
export function fixTarget(run: WireRun, lr: number, momentum: number): MapRun['fix'] {
  for (const finding of run.findings ?? []) {
    for (const fix of finding.fixes) {
      const target = applyToSettings(fix, lr, momentum);
      if (target) return { ...target, text: fix.text };
    }
  }
  return null;
}

function numberOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function applyToSettings(fix: Fix, lr: number, momentum: number): { lr: number; momentum: number } | null {
  const to = numberOf(fix.to);
  let nextLr = numberOf(fix.settings?.lr) ?? lr;
  let nextMomentum = numberOf(fix.settings?.momentum) ?? momentum;
  if ((fix.action === 'lower_lr' || fix.action === 'raise_lr') && to !== null) nextLr = to;
  else if (fix.action === 'reduce_momentum' && fix.parameter === 'momentum' && to !== null) nextMomentum = to;
  else return null;
  return nextLr > 0 && nextMomentum >= 0 && nextMomentum < 1 ? { lr: nextLr, momentum: nextMomentum } : null;
}

/**
 * The map for a comparison: its problem must be a quadratic with a positive smallest curvature. The map's
 * flavour is `nesterov` when given, else Nesterov only when every momentum-SGD run is Nesterov.
 */
export function mapModel(comparison: WireComparison, nesterov?: boolean): MapModel {
  const curvature = curvatureOf(comparison.problem);
  if (!curvature) {
    return { kind: 'unavailable', reason: `${comparison.problemTitle} is not a quadratic, so there is no closed form for the rate at each learning rate and momentum. `
      + 'Run a comparison on the ill-conditioned quadratic (or a quadratic spec) to see the map.' };
  }
  if (!(curvature.min > 0 && curvature.max >= curvature.min && Number.isFinite(curvature.max))) {
    return { kind: 'unavailable', reason: 'This quadratic has a zero curvature (a flat direction): no setting converges along it, so every cell would read the same.' };
  }
  const placed: (MapRun & { sgd: true })[] = [];
  const offMap: string[] = [];
  comparison.runs.forEach((run, runIndex) => {
    const sgd = sgdSettings(run);
    if (!sgd) {
      offMap.push(`${run.label} (not momentum SGD)`);
      return;
    }
    placed.push({ runIndex, label: run.label, ...sgd, fix: fixTarget(run, sgd.lr, sgd.momentum), sgd: true });
  });
  const flavour = nesterov ?? (placed.length > 0 && placed.every((r) => r.nesterov));
  const runs: MapRun[] = [];
  for (const { sgd: _sgd, ...run } of placed) {
    if (run.nesterov === flavour || run.momentum === 0) runs.push(run);
    else offMap.push(`${run.label} (${run.nesterov ? 'Nesterov' : 'heavy-ball'} momentum; tick or untick \u201cNesterov momentum\u201d to see it)`);
  }
  // The lr axis covers every run and fix with room to spare (the default axis: 1e-3 to 10 over lambdaMax).
  const lrs = runs.flatMap((r) => (r.fix ? [r.lr, r.fix.lr] : [r.lr]));
  const lo = Math.min(1e-3 / curvature.max, ...lrs.map((v) => v / 3));
  const hi = Math.max(10 / curvature.max, ...lrs.map((v) => v * 3));
  const map = buildStabilityMap({ lambdaMin: curvature.min, lambdaMax: curvature.max, nesterov: flavour, lr: { min: lo, max: hi, count: 128 } });
  return { kind: 'map', map, runs, offMap };
}

/** The cell under a point of a width x height drawing (momentum grows upwards), or -1 outside. */
export function cellAt(map: StabilityMap, x: number, y: number, width: number, height: number): number {
  const cols = map.lr.length;
  const rows = map.momentum.length;
  if (!(x >= 0 && y >= 0 && x < width && y < height)) return -1;
  const col = Math.min(cols - 1, Math.floor((x / width) * cols));
  const row = rows - 1 - Math.min(rows - 1, Math.floor((y / height) * rows));
  return row * cols + col;
}

/** The rectangle of a cell in a width x height drawing. */
export function cellRect(map: StabilityMap, cell: number, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const cols = map.lr.length;
  const rows = map.momentum.length;
  const col = cell % cols;
  const row = Math.floor(cell / cols);
  const w = width / cols;
  const h = height / rows;
  return { x: col * w, y: (rows - 1 - row) * h, w, h };
}

/** Where a located setting is drawn (cell centres at the grid values); off-map points are clamped to the edge. */
export function pointAt(map: StabilityMap, location: MapLocation, width: number, height: number): { x: number; y: number } {
  const cols = map.lr.length;
  const rows = map.momentum.length;
  const clamp = (v: number, n: number) => Math.min(n - 0.5, Math.max(-0.5, Number.isFinite(v) ? v : -0.5));
  return { x: ((clamp(location.col, cols) + 0.5) / cols) * width, y: height - ((clamp(location.row, rows) + 0.5) / rows) * height };
}

/** The point of a setting on the drawing. */
export function settingPoint(map: StabilityMap, lr: number, momentum: number, width: number, height: number): { x: number; y: number; inside: boolean } {
  const location = locate(map, lr, momentum);
  return { ...pointAt(map, location, width, height), inside: location.inside };
}

/** The cell one arrow-key step away (clamped at the edges); ArrowUp raises the momentum. */
export function movedCell(map: StabilityMap, cell: number, key: string, big = false): number {
  const cols = map.lr.length;
  const rows = map.momentum.length;
  let col = cell % cols;
  let row = Math.floor(cell / cols);
  const step = big ? 8 : 1;
  if (key === 'ArrowLeft') col -= step;
  else if (key === 'ArrowRight') col += step;
  else if (key === 'ArrowUp') row += step;
  else if (key === 'ArrowDown') row -= step;
  else if (key === 'Home') col = 0;
  else if (key === 'End') col = cols - 1;
  else return cell;
  return Math.min(rows - 1, Math.max(0, row)) * cols + Math.min(cols - 1, Math.max(0, col));
}

/** The webview -> host message a click on `cell` sends. */
export function runAtCell(map: StabilityMap, cell: number, comparisonFinishedAt: number): { type: 'runAtSettings'; comparisonFinishedAt: number; lr: number; momentum: number; nesterov: boolean } {
  const { lr, momentum } = cellSettings(map, cell);
  const rounded = roundSetting(momentum);
  return { type: 'runAtSettings', comparisonFinishedAt, lr: roundSetting(lr), momentum: rounded < 1 ? rounded : momentum, nesterov: map.nesterov };
}

/** Three significant digits: the run's label stays readable and the point lands in the same cell. */
export function roundSetting(v: number): number {
  return Number(v.toPrecision(3));
}
