/**
 * The path animation's saved place (WebviewState.paths): read back only for the comparison it belongs to,
 * with the step clamped to the runs and the speed snapped to an offered one.
 */
import type { WebviewPathsState, WebviewState, WireComparison } from '../../core/protocol';
import { clampStep, DEFAULT_SPEED, snapSpeed } from './playback';

export interface PathPlayback {
  step: number;
  playing: boolean;
  speed: number;
}

/** The longest 2-D run's update count: the animation's last step (0 without 2-D runs). */
export function lastPathStep(comparison: WireComparison): number {
  let last = 0;
  for (const run of comparison.runs) if (run.dim === 2 && run.stepsRun > last) last = run.stepsRun;
  return last;
}

/**
 * Where the animation starts: the saved place for this comparison, else the start, playing unless the
 * user asked for reduced motion (then paused at the end, so the whole paths show without moving).
 */
export function initialPlayback(saved: WebviewPathsState | null | undefined, comparison: WireComparison, reducedMotion: boolean): PathPlayback {
  const last = lastPathStep(comparison);
  if (saved && saved.comparisonFinishedAt === comparison.finishedAt) {
    return { step: clampStep(saved.step, last), playing: saved.playing && !reducedMotion, speed: snapSpeed(saved.speed) };
  }
  return reducedMotion ? { step: last, playing: false, speed: DEFAULT_SPEED } : { step: 0, playing: true, speed: DEFAULT_SPEED };
}

export function withPathPlayback(state: WebviewState, playback: PathPlayback): WebviewState {
  const comparison = state.comparison;
  if (!comparison) return state;
  return { ...state, paths: { comparisonFinishedAt: comparison.finishedAt, step: playback.step, playing: playback.playing, speed: playback.speed } };
}

/** Rows of all runs together up to which the place is also saved while playing (about once a second). */
export const SAVE_WHILE_PLAYING_MAX_ROWS = 200_000;

/**
 * Whether saving the place while playing is cheap: VS Code's setState serializes the whole state, the
 * comparison included, so a big comparison is saved only at pause, seek, hide and unload.
 */
export function savesWhilePlaying(comparison: WireComparison | null): boolean {
  if (!comparison) return false;
  let rows = 0;
  for (const run of comparison.runs) rows += run.stepsRun + 1;
  return rows <= SAVE_WHILE_PLAYING_MAX_ROWS;
}
