/**
 * The pure clock of the path animation: which step is shown after a frame, what a key does, which speeds
 * exist. The animation runs over steps 0..lastStep (the longest 2-D run); a run that stopped earlier (it
 * diverged) stays at its last row from then on.
 */

/**
 * Playback speeds, as multiples of the base rate. At 1x the whole run plays in BASE_SECONDS, whatever its
 * length, so 50 steps and 100,000 steps both take a comfortable look; 0.25x slows down to read single steps.
 */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export const DEFAULT_SPEED = 1;
/** Seconds the whole run takes at 1x: long enough to follow a path, short enough not to wait. */
export const BASE_SECONDS = 8;
/** At least this many steps per second at 1x: a 2-step run still moves. */
export const MIN_BASE_STEPS_PER_SECOND = 2;

/** Steps per second at `speed` for a run of `lastStep` updates. */
export function stepsPerSecond(lastStep: number, speed: number): number {
  const base = Math.max(MIN_BASE_STEPS_PER_SECOND, lastStep / BASE_SECONDS);
  return base * (Number.isFinite(speed) && speed > 0 ? speed : DEFAULT_SPEED);
}

/** The nearest offered speed to `speed` (a restored or hostile value becomes one of SPEEDS). */
export function snapSpeed(speed: number): number {
  if (!Number.isFinite(speed) || !(speed > 0)) return DEFAULT_SPEED;
  let best: number = SPEEDS[0];
  for (const s of SPEEDS) if (Math.abs(Math.log(s / speed)) < Math.abs(Math.log(best / speed))) best = s;
  return best;
}

/** A whole step in [0, lastStep] (NaN and fractions round down, out-of-range values clamp). */
export function clampStep(step: number, lastStep: number): number {
  const last = Math.max(0, Math.floor(lastStep));
  if (!Number.isFinite(step)) return step === Infinity ? last : 0;
  return Math.min(last, Math.max(0, Math.floor(step)));
}

export interface Clock {
  /** Fractional position in steps: a frame may advance by less than a step at slow speeds. */
  position: number;
  playing: boolean;
}

/**
 * The clock after `elapsedMs` of playing. A long gap (the panel was hidden, the machine slept) counts as
 * at most `maxGapMs`, so the animation resumes where it was instead of jumping. Reaching the last step stops.
 */
export function advance(clock: Clock, elapsedMs: number, lastStep: number, speed: number, maxGapMs = 250): Clock {
  if (!clock.playing) return clock;
  const dt = Math.min(Math.max(0, Number.isFinite(elapsedMs) ? elapsedMs : 0), maxGapMs) / 1000;
  const position = clock.position + dt * stepsPerSecond(lastStep, speed);
  return position >= lastStep ? { position: lastStep, playing: false } : { position, playing: true };
}

/** Play from the start when at the end (what a user means by pressing play on a finished animation). */
export function play(clock: Clock, lastStep: number): Clock {
  return { position: clock.position >= lastStep ? 0 : clock.position, playing: true };
}

export type KeyAction =
  | { kind: 'toggle' }
  | { kind: 'seek'; step: number };

/**
 * What a key does on the path plot or its slider: Space (or k) plays/pauses; Left/Right step one update
 * (with Shift a tenth of the run); Home/End go to the start/end; PageUp/PageDown a tenth. Anything else: null.
 */
export function keyAction(key: string, shift: boolean, step: number, lastStep: number): KeyAction | null {
  const big = Math.max(1, Math.round(lastStep / 10));
  switch (key) {
    case ' ':
    case 'Spacebar':
    case 'k':
      return { kind: 'toggle' };
    case 'ArrowLeft':
      return { kind: 'seek', step: clampStep(step - (shift ? big : 1), lastStep) };
    case 'ArrowRight':
      return { kind: 'seek', step: clampStep(step + (shift ? big : 1), lastStep) };
    case 'PageDown':
      return { kind: 'seek', step: clampStep(step - big, lastStep) };
    case 'PageUp':
      return { kind: 'seek', step: clampStep(step + big, lastStep) };
    case 'Home':
      return { kind: 'seek', step: 0 };
    case 'End':
      return { kind: 'seek', step: clampStep(lastStep, lastStep) };
    default:
      return null;
  }
}

/** The row of a run shown at `step`: its own last row once it has stopped (diverged early). */
export function rowAt(step: number, stepsRun: number): number {
  return Math.max(0, Math.min(stepsRun, Math.floor(step)));
}
