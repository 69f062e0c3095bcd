/**
 * Property-based tests of every log reader (fast-check): random bytes and mutated valid files never make a
 * reader throw or hang, every point and warning is well-formed, the same bytes split into random chunks give
 * the same points and warnings as one push, and a reader's memory stays bounded on an enormous line.
 *
 * Runs are reproducible: the seed is fixed (override with FC_SEED=<n>), and fast-check's failure message
 * gives the seed and the counterexample's path. The per-run time guard is a hang guard (generous, for inputs
 * of a few KiB), not a timing assertion.
 */
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { MAX_SEGMENT_BYTES } from '../../../src/core/logs/consoleReader';
import { CsvReader } from '../../../src/core/logs/csvReader';
import { detectFormat, mlflowMetricKey } from '../../../src/core/logs/detect';
import { JsonlReader } from '../../../src/core/logs/jsonlReader';
import { KerasProgressReader } from '../../../src/core/logs/kerasProgressReader';
import { MlflowMetricReader } from '../../../src/core/logs/mlflowMetricReader';
import { PointCollector } from '../../../src/core/logs/pointCollector';
import { TextLogReader } from '../../../src/core/logs/textLogReader';
import { TfEventsReader } from '../../../src/core/logs/tfevents/index';
import { MAX_TRAINER_STATE_BYTES, TrainerStateReader } from '../../../src/core/logs/trainerStateReader';
import type { IncrementalReader, ReadWarning, ScalarPoint } from '../../../src/core/logs/types';
import * as tfw from './tfeventsWriter';

const SEED = Number(process.env.FC_SEED ?? 20261128);
/** A run over a few KiB that takes longer than this is a hang, not a slow machine. */
const HANG_GUARD_MS = 5000;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// --- valid files of each format, from generated rows ----------------------------------------------------------

interface Row {
  step: number;
  a: number;
  b: number;
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, 1e-5, 9.3199e-4) },
);
const rows = fc.array(fc.record({ step: fc.nat({ max: 1_000_000 }), a: value, b: value }), { minLength: 1, maxLength: 12 });

/** Python's spelling of a float in logs and MLflow files. */
const py = (x: number): string => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : Object.is(x, -0) ? '-0.0' : String(x));
/** Keras's `%.4f` / `%.4e` formatting of a metric. */
const keras = (x: number): string => (!Number.isFinite(x) ? py(x) : Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(4));

const FORMATS: Record<string, { create: () => IncrementalReader; render: (rows: Row[]) => Uint8Array }> = {
  csv: {
    create: () => new CsvReader('csv'),
    render: (rs) => utf8('step,loss,lr\n' + rs.map((r) => `${r.step},${py(r.a)},${py(r.b)}`).join('\n') + '\n'),
  },
  'lightning-csv': {
    create: () => new CsvReader('lightning-csv'),
    render: (rs) => utf8('train_loss,epoch,step,val_loss\r\n' + rs.map((r, i) => `${py(r.a)},${i >> 2},${r.step},${i % 3 ? '' : py(r.b)}`).join('\r\n') + '\r\n'),
  },
  'keras-csv': {
    create: () => new CsvReader('keras-csv'),
    render: (rs) => utf8('epoch,accuracy,loss\n' + rs.map((r, i) => `${i},${i % 4 ? py(r.a) : 'NA'},${py(r.b)}`).join('\n') + '\n'),
  },
  jsonl: {
    create: () => new JsonlReader(),
    render: (rs) => utf8(rs.map((r) => `{"step": ${r.step}, "loss": ${String(r.a)}, "opt": {"lr": ${String(r.b)}}}`).join('\n') + '\n'),
  },
  'trainer-state': {
    create: () => new TrainerStateReader(),
    render: (rs) =>
      utf8(`{\n  "best_metric": null,\n  "log_history": [\n${rs.map((r) => `    {\n      "loss": ${String(r.a)},\n      "grad_norm": ${String(r.b)},\n      "step": ${r.step}\n    }`).join(',\n')}\n  ]\n}\n`),
  },
  tfevents: {
    create: () => new TfEventsReader(),
    render: (rs) =>
      tfw.concat([
        tfw.fileVersion(1700000000),
        ...rs.flatMap((r, i) => [tfw.pytorchScalar({ wallTime: 1700000001 + i, step: r.step }, 'loss', r.a), tfw.tf2Scalar({ wallTime: 1700000001.5 + i, step: r.step }, 'epoch_lr', r.b)]),
      ]),
  },
  'keras-progress': {
    create: () => new KerasProgressReader(),
    render: (rs) => utf8(rs.map((r, i) => kerasEpoch(i + 1, rs.length, r)).join('')),
  },
  text: {
    create: () => new TextLogReader(),
    render: (rs) => utf8(rs.map((r, i) => textLine(i, r)).join('\n') + '\n'),
  },
  'mlflow-metric': {
    create: () => new MlflowMetricReader('train/loss'),
    render: (rs) => utf8(rs.map((r, i) => `${1700000000000 + i * 1000} ${py(r.a)} ${r.step}`).join('\n') + '\n'),
  },
};

