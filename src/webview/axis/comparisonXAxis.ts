/**
 * The comparison's x-axis choice: by step only. The embedded trainer runs a simulated problem in a worker at
 * whatever speed this machine and its load allow, so the elapsed time of its steps measures the simulator,
 * not the training it stands for; a time axis would draw that noise as if it meant something. The choice is
 * shown (so both views read the same) with the time modes disabled and the reason in their tooltips.
 */
import { XAxisControl } from './xAxisControl';

export const COMPARISON_TIME_AXIS_REASON =
  'simulated runs have no wall time of their own: their elapsed time measures this machine, not training, so comparisons are drawn by step';

export function comparisonXAxis(): HTMLElement {
  const control = new XAxisControl('step', () => undefined);
  control.set('step', COMPARISON_TIME_AXIS_REASON);
  control.element.classList.add('comparison-x-axis');
  return control.element;
}
