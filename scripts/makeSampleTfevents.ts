// Writes sample-workspace/runs/demo/events.out.tfevents.1700000000.sample-host (a PyTorch SummaryWriter-style
// run: loss, learning rate with warm-up and cosine decay, gradient norm, a validation loss every 100 steps)
// with the independent test writer, deterministically. Run: node scripts/make-sample-tfevents.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { concat, fileVersion, pytorchScalar } from '../test/core/logs/tfeventsWriter';

export function sampleTfevents(): Uint8Array {
  let seed = 7;
  const random = () => {
    // A small LCG: the file must be byte-identical on every run.
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const start = 1_700_000_000;
  const records: Uint8Array[] = [fileVersion(start)];
  const steps = 1000;
  let loss = 2.3;
  for (let step = 0; step < steps; step += 5) {
    const wallTime = start + 1 + step * 0.05;
    const warmup = Math.min(1, step / 100);
    const lr = 3e-4 * warmup * 0.5 * (1 + Math.cos((Math.PI * step) / steps));
    loss = 0.15 + (loss - 0.15) * 0.993 + 0.02 * (random() - 0.5);
    const gradNorm = 0.5 + 2 * Math.exp(-step / 150) + 0.2 * random();
    records.push(pytorchScalar({ wallTime, step }, 'train/loss', loss));
    records.push(pytorchScalar({ wallTime, step }, 'train/lr', lr));
    records.push(pytorchScalar({ wallTime, step }, 'train/grad_norm', gradNorm));
    if (step % 100 === 95) records.push(pytorchScalar({ wallTime, step }, 'val/loss', loss * 1.08 + 0.02));
  }
  return concat(records);
}

const out = join(process.argv[2] ?? 'sample-workspace', 'runs', 'demo');
mkdirSync(out, { recursive: true });
const file = join(out, 'events.out.tfevents.1700000000.sample-host');
writeFileSync(file, sampleTfevents());
console.log(`wrote ${file}`);