/** One Keras 2 epoch as a Linux capture shows it: in-place redraws with backspaces and carriage returns. */
function kerasEpoch(epoch: number, of: number, r: Row): string {
  const first = ` 1/10 [==>...........................] - ETA: 1s - loss: ${keras(r.b)}`;
  const last = `10/10 [==============================] - 0s 5ms/step - loss: ${keras(r.a)} - val_loss: ${keras(r.b)}`;
  return `Epoch ${epoch}/${of}\n\r${first}${'\b'.repeat(first.length)}\r${last}\n`;
}

/** A print-style line in one of the styles the text reader knows, chosen by the row index. */
function textLine(i: number, r: Row): string {
  switch (i % 4) {
    case 0:
      return `step ${r.step} loss=${py(r.a)} lr=${py(r.b)}`;
    case 1:
      return `Step ${r.step}/2000000 | loss: ${py(r.a)} | lr: ${py(r.b)}`;
    case 2:
      return `it=${r.step}, loss=${py(r.a)}, lr=${py(r.b)}`;
    default:
      return `[iter ${r.step}] loss ${py(r.a)} lr ${py(r.b)}`;
  }
}

// --- feeding and checking ---------------------------------------------------------------------------------------

interface Outcome {
  points: ScalarPoint[];
  warnings: ReadWarning[];
  bytesRead: number;
}

/** Pushes `bytes` cut at `cuts` (positions, any order, any range), then end(). */
function feed(create: () => IncrementalReader, bytes: Uint8Array, cuts: number[] = []): Outcome {
  const reader = create();
  const sink = new PointCollector();
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    // A copy into a scratch buffer that is then scribbled over: a reader must not keep the caller's buffer.
    const chunk = bytes.slice(from, cut);
    reader.push(chunk, sink);
    chunk.fill(0x41);
    from = cut;
  }
  reader.end(sink);
  return { points: sink.points, warnings: [...reader.warnings], bytesRead: reader.bytesRead };
}

function checkWellFormed(outcome: Outcome, length: number): void {
  assert.equal(outcome.bytesRead, length);
  for (const p of outcome.points) {
    assert.equal(typeof p.tag, 'string');
    assert.ok(Number.isFinite(p.step), `step ${p.step} of "${p.tag}" is not finite`);
    assert.ok(p.wallTime === null || Number.isFinite(p.wallTime), `wall time ${p.wallTime}`);
    assert.equal(typeof p.value, 'number');
  }
  for (const w of outcome.warnings) {
    assert.ok(typeof w.message === 'string' && w.message.length > 0);
    assert.ok(w.offset !== undefined || w.line !== undefined, `warning without a location: ${w.message}`);
    if (w.offset !== undefined) assert.ok(Number.isInteger(w.offset) && w.offset >= 0 && w.offset <= length, `offset ${w.offset} of ${length}: ${w.message}`);
    if (w.line !== undefined) assert.ok(Number.isInteger(w.line) && w.line >= 1, `line ${w.line}: ${w.message}`);
  }
}

/** `warnings` sorted by offset (then line): file order. */
function byLocation(warnings: ReadWarning[]): ReadWarning[] {
  return [...warnings].sort((x, y) => (x.offset ?? -1) - (y.offset ?? -1) || (x.line ?? 0) - (y.line ?? 0));
}

