/**
 * spike (info; warning once repeated spikeRepeat times): a sudden jump far outside the robust noise band that
 * comes back within a few steps.
 *
 * The band: median and MAD of the log loss over the last `spikeWindow` points (refreshed every spikeRefresh points, frozen
 * while a candidate is open, so the jump does not widen its own band). A point is a candidate when it is at
 * least spikeSigmas robust sigmas (1.4826 MAD) above the median AND at least spikeRatio times the median: heavy
 * minibatch noise can pass one test but not both. It becomes a spike when a point within spikeRecovery steps is
 * back inside the band (below median + 3 sigmas, or within 25% of the median); otherwise it was a level shift or
 * a blow-up, and divergence or stall speak for it.
 *
 * Evidence: count (spikes so far), first_step, last_step (the latest spike), peak (its value), baseline (the
 * median before it), ratio (peak / baseline), sigmas (how many robust sigmas above), recovered_in (steps back).
 */
import { fixEnvironment } from '../fixes/environment';
import { show } from '../fixes/nice';
import type { LossLevels } from '../lossLevels';
import type { SharedRunState } from '../shared';
import { madExceeds, selectMedian } from '../smallMedian';
import { finiteOrNull, fmt, fmtRatio, TrackedFinding } from '../tracked';
import type { Finding, Fix } from '../types';
import type { MetricDetector } from './detector';

/** MAD to sigma for a normal distribution. */
const MAD_SIGMA = 1.4826;
/** Back in the band: below median + this many sigmas ... */
const BACK_SIGMAS = 3;
/** ... or within this factor of the median. */
const BACK_RATIO = 1.25;

export class SpikeDetector implements MetricDetector {
  private readonly scratch: Float64Array;
  private median = NaN;
  private sigma = NaN;
  /** The last refresh had enough points for a band (median set; sigma set or pending). */
  private bandReady = false;
  /** The band's MAD is not taken yet (see refresh), and over how many points of scratch it will be. */
  private madPending = false;
  private bandSize = 0;
  /** ln(spikeRatio), once (the test runs on every point). */
  private readonly logRatio: number;
  /** thresholds.spikeRefresh and spikeWindow / 2, read once (the thresholds do not change during a run). */
  private readonly refreshEvery: number;
  private readonly halfWindow: number;
  private since = 0;
  private candidateStep = NaN;
  private candidatePoints = 0;
  private candidatePeak = NaN;
  private candidateSigmas = NaN;
  private tracked: TrackedFinding | null = null;
  private count = 0;
  private lastStep = NaN;
  private peak = NaN;
  private baseline = NaN;
  private sigmas = NaN;
  private recoveredIn = NaN;

  constructor(private readonly metric: string, private readonly levels: LossLevels, private readonly shared: SharedRunState) {
    this.scratch = new Float64Array(shared.thresholds.spikeWindow);
    this.logRatio = Math.log(shared.thresholds.spikeRatio);
    this.refreshEvery = shared.thresholds.spikeRefresh;
    this.halfWindow = shared.thresholds.spikeWindow >> 1;
  }

  /**
   * The per-point path, kept small so the JIT can inline it with the other detectors of the metric: an open
   * candidate, a band refresh and a point past the ratio test go to methods.
   */
  add(step: number, value: number): void {
    const lv = this.levels;
    if (!Number.isFinite(value) || lv.signed) return;
    const excess = value - lv.floor;
    if (this.candidateStep === this.candidateStep) {
      this.followCandidate(step, excess);
      return;
    }
    if (++this.since >= this.refreshEvery && lv.count >= this.halfWindow) {
      this.since = 0;
      this.refresh();
    }
    if (!this.bandReady || !(excess > 0)) return;
    const jump = lv.logAgo(0) - this.median;
    if (jump < this.logRatio) return;
    this.judge(step, excess, jump);
  }

  /** A candidate is open: back in the band (a spike), too late (no spike), or still rising. */
  private followCandidate(step: number, excess: number): void {
    this.candidatePoints++;
    const x = excess > 0 ? Math.log(excess) : -Infinity;
    if (x <= this.median + Math.max(BACK_SIGMAS * this.sigma, Math.log(BACK_RATIO))) {
      this.confirm(step);
    } else if (step - this.candidateStep > this.shared.thresholds.spikeRecovery) {
      this.candidateStep = NaN;
    } else if (excess > this.candidatePeak) {
      this.candidatePeak = excess;
    }
  }

  /** A point past the ratio test: a candidate when it is also spikeSigmas robust sigmas above the median. */
  private judge(step: number, excess: number, jump: number): void {
    const sigmas = this.shared.thresholds.spikeSigmas;
    if (this.madPending) {
      if (this.provablyInsideBand(jump, sigmas)) return;
      this.computeSigma();
    }
    if (jump >= sigmas * this.sigma) {
      this.candidateStep = step;
      this.candidatePoints = 0;
      this.candidatePeak = excess;
      this.candidateSigmas = this.sigma > 0 ? jump / this.sigma : Infinity;
    }
  }

