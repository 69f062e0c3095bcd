// A stand-in for a training script, for the log UI test and the latency bench: appends one record every
// --interval ms to a Lightning-style metrics.csv and/or a TensorBoard event file, and prints one JSON line
// per append to stdout, {"step": N, "t": <ms since epoch, taken right after the write returned>}, so a
// reader of stdout knows when each step reached the disk.
//
//   node test/ui/logWriter.mjs --csv runs/live/metrics.csv [--tfevents runs/tb/events.out.tfevents.1.host]
//        [--tfwriter out/tfeventsWriter.cjs] [--interval 200] [--count 150] [--start 0] [--every 10]
//        [--diverge-at STEP]
//
// --diverge-at: from that step on the CSV's loss blows up (x1.2 a record, like a learning rate too large for
// the curvature) and turns NaN once it passes 1e30, so the diagnosis has something to find live.
//
// The event-file records come from the tests' independent TFRecord writer (test/core/logs/tfeventsWriter.ts,
// bundled to CommonJS by the caller and passed as --tfwriter).
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { endProcess } from '../vscode/endProcess.mjs';

const { values } = parseArgs({
  options: {
    csv: { type: 'string' }, tfevents: { type: 'string' }, tfwriter: { type: 'string' },
    interval: { type: 'string', default: '200' }, count: { type: 'string', default: '150' },
    start: { type: 'string', default: '0' }, every: { type: 'string', default: '10' },
    'diverge-at': { type: 'string' },
  },
});
const interval = Number(values.interval);
const count = Number(values.count);
const every = Number(values.every);
let step = Number(values.start);

const tf = values.tfevents ? createRequire(import.meta.url)(resolve(values.tfwriter ?? '')) : null;

/**
 * A loss that falls like a real one, with a little noise that is the same on every run. The noise is a hash of
 * the step (white, like minibatch noise), not a sine: sampled every 10 steps a sine alternates, which the
 * diagnosis rightly calls a zig-zag oscillation.
 */
const noise = (s) => ((Math.abs(Math.sin(s * 12.9898) * 43758.5453) % 1) - 0.5) * 2;
const loss = (s) => 2.3 * Math.exp(-s / 400) + 0.05 + 0.02 * noise(s);
const divergeAt = values['diverge-at'] === undefined ? Infinity : Number(values['diverge-at']);
/** The CSV's loss: `loss`, or from --diverge-at on a blow-up of it, NaN past 1e30. */
const csvLoss = (s) => {
  if (s < divergeAt) return loss(s).toPrecision(6);
  const v = loss(divergeAt) * 1.2 ** ((s - divergeAt) / every);
  return v < 1e30 ? v.toPrecision(6) : 'nan';
};
const lr = (s) => 1e-3 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, s / 5000)));

if (values.csv) {
  mkdirSync(dirname(values.csv), { recursive: true });
  if (!existsSync(values.csv)) writeFileSync(values.csv, 'epoch,step,train_loss,lr-SGD\n');
}
if (values.tfevents) {
  mkdirSync(dirname(values.tfevents), { recursive: true });
  if (!existsSync(values.tfevents)) writeFileSync(values.tfevents, tf.fileVersion(Date.now() / 1000));
}

function append() {
  if (values.csv) appendFileSync(values.csv, `${Math.floor(step / 500)},${step},${csvLoss(step)},${lr(step).toPrecision(6)}\n`);
  if (tf) {
    const head = { wallTime: Date.now() / 1000, step };
    appendFileSync(values.tfevents, tf.concat([tf.pytorchScalar(head, 'Loss/train', loss(step)), tf.pytorchScalar(head, 'lr', lr(step))]));
  }
  process.stdout.write(`${JSON.stringify({ step, t: Date.now() })}\n`);
  step += every;
}

let written = 0;
const timer = setInterval(() => {
  append();
  if (++written >= count) clearInterval(timer);
}, interval);
// A SIGTERM from the test means "stop writing now".
process.on('SIGTERM', () => { clearInterval(timer); endProcess(0); });