/** Reads `bytes` whole and in chunks; both must be well-formed, equal, and quick. */
function checkReader(format: string, bytes: Uint8Array, cuts: number[], chunkInvariant: boolean): void {
  const { create } = FORMATS[format];
  const started = performance.now();
  const whole = feed(create, bytes);
  checkWellFormed(whole, bytes.length);
  const chunked = feed(create, bytes, cuts);
  checkWellFormed(chunked, bytes.length);
  if (chunkInvariant) {
    assert.deepStrictEqual(chunked.points, whole.points);
    assert.deepStrictEqual(chunked.warnings, whole.warnings);
  }
  assert.deepStrictEqual(whole.warnings, byLocation(whole.warnings), 'warnings in file order');
  const elapsed = performance.now() - started;
  assert.ok(elapsed < HANG_GUARD_MS, `hang guard: ${bytes.length} bytes took ${elapsed.toFixed(0)} ms`);
}

type Mutation = { kind: 'flip'; at: number; bit: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; count: number } | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.constantFrom(...['\n', '\r', '\r\n', '}', ',', ' - ', '\b', '\x1b[0m', '=', ': ', '\u2501', 'nan'].map(utf8))) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'flip' && at < out.length) out[at] ^= 1 << m.bit;
    else if (m.kind === 'insert') out = tfw.concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
    else if (m.kind === 'delete') out = tfw.concat([out.subarray(0, at), out.subarray(at + m.count)]);
    else if (m.kind === 'truncate') out = out.slice(0, at);
  }
  return out;
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

/**
 * trainer_state.json is a whole document, re-read when rewritten: a chunk ending in '}' that completes a
 * parseable prefix is (by design) a finished version of the file. A mutated document can have such a
 * prefix, so there only valid documents are expected to read the same in chunks.
 */
const chunkInvariantWhenMutated = (format: string): boolean => format !== 'trainer-state';