  /** Median (and, when first needed, robust sigma) of the log of the last points (the newest one excluded: it is being judged). */
  private refresh(): void {
    const lv = this.levels;
    const n = Math.min(this.scratch.length, lv.count - 1);
    let m = 0;
    for (let i = 1; i <= n; i++) {
      const x = lv.logAgo(i);
      if (x === x) this.scratch[m++] = x;
    }
    this.sigma = NaN;
    this.bandReady = m >= 8;
    this.madPending = false;
    if (!this.bandReady) return;
    this.median = selectMedian(this.scratch, m);
    // The MAD waits until a point clears the ratio test (most windows of a healthy run have none); scratch keeps
    // the window until the next refresh, so it comes out exactly as if taken now.
    this.bandSize = m;
    this.madPending = true;
  }

  /**
   * Whether `jump` is certainly below spikeSigmas robust sigmas, decided by counting instead of selecting the MAD
   * (smallMedian madExceeds): the MAD certainly above jump / (spikeSigmas * 1.4826), made a hair larger so that
   * rounding in the exact test cannot disagree. Most windows of a noisy run have a point that clears the ratio
   * test and none that clears the sigma test: they skip the MAD's selection. Any other case takes the MAD exactly
   * (computeSigma), so the findings are those of the exact test.
   */
  private provablyInsideBand(jump: number, sigmas: number): boolean {
    if (!(sigmas > 0) || !(jump > 0) || jump === Infinity) return false;
    return madExceeds(this.scratch, this.bandSize, this.median, (jump / (sigmas * MAD_SIGMA)) * (1 + 1e-9));
  }

  private computeSigma(): void {
    const m = this.bandSize;
    for (let i = 0; i < m; i++) this.scratch[i] = Math.abs(this.scratch[i] - this.median);
    this.sigma = MAD_SIGMA * selectMedian(this.scratch, m);
    this.madPending = false;
  }

  private confirm(step: number): void {
    this.count++;
    this.lastStep = this.candidateStep;
    this.peak = this.candidatePeak + this.levels.floor;
    this.baseline = Math.exp(this.median) + this.levels.floor;
    this.sigmas = this.candidateSigmas;
    this.recoveredIn = step - this.candidateStep;
    this.candidateStep = NaN;
    const t = this.shared.thresholds;
    if (this.tracked === null) {
      this.tracked = new TrackedFinding('spike', this.metric, 'info', this.lastStep, step, (f) => this.render(f));
      this.shared.raise(this.tracked);
      return;
    }
    const f = this.tracked.finding;
    f.step_end = step;
    if (this.count >= t.spikeRepeat) f.severity = 'warning';
    this.shared.touch(this.tracked);
  }

  private render(f: Finding): void {
    const ratio = this.peak / this.baseline;
    const times = this.count > 1 ? ` (${this.count} spikes since step ${f.step_start})` : '';
    f.message = `${this.metric} jumped ${fmtRatio(ratio)} at step ${this.lastStep}, from its usual ${fmt(this.baseline)} to ${fmt(this.peak)} (${Number.isFinite(this.sigmas) ? Math.round(this.sigmas) : 'inf'} robust sigmas), and was back within ${this.recoveredIn} step${this.recoveredIn === 1 ? '' : 's'}${times}.`;
    f.evidence = {
      count: this.count,
      first_step: f.step_start,
      last_step: this.lastStep,
      peak: finiteOrNull(this.peak),
      baseline: finiteOrNull(this.baseline),
      ratio: finiteOrNull(ratio),
      sigmas: finiteOrNull(this.sigmas),
      recovered_in: this.recoveredIn,
    };
    f.fixes = this.fixes();
  }

  private fixes(): Fix[] {
    const env = fixEnvironment(this.shared);
    const fixes: Fix[] = [];
    if (env.gradNormP90 > 0 && !(env.clipNorm <= env.gradNormP90)) {
      const to = Number(env.gradNormP90.toPrecision(2));
      fixes.push({ action: 'clip_grad_norm', parameter: 'max_norm', to, text: `Clip the gradient norm at ${show(to)} (the 90th percentile of the observed norms): a spike is one step thrown far by a steep gradient, and clipping bounds that step.` });
    } else if (!(env.clipNorm > 0)) {
      fixes.push({ action: 'clip_grad_norm', parameter: 'max_norm', text: 'Clip the gradient norm at about the 90th percentile of your gradient norms (log grad_norm to get the number): a spike is one step thrown far by a steep gradient, and clipping bounds that step.' });
    }
    fixes.push({ action: 'check_data', text: `Check the batch${this.count > 1 ? 'es' : ''} at step ${this.count > 1 ? `${this.tracked!.finding.step_start}..${this.lastStep}` : this.lastStep}: a single bad or mislabelled batch makes the same jump.` });
    return fixes;
  }
}
