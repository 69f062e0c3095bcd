import { pushPoints } from '../../../src/core/logs/pointCollector';
import * as assert from 'node:assert/strict';
import { TrainerStateReader } from '../../../src/core/logs/trainerStateReader';
import { byTag, readAll, readByteByByte, utf8 } from './textFeed';

function state(history: string[]): string {
  return `{
  "best_metric": null,
  "epoch": 2.0,
  "eval_steps": 500,
  "global_step": 1000,
  "log_history": [
    ${history.join(',\n    ')}
  ],
  "max_steps": 1000,
  "trial_params": null
}
`;
}

const ENTRIES = [
  '{"epoch": 0.5, "grad_norm": 3.1, "learning_rate": 4.5e-05, "loss": 2.31, "step": 250}',
  '{"epoch": 1.0, "grad_norm": NaN, "learning_rate": 4e-05, "loss": 1.87, "step": 500}',
  '{"epoch": 1.0, "eval_accuracy": 0.71, "eval_loss": 1.62, "eval_runtime": 12.5, "eval_samples_per_second": 80.0, "eval_steps_per_second": 10.0, "step": 500}',
  '{"epoch": 2.0, "step": 1000, "total_flos": 1.2e15, "train_loss": 1.95, "train_runtime": 600.1, "train_samples_per_second": 26.6, "train_steps_per_second": 1.66}',
];

describe('trainer_state.json reader', () => {
  it('reads training, evaluation and summary entries of log_history', () => {
    const reader = new TrainerStateReader();
    const points = readAll(reader, utf8(state(ENTRIES)));
    const tags = byTag(points);
    assert.deepEqual(tags.loss, [[250, 2.31], [500, 1.87]]);
    assert.deepEqual(tags.eval_loss, [[500, 1.62]]);
    assert.deepEqual(tags.train_runtime, [[1000, 600.1]]);
    assert.ok(Number.isNaN(tags.grad_norm[1][1]));
    assert.equal(tags.epoch, undefined);
    assert.equal(tags.step, undefined);
    assert.ok(points.every((p) => p.wallTime === null));
    assert.equal(reader.warnings.length, 0);
  });

  it('gives the same points fed one byte at a time, only once the document is whole', () => {
    const text = utf8(state(ENTRIES));
    const reader = new TrainerStateReader();
    const early = pushPoints(reader, text.subarray(0, text.length - 5));
    assert.deepEqual(early, []);
    const whole = readAll(new TrainerStateReader(), text);
    const bytewise = readByteByByte(new TrainerStateReader(), text);
    assert.deepEqual(bytewise.map((p) => [p.tag, p.step, String(p.value)]), whole.map((p) => [p.tag, p.step, String(p.value)]));
  });

  it('parses once per closed document, not once per chunk that happens to end in a brace', () => {
    const entries = Array.from({ length: 300 }, (_, i) => `{"step": ${i + 1}, "loss": ${1 / (i + 1)}}`);
    const text = state(entries);
    const reader = new TrainerStateReader();
    let points = 0;
    // Cut after every '}' (each log_history entry ends with one): the old reader re-parsed the buffer each time.
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '}') {
        points += pushPoints(reader, utf8(text.slice(from, i + 1))).length;
        from = i + 1;
      }
    }
    points += pushPoints(reader, utf8(text.slice(from))).length;
    assert.equal(points, 300);
    assert.equal(reader.parseAttempts, 1);
  });

  it('emits only the new entries when the rewritten file is pushed again, and reports a shorter history', () => {
    const reader = new TrainerStateReader();
    assert.equal(pushPoints(reader, utf8(state(ENTRIES.slice(0, 2)))).length, 6);
    const next = pushPoints(reader, utf8(state(ENTRIES.slice(0, 3))));
    assert.deepEqual(next.map((p) => p.tag), ['eval_accuracy', 'eval_loss', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second']);
    const fresh = pushPoints(reader, utf8(state(ENTRIES.slice(0, 1))));
    assert.equal(fresh.length, 3);
    assert.equal(reader.warnings.length, 1);
    assert.match(reader.warnings[0].message, /shrank from 3 to 1/);
  });

  it('reports an incomplete document at end(), and garbage without throwing', () => {
    const truncated = new TrainerStateReader();
    assert.deepEqual(readAll(truncated, utf8(state(ENTRIES)).subarray(0, 200)), []);
    assert.equal(truncated.warnings.length, 1);
    assert.match(truncated.warnings[0].message, /incomplete JSON document/);

    const garbage = new TrainerStateReader();
    assert.deepEqual(readAll(garbage, Uint8Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)), []);
    assert.equal(garbage.warnings.length, 1);

    const noHistory = new TrainerStateReader();
    assert.deepEqual(readAll(noHistory, utf8('{"log_history": 3}')), []);
    assert.match(noHistory.warnings[0].message, /no log_history/);
  });
});
