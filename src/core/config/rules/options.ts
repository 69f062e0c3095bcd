/**
 * Every threshold of the config rules: what it means and why this default. All can be overridden
 * (`runRules(extraction, {effectiveStepHigh: 20})`).
 */
export interface RuleOptions {
  /**
   * OL003: an adaptive optimizer (Adam family, RMSprop, Adagrad, Lion) moves each weight by about lr per
   * step (its normalized step m/sqrt(v) is about +-1; Kingma & Ba 2015, section 2.1). Default 0.1: a weight
   * initialized at 1/sqrt(fan_in) is 0.03-0.1 for 100-1000 inputs, so one step of 0.1 moves it by its whole size.
   */
  adaptiveLrHigh: number;
  /** OL003: below this an adaptive optimizer moves a weight by less than 0.1 in a million steps. Default 1e-7. */
  adaptiveLrLow: number;
  /**
   * OL004: SGD's effective step lr/(1-momentum) (the step on a plateau once the velocity saturates). Default 10:
   * ten times the ImageNet/CIFAR recipes (0.1/(1-0.9) = 1); Goyal et al. 2017 went to 32 only with warm-up.
   */
  effectiveStepHigh: number;
  /** OL005: momentum at or above this needs a warm-up: the velocity spans 1/(1-momentum) >= 100 updates. */
  warmupMomentum: number;
  /**
   * OL005: SGD effective step above this without warm-up. Default 1 = 0.1/(1-0.9), the rate above which
   * Goyal et al. 2017 needed a gradual warm-up.
   */
  warmupEffectiveStep: number;
  /**
   * OL005: adaptive learning rate above this without warm-up. Default 1e-3 (Adam's own default): above it the
   * large variance of the adaptive step in the first updates (Liu et al. 2020, RAdam) is not damped.
   */
  warmupAdaptiveLr: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  adaptiveLrHigh: 0.1,
  adaptiveLrLow: 1e-7,
  effectiveStepHigh: 10,
  warmupMomentum: 0.99,
  warmupEffectiveStep: 1,
  warmupAdaptiveLr: 1e-3,
};
