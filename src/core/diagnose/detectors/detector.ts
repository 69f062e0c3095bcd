/** One detector watching one metric: sees every accepted point of it, in step order. */
export interface MetricDetector {
  add(step: number, value: number): void;
  /** The run is over: settle anything pending (default: nothing). */
  end?(): void;
}
