/**
 * The velocity arrow of the path plot: what vector each optimizer's arrow shows at a row, one honest scale
 * for all arrows of a comparison, and the arrow's geometry on the canvas.
 *
 * What is drawn, in parameter units (so an arrow at scale 1 is the displacement it stands for):
 * - PyTorch SGD / RMSprop with momentum: -lr * v, v being `momentum_buffer` (PyTorch's convention: the
 *   step is -lr * v for heavy ball; with Nesterov the step is -lr * (g + momentum * v)).
 * - Keras SGD with momentum: v itself (Keras's convention: v already holds -lr * gradient; the step is v).
 * - Keras RMSprop with momentum: -m (its buffer holds the lr-scaled increments; the step is -m).
 * - Every other optimizer (Adam, NAdam, Lion, Adagrad, plain SGD...): the actual update x_k - x_(k-1),
 *   because their buffer (Adam's exp_avg) is not a displacement.
 */
import type { WireRun } from '../../core/protocol';

export type ArrowKind = 'torch-buffer' | 'keras-velocity' | 'keras-rmsprop' | 'update';

/** Which vector a run's arrow shows (see the module comment). */
export function arrowKind(run: Pick<WireRun, 'optimizer' | 'velocityPath' | 'dim'>): ArrowKind {
  if (run.dim !== 2 || !run.velocityPath) return 'update';
  const keras = run.optimizer.convention === 'keras';
  if (run.optimizer.name === 'sgd') return keras ? 'keras-velocity' : 'torch-buffer';
  if (run.optimizer.name === 'rmsprop') return keras ? 'keras-rmsprop' : 'torch-buffer';
  return 'update';
}

/** The tooltip sentence saying which convention an arrow follows. */
export function arrowConvention(kind: ArrowKind, nesterov: boolean): string {
  switch (kind) {
    case 'torch-buffer':
      return nesterov
        ? 'Arrow: \u2212lr\u00b7v, v = PyTorch momentum_buffer (Nesterov: the step is \u2212lr\u00b7(g + momentum\u00b7v)).'
        : 'Arrow: \u2212lr\u00b7v, v = PyTorch momentum_buffer (PyTorch convention: step = \u2212lr\u00b7v).';
    case 'keras-velocity':
      return 'Arrow: v, Keras\u2019s momentum variable (Keras convention: v = momentum\u00b7v \u2212 lr\u00b7g, step = v).';
    case 'keras-rmsprop':
      return 'Arrow: \u2212m, Keras RMSprop\u2019s momentum (m holds lr-scaled increments, step = \u2212m).';
    default:
      return 'Arrow: the update x\u2096 \u2212 x\u2096\u208b\u2081 this optimizer made (its buffer is not a displacement).';
  }
}

/** The fields of a run the arrow reads. */
export type ArrowRun = Pick<WireRun, 'optimizer' | 'velocityPath' | 'dim' | 'params' | 'lr' | 'stepsRun'>;

/**
 * The arrow vector of `run` at `row` in parameter units, written to `out` ([dx, dy]); false when there is
 * none (row 0, a missing or non-finite value). No allocation: called per run per frame.
 */
export function arrowVector(run: ArrowRun, kind: ArrowKind, row: number, out: Float64Array): boolean {
  if (row < 1 || row > run.stepsRun) return false;
  let dx: number | null;
  let dy: number | null;
  const v = run.velocityPath;
  if (kind === 'update' || !v) {
    const x1 = run.params[2 * row], y1 = run.params[2 * row + 1];
    const x0 = run.params[2 * row - 2], y0 = run.params[2 * row - 1];
    if (x1 === null || y1 === null || x0 === null || y0 === null) return false;
    dx = x1 - x0;
    dy = y1 - y0;
  } else {
    const vx = v[2 * row], vy = v[2 * row + 1];
    if (vx === null || vy === null || vx === undefined || vy === undefined) return false;
    if (kind === 'torch-buffer') {
      const lr = run.lr[row];
      if (lr === null || lr === undefined) return false;
      dx = -lr * vx;
      dy = -lr * vy;
    } else if (kind === 'keras-velocity') {
      dx = vx;
      dy = vy;
    } else {
      dx = -vx;
      dy = -vy;
    }
  }
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) return false;
  out[0] = dx;
  out[1] = dy;
  return true;
}

