import { PROBLEM_NAMES } from '../core/problems';
import { OPTIMIZER_PRESET_IDS } from '../core/train/presets';

export const DEFAULT_PROBLEM = 'ill-conditioned-quadratic';
export const DEFAULT_STEPS = 500;
export const DEFAULT_TOLERANCE = 1e-4;

export function mainHelp(): string {
  return `optlens - run optimizers with PyTorch's exact update rules, headless

Usage:
  optlens compare [options]     run optimizers side by side on a test problem and print the results
  optlens help [command]        show this help, or the help of one command
  optlens --help                same as optlens help
  optlens --version             print the version

Run 'optlens help compare' for the options of compare.

Exit codes: 0 success, 1 the run failed, 2 bad command line (the message goes to stderr).
`;
}

export function compareHelp(): string {
  return `optlens compare - run optimizers side by side on a test problem

Usage:
  optlens compare [--problem NAME] [--optimizers LIST] [--steps N] [--tolerance X] [--json]

Options:
  --problem NAME      test problem: ${PROBLEM_NAMES.join(' or ')} (default ${DEFAULT_PROBLEM})
  --optimizers LIST   comma-separated presets, in the order to show them:
                      ${OPTIMIZER_PRESET_IDS.join(', ')} (default: all of them).
                      Learning rates are tuned per problem; momentum and nesterov use 0.9.
  --steps N           optimizer updates per run, 1 to 1000000 (default ${DEFAULT_STEPS})
  --tolerance X       a run has converged at the first step where loss - minimum <= X
                      (default ${DEFAULT_TOLERANCE})
  --json              print a JSON summary instead of the table; losses that are not
                      finite (a diverged run) are null
  --help, -h          show this help

Options take their value as the next argument or after '=' (--steps=1000).

The table shows each optimizer's final loss, the first step within the tolerance ("—" if none)
and whether the run diverged (its loss passed 1e6 times the starting gap, or became NaN/Infinity).

Examples:
  optlens compare
  optlens compare --problem rosenbrock --optimizers sgd,momentum,adam --steps 2000
  optlens compare --json > results.json
`;
}