describe('log readers: properties (fast-check)', function () {
  this.timeout(60000);

  for (const format of Object.keys(FORMATS)) {
    describe(format, () => {
      it('random bytes: no exception, well-formed points and warnings, same in chunks', () => {
        const bytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 512 }).map(utf8));
        fc.assert(
          fc.property(bytes, cuts, (input, at) => checkReader(format, input, at, chunkInvariantWhenMutated(format))),
          params(150),
        );
      });

      it('mutated valid files (bytes flipped, inserted, deleted, truncated): the same, and valid files read the same in chunks', () => {
        fc.assert(
          fc.property(rows, fc.array(mutation, { maxLength: 4 }), cuts, (rs, mutations, at) => {
            const valid = FORMATS[format].render(rs);
            if (mutations.length === 0) checkReader(format, valid, at, true);
            else checkReader(format, mutate(valid, mutations), at, chunkInvariantWhenMutated(format));
          }),
          params(150),
        );
      });
    });
  }

  it('detection never throws and names a known format or null, whatever the path and head', () => {
    const known = new Set([...Object.keys(FORMATS), null]);
    const segment = fc.oneof(fc.constantFrom('mlruns', 'metrics', '0', '3f2a9c1e5b7d4e6f8a9b0c1d2e3f4a5b', 'train.log', 'nohup.out', 'metrics.csv', '.', ''), fc.string({ maxLength: 12 }));
    const path = fc.tuple(fc.array(segment, { maxLength: 6 }), fc.constantFrom('/', '\\')).map(([parts, sep]) => parts.join(sep));
    const head = fc.oneof(fc.uint8Array({ maxLength: 1024 }), rows.chain((rs) => fc.constantFrom(...Object.values(FORMATS).map((f) => f.render(rs)))));
    fc.assert(
      fc.property(path, head, (p, h) => {
        assert.ok(known.has(detectFormat(p, h)));
        const key = mlflowMetricKey(p);
        assert.ok(key === null || (key.length > 0 && !key.startsWith('/')));
      }),
      params(150),
    );
  });

  describe('valid files give back what was written', () => {
    const same = (actual: number, expected: number, tolerance: number): boolean =>
      Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected)) || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));

    it('mlflow-metric: every line, exactly', () => {
      fc.assert(
        fc.property(rows, (rs) => {
          const { points, warnings } = feed(FORMATS['mlflow-metric'].create, FORMATS['mlflow-metric'].render(rs));
          assert.deepEqual(warnings, []);
          assert.deepStrictEqual(points.map((p) => [p.step, p.value]), rs.map((r) => [r.step, r.a]));
        }),
        params(100),
      );
    });

    it('text: every line, its step and both metrics, exactly', () => {
      fc.assert(
        fc.property(fc.array(fc.record({ step: fc.nat({ max: 1_000_000 }), a: value, b: value }), { minLength: 1, maxLength: 12 }), (unsorted) => {
          // Increasing steps: a step falling back would be a (reported) restart.
          const rs = unsorted.map((r, i) => ({ ...r, step: r.step + i * 1_000_001 }));
          const { points, warnings } = feed(FORMATS.text.create, FORMATS.text.render(rs));
          assert.deepEqual(warnings, []);
          assert.deepStrictEqual(points.map((p) => [p.tag, p.step, p.value]), rs.flatMap((r) => [['loss', r.step, r.a], ['lr', r.step, r.b]]));
        }),
        params(100),
      );
    });

    it('keras-progress: the epoch-end values, as Keras rounds them, one point per tag and epoch', () => {
      fc.assert(
        fc.property(rows, (rs) => {
          const { points, warnings } = feed(FORMATS['keras-progress'].create, FORMATS['keras-progress'].render(rs));
          assert.deepEqual(warnings, []);
          assert.equal(points.length, rs.length * 2);
          rs.forEach((r, i) => {
            const loss = points[2 * i];
            const valLoss = points[2 * i + 1];
            assert.deepEqual([loss.tag, loss.step, valLoss.tag, valLoss.step], ['loss', i + 1, 'val_loss', i + 1]);
            assert.ok(same(loss.value, r.a, 1e-3), `${loss.value} vs ${r.a}`);
            assert.ok(same(valLoss.value, r.b, 1e-3), `${valLoss.value} vs ${r.b}`);
          });
        }),
        params(100),
      );
    });
  });

  describe('bounded memory on an enormous line', () => {
    /** Heap plus array buffers after a full collection (V8's gc exposed for this measurement only). */
    const gc = ((): (() => void) => {
      setFlagsFromString('--expose-gc');
      return runInNewContext('gc') as () => void;
    })();
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    /** V8 frees array buffers' memory after a collection, on a later task: collect, yield, twice. */
    const retained = async (): Promise<number> => {
      for (let i = 0; i < 2; i++) {
        gc();
        await tick();
      }
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const MiB = 1024 * 1024;

    /** Pushes `total` bytes of `fill` without a line end, 1 MiB at a time from one reused buffer. */
    function pushEnormousLine(reader: IncrementalReader, total: number, fill: number): void {
      const chunk = new Uint8Array(MiB).fill(fill);
      const sink = new PointCollector();
      for (let sent = 0; sent < total; sent += MiB) reader.push(chunk, sink);
      assert.equal(sink.points.length, 0);
    }

    it('console readers hold at most one 64 KiB segment of a 64 MiB line', () => {
      for (const reader of [new KerasProgressReader(), new TextLogReader()]) {
        pushEnormousLine(reader, 64 * MiB, 0x2d);
        assert.ok(reader.heldBytes <= MAX_SEGMENT_BYTES, `${reader.format} holds ${reader.heldBytes} bytes`);
        assert.equal(reader.warnings.length, 1);
        assert.equal(reader.bytesRead, 64 * MiB);
      }
    });

    // tfevents resynchronises byte by byte through garbage (a CRC per position), so it gets less of it.
    for (const [format, total, bound] of [
      ['csv', 128, 16],
      ['jsonl', 128, 16],
      ['mlflow-metric', 128, 16],
      ['tfevents', 16, 4],
    ] as const) {
      it(`${format}: pushing ${total} MiB without a line end or record retains under ${bound} MiB`, async () => {
        const reader = FORMATS[format].create();
        const before = await retained();
        pushEnormousLine(reader, total * MiB, 0x37);
        const growth = (await retained()) - before;
        assert.ok(growth < bound * MiB, `${format} retains ${(growth / MiB).toFixed(1)} MiB`);
        assert.equal(reader.bytesRead, total * MiB);
        reader.end(new PointCollector());
        assert.ok(reader.warnings.length >= 1);
      });
    }

    it(`trainer-state: drops a document larger than its ${MAX_TRAINER_STATE_BYTES / MiB} MiB limit instead of holding it`, async () => {
      const reader = new TrainerStateReader();
      const before = await retained();
      pushEnormousLine(reader, MAX_TRAINER_STATE_BYTES + 16 * MiB, 0x37);
      const growth = (await retained()) - before;
      assert.ok(growth < 16 * MiB, `retains ${(growth / MiB).toFixed(1)} MiB`);
      assert.match(reader.warnings[0]?.message ?? '', /larger than/);
    });
  });
});