/** Arrows are scaled so the 90th-percentile arrow is about this fraction of the plot box width. */
export const ARROW_TARGET_FRACTION = 0.12;
/** The scale never exceeds this (a run that barely moves would otherwise get an absurd factor). */
export const MAX_ARROW_SCALE = 1e6;
/** Rows sampled per run to pick the scale (evenly spaced): enough for a percentile, cheap at 10^7 steps. */
const SCALE_SAMPLES = 2000;

/**
 * One scale factor for every arrow of the comparison, so arrows compare across runs and steps: a round
 * number (1, 2 or 5 x 10^k) >= 1, the largest that keeps the 90th-percentile arrow within
 * ARROW_TARGET_FRACTION of `boxWidth`. 1 means arrows are drawn at true length; arrows are never shrunk,
 * so a long arrow really is a long step. Diverged runs are left out (their steps would set the scale).
 */
export function arrowScale(runs: readonly { run: ArrowRun; kind: ArrowKind; diverged: boolean }[], boxWidth: number): number {
  const lengths: number[] = [];
  const out = new Float64Array(2);
  for (const { run, kind, diverged } of runs) {
    if (diverged) continue;
    const every = Math.max(1, Math.floor(run.stepsRun / SCALE_SAMPLES));
    for (let row = 1; row <= run.stepsRun; row += every) {
      if (!arrowVector(run, kind, row, out)) continue;
      const length = Math.hypot(out[0], out[1]);
      if (length > 0) lengths.push(length);
    }
  }
  if (lengths.length === 0 || !(boxWidth > 0) || !Number.isFinite(boxWidth)) return 1;
  lengths.sort((a, b) => a - b);
  const p90 = lengths[Math.min(lengths.length - 1, Math.floor(0.9 * lengths.length))];
  return niceFloor(Math.min(MAX_ARROW_SCALE, Math.max(1, (ARROW_TARGET_FRACTION * boxWidth) / p90)));
}

/** The largest 1, 2 or 5 x 10^k not above `v` (v >= 1). */
export function niceFloor(v: number): number {
  const magnitude = Math.pow(10, Math.floor(Math.log10(v) + 1e-12));
  const residual = v / magnitude;
  const nice = residual >= 5 ? 5 : residual >= 2 ? 2 : 1;
  return nice * magnitude;
}

/** How the legend states the scale. */
export function arrowScaleText(scale: number): string {
  return scale === 1 ? 'arrows at true length' : `arrows \u00d7${scale.toLocaleString('en-US')} (one scale for all)`;
}

/** Arrows shorter than this many pixels are not drawn (a head would be bigger than the arrow). */
export const MIN_ARROW_PX = 1.5;
/** Canvas coordinates are kept within this many pixels (a diverging run's arrow would overflow). */
const MAX_COORD = 1e5;

export interface ArrowGeometry {
  /** The tip (the shaft runs from the start point to here). */
  tipX: number;
  tipY: number;
  /** The two back corners of the head. */
  leftX: number;
  leftY: number;
  rightX: number;
  rightY: number;
}

/**
 * An arrow from (x0, y0) along (dx, dy) pixels: the head is 30% of the length, at most `head` pixels, with
 * a half-angle of 25 degrees. Null when shorter than MIN_ARROW_PX or not finite.
 */
export function arrowGeometry(x0: number, y0: number, dx: number, dy: number, head = 8): ArrowGeometry | null {
  let length = Math.hypot(dx, dy);
  if (!Number.isFinite(length) || length < MIN_ARROW_PX) return null;
  // Very long arrows (a blow-up) keep their direction but stop at MAX_COORD, which is off the canvas anyway.
  if (length > MAX_COORD) {
    dx = (dx / length) * MAX_COORD;
    dy = (dy / length) * MAX_COORD;
    length = MAX_COORD;
  }
  const ux = dx / length;
  const uy = dy / length;
  const h = Math.min(head, 0.3 * length + 2);
  const cos = Math.cos((25 * Math.PI) / 180);
  const sin = Math.sin((25 * Math.PI) / 180);
  const tipX = x0 + dx;
  const tipY = y0 + dy;
  // The unit vector pointing back from the tip, rotated by +-25 degrees.
  const bx = -ux;
  const by = -uy;
  return {
    tipX, tipY,
    leftX: tipX + h * (bx * cos - by * sin), leftY: tipY + h * (bx * sin + by * cos),
    rightX: tipX + h * (bx * cos + by * sin), rightY: tipY + h * (-bx * sin + by * cos),
  };
}
