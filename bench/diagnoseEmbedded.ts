/**
 * What diagnosing an embedded run costs next to running it: for three problems (a 2-D quadratic, a 100-D
 * rotated quadratic, a 2-64-64-1 MLP on minibatches) it times `train` and `diagnoseTrace` on the trace it made
 * (loss, grad_norm, lr, update_norm, velocity_norm and the update cosine, which reads every parameter row),
 * alternating samples of the two so a busy machine slows both alike. Prints the points fed per second and the
 * ratio diagnose/train: "Try this fix" and `optlens diagnose --prove` run both, so this says how much of
 * their time the diagnosis is.
 */
import { performance } from 'node:perf_hooks';
import { runContextOf } from '../src/core/diagnose/embedded/context';
import { diagnoseTrace } from '../src/core/diagnose/embedded/diagnoseTrace';
import { runSpecs } from '../src/core/train/simulate';
import { parseRunSpecs } from '../src/core/train/spec';

const CASES = [
  { name: 'ill-conditioned quadratic (2-D), 100k steps', steps: 100_000, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.015, momentum: 0.5 } },
  { name: 'quadratic n=100, rotated, 20k steps', steps: 20_000, problem: { name: 'quadratic', eigenvalues: Array.from({ length: 100 }, (_, i) => 1 + i), rotate: true }, optimizer: { name: 'sgd', lr: 0.01, momentum: 0.5 } },
  { name: 'MLP 2-64-64-1, batch 32, 2k steps', steps: 2_000, problem: { name: 'mlp', hidden: [64, 64], dataset: 'moons', batch_size: 32, seed: 0 }, optimizer: { name: 'adam', lr: 1e-3 } },
];
const REPS = 5;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function benchDiagnoseEmbedded(write: (line: string) => void): Promise<void> {
  write('\nDiagnosing embedded runs (diagnoseTrace) against training them (train), same process, median of 5\n');
  for (const c of CASES) {
    const [spec] = parseRunSpecs({ id: 'bench', steps: c.steps, problem: c.problem, optimizer: c.optimizer });
    let result = runSpecs([spec])[0];
    const context = runContextOf(spec, result.problem);
    let findings = 0;
    const trainMs: number[] = [];
    const diagnoseMs: number[] = [];
    for (let r = 0; r < REPS + 1; r++) {
      const t0 = performance.now();
      result = runSpecs([spec])[0];
      const t1 = performance.now();
      findings = diagnoseTrace(result.trace, context).length;
      const t2 = performance.now();
      if (r === 0) continue; // warm-up
      trainMs.push(t1 - t0);
      diagnoseMs.push(t2 - t1);
    }
    const rows = result.trace.stepsRun + 1;
    // Points fed: loss and grad_norm at every row, lr/update_norm/velocity_norm from row 1, the cosine from row 2.
    const points = 2 * rows + (rows - 1) * (result.trace.hasVelocity ? 3 : 2) + (rows - 2);
    const train = median(trainMs);
    const diagnose = median(diagnoseMs);
    write(`  ${c.name}: train ${train.toFixed(1)} ms, diagnose ${diagnose.toFixed(1)} ms `
      + `(${(points / diagnose / 1e3).toFixed(1)} M points/s, ${findings} finding${findings === 1 ? '' : 's'}); diagnose/train = ${(diagnose / train).toFixed(3)}\n`);
  }
}
