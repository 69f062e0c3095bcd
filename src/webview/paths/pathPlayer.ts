/**
 * The controls of the path animation and its clock: play/pause, a step slider, step buttons, a speed
 * choice, the per-run readout and a live region for screen readers. requestAnimationFrame drives the
 * frames (only the plot's path layer is redrawn), and stops while the panel is hidden; the place is
 * reported through `onChange` so the page can save it (a hidden panel and a reload keep it).
 *
 * Keys (on the plot and the controls): Space play/pause, Left/Right one step (Shift: a tenth of the run),
 * PageUp/PageDown a tenth, Home/End start/end.
 */
import { h, replaceChildren } from '../dom';
import { formatSteps } from '../format';
import { seriesColorClass } from '../charts/seriesColors';
import { outlineIcon } from '../charts/chartTools';
import type { PathPlot } from '../pathPlot';
import { advance, clampStep, keyAction, play, SPEEDS, snapSpeed, type Clock } from './playback';
import type { PathPlayback } from './pathState';
import { announcement, readoutLines, stepText, type ReadoutRun } from './readout';

/** Readout refreshes per second at most while playing (text changing every frame is unreadable and costs layout). */
const READOUT_HZ = 8;
/** While playing, the live region speaks at most this often; pausing or seeking speaks at once. */
const ANNOUNCE_PLAYING_MS = 5000;
/** Seeking with a held key speaks once it settles. */
const ANNOUNCE_SETTLE_MS = 250;
/** While playing, the place is saved this often (and at every pause, seek and hide). */
const SAVE_PLAYING_MS = 1000;

const GLYPHS = {
  play: ['M5 3.5l7.5 4.5-7.5 4.5z'],
  pause: ['M5.5 3.5v9', 'M10.5 3.5v9'],
  back: ['M4.5 3.5v9', 'M12.5 3.5l-6 4.5 6 4.5z'],
  forward: ['M11.5 3.5v9', 'M3.5 3.5l6 4.5-6 4.5z'],
} as const;

function glyph(name: keyof typeof GLYPHS): SVGSVGElement {
  return outlineIcon(GLYPHS[name]);
}

export interface PathPlayerRun extends ReadoutRun {
  runIndex: number;
}

export class PathPlayer {
  /** The control row, then the readout and the (visually hidden) live region. */
  readonly element: HTMLElement;
  private clock: Clock;
  private speed: number;
  private frame = 0;
  private lastTime: number | null = null;
  private lastReadout = 0;
  private lastAnnounce = 0;
  private lastSave = 0;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly playButton: HTMLButtonElement;
  private readonly slider: HTMLInputElement;
  private readonly stepLabel: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly live: HTMLElement;
  private readonly onVisibility = () => this.visibilityChanged();
  private readonly onPageHide = () => this.report(true);
  private readonly onKey = (event: KeyboardEvent) => this.key(event);

  constructor(
    private readonly plot: PathPlot,
    private readonly runs: readonly PathPlayerRun[],
    private readonly lastStep: number,
    initial: PathPlayback,
    private readonly onChange: (playback: PathPlayback, commit: boolean) => void,
    private readonly keyTargets: readonly HTMLElement[] = [],
  ) {
    this.clock = { position: clampStep(initial.step, lastStep), playing: initial.playing && lastStep > 0 };
    this.speed = snapSpeed(initial.speed);
    this.playButton = h('button', { type: 'button', class: 'icon-button path-play' });
    this.playButton.addEventListener('click', () => this.toggle());
    const back = h('button', { type: 'button', class: 'icon-button path-back', title: 'Previous step (Left)', 'aria-label': 'Previous step' }, glyph('back'));
    back.addEventListener('click', () => this.seek(this.step - 1));
    const forward = h('button', { type: 'button', class: 'icon-button path-forward', title: 'Next step (Right)', 'aria-label': 'Next step' }, glyph('forward'));
    forward.addEventListener('click', () => this.seek(this.step + 1));
    this.slider = h('input', { type: 'range', class: 'path-step', min: 0, max: lastStep, step: 1, value: this.step, 'aria-label': 'Step' });
    this.slider.addEventListener('input', () => this.seek(Number(this.slider.value)));
    this.stepLabel = h('span', { class: 'path-step-label', 'aria-hidden': 'true' });
    const speed = h('select', { class: 'path-speed', 'aria-label': 'Playback speed', title: 'Playback speed (1\u00d7: the whole run in 8 s)' },
      ...SPEEDS.map((s) => h('option', { value: s, selected: s === this.speed }, `${s}\u00d7`)));
    speed.value = String(this.speed);
    speed.addEventListener('change', () => {
      this.speed = snapSpeed(Number(speed.value));
      this.report(true);
    });
    const controls = h('div', { class: 'path-player', role: 'group', 'aria-label': 'Path animation (Space: play or pause, arrows: step, Home/End)' },
      this.playButton, back, forward, this.slider, this.stepLabel, h('label', { class: 'path-speed-label' }, h('span', {}, 'Speed'), speed));
    // The app root is an aria-live region; the readout changes many times a second and must not be read out.
    this.readout = h('ul', { class: 'path-readout', 'aria-live': 'off', 'aria-label': 'Loss at the shown step' });
    this.live = h('div', { class: 'visually-hidden path-live', role: 'status', 'aria-live': 'polite' });
    this.element = h('div', { class: 'path-animation' }, controls, this.readout, this.live);
    for (const target of [controls, ...keyTargets]) target.addEventListener('keydown', this.onKey);
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pagehide', this.onPageHide);
    this.show(true);
    if (this.clock.playing) this.start();
  }

  /** The step shown. */
  get step(): number {
    return Math.floor(this.clock.position);
  }

  get playing(): boolean {
    return this.clock.playing;
  }

  toggle(): void {
    if (this.clock.playing) {
      this.clock = { ...this.clock, playing: false };
      this.stop();
    } else {
      this.clock = play(this.clock, this.lastStep);
      if (this.lastStep > 0) this.start();
      else this.clock = { ...this.clock, playing: false };
    }
    this.show(true);
    this.report(true);
  }

  /** Shows `step` (pausing the animation: a user who scrubs wants to look). */
  seek(step: number): void {
    this.clock = { position: clampStep(step, this.lastStep), playing: false };
    this.stop();
    this.show(true);
    this.report(true);
  }

  destroy(): void {
    this.stop();
    clearTimeout(this.announceTimer);
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pagehide', this.onPageHide);
    for (const target of this.keyTargets) target.removeEventListener('keydown', this.onKey);
  }

  private key(event: KeyboardEvent): void {
    const target = event.target;
    if (target instanceof HTMLSelectElement) return;
    // Space and Enter on a button click it (the button does what it says).
    if (target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter')) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action = keyAction(event.key, event.shiftKey, this.step, this.lastStep);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.kind === 'toggle') this.toggle();
    else this.seek(action.step);
  }

  private start(): void {
    if (this.frame !== 0 || document.hidden) return;
    this.lastTime = null;
    this.frame = requestAnimationFrame((time) => this.tick(time));
  }

  private stop(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.lastTime = null;
  }

  private tick(time: number): void {
    this.frame = 0;
    const elapsed = this.lastTime === null ? 0 : time - this.lastTime;
    this.lastTime = time;
    const before = this.step;
    this.clock = advance(this.clock, elapsed, this.lastStep, this.speed);
    const ended = !this.clock.playing;
    if (this.step !== before || ended) this.show(ended, time);
    if (ended) {
      this.report(true);
      return;
    }
    if (time - this.lastSave >= SAVE_PLAYING_MS) {
      this.lastSave = time;
      this.report(false);
    }
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  /** The panel was hidden (stop drawing, save) or shown again (carry on where it was). */
  private visibilityChanged(): void {
    if (document.hidden) {
      this.stop();
      this.report(true);
    } else if (this.clock.playing) {
      this.start();
    }
  }

  private report(commit: boolean): void {
    this.onChange({ step: this.step, playing: this.clock.playing, speed: this.speed }, commit);
  }

  /** Draws the frame and updates the controls; the text (readout, live region) at most READOUT_HZ while playing. */
  private show(settled: boolean, now = performance.now()): void {
    const step = this.step;
    this.plot.setStep(step);
    this.slider.value = String(step);
    const text = stepText(step, this.lastStep);
    this.slider.setAttribute('aria-valuetext', text);
    this.stepLabel.textContent = `${formatSteps(step)} / ${formatSteps(this.lastStep)}`;
    const playing = this.clock.playing;
    const label = playing ? 'Pause (Space)' : 'Play (Space)';
    if (this.playButton.title !== label) {
      this.playButton.title = label;
      this.playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
      replaceChildren(this.playButton, glyph(playing ? 'pause' : 'play'));
    }
    if (settled || now - this.lastReadout >= 1000 / READOUT_HZ) {
      this.lastReadout = now;
      this.renderReadout(step);
    }
    this.announce(settled, now);
  }

  private renderReadout(step: number): void {
    const lines = readoutLines(this.runs, step);
    replaceChildren(this.readout, ...lines.map((line, i) => h('li', { class: line.stopped ? 'stopped' : '' },
      h('span', { class: `swatch ${seriesColorClass(this.runs[i].runIndex)}`, 'aria-hidden': 'true' }),
      h('span', { class: 'path-readout-label' }, line.label),
      h('span', { class: 'path-readout-value' }, line.stopped ? `diverged at ${formatSteps(line.row)}` : `loss ${line.loss}`))));
  }

  private announce(settled: boolean, now: number): void {
    clearTimeout(this.announceTimer);
    const say = () => {
      this.lastAnnounce = performance.now();
      this.live.textContent = announcement(this.runs, this.step, this.lastStep, this.clock.playing);
    };
    if (settled) this.announceTimer = setTimeout(say, ANNOUNCE_SETTLE_MS);
    else if (now - this.lastAnnounce >= ANNOUNCE_PLAYING_MS) say();
  }
}
