/**
 * Speed of the captured-stdout and MLflow readers (keras-progress, text, mlflow-metric) on synthetic files of
 * ~32 MB pushed in 1 MiB chunks, against a peer measured in the same run: decoding the same chunks to
 * strings (TextDecoder) and counting their line ends, which any text reader must at least do.
 */
import { performance } from 'node:perf_hooks';
import { KerasProgressReader } from '../src/core/logs/kerasProgressReader';
import { MlflowMetricReader } from '../src/core/logs/mlflowMetricReader';
import { TextLogReader } from '../src/core/logs/textLogReader';
import type { IncrementalReader, ScalarSink } from '../src/core/logs/types';

const TARGET_BYTES = 32 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** Keras 2 as Linux captures it: every epoch one physical line of in-place redraws, then the final update. */
function kerasLog(): string {
  const parts: string[] = [];
  let size = 0;
  for (let epoch = 1; size < TARGET_BYTES; epoch++) {
    let line = `Epoch ${epoch}/100000\n`;
    let previous = 0;
    for (let batch = 1; batch <= 200; batch++) {
      const update = `${String(batch).padStart(3)}/200 [=============>................] - ETA: 3s - loss: ${(1 / (epoch + batch)).toFixed(4)} - accuracy: 0.${String(batch).padStart(4, '0')}`;
      line += '\b'.repeat(previous) + '\r' + update;
      previous = update.length;
    }
    line += '\b'.repeat(previous) + `\r200/200 [==============================] - 3s 15ms/step - loss: 0.1234 - accuracy: 0.9500 - val_loss: 0.2000 - val_accuracy: 0.9100\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** Print-style lines in the common styles, with some prose between them. */
function textLog(): string {
  const parts: string[] = [];
  let size = 0;
  for (let step = 0; size < TARGET_BYTES; step++) {
    const loss = (1 / (step + 1)).toFixed(6);
    const line =
      step % 4 === 0
        ? `step ${step} loss=${loss} lr=1e-3 grad_norm=2.1\n`
        : step % 4 === 1
          ? `Step ${step}/100000000 | loss: ${loss} | lr: 1.0e-03 | grad_norm: 2.1\n`
          : step % 4 === 2
            ? `{'loss': ${loss}, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.5}\n`
            : `Saving model checkpoint to ./out/checkpoint-${step}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

function mlflowLog(): string {
  const parts: string[] = [];
  let size = 0;
  for (let step = 0; size < TARGET_BYTES; step++) {
    const line = `${1700000000000 + step * 137} ${1 / (step + 1)} ${step}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

class CountingSink implements ScalarSink {
  points = 0;
  add(): void {
    this.points++;
  }
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push(bytes.subarray(at, at + CHUNK));
  return out;
}

function readOnce(create: () => IncrementalReader, parts: Uint8Array[]): number {
  const reader = create();
  const sink = new CountingSink();
  for (const part of parts) reader.push(part, sink);
  reader.end(sink);
  return sink.points;
}

/** The peer: decode every chunk and count its line ends (CR too for console captures). */
function decodeOnce(parts: Uint8Array[]): number {
  const decoder = new TextDecoder();
  let lines = 0;
  for (const part of parts) {
    const text = decoder.decode(part, { stream: true });
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  }
  return lines;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export async function benchTextLogs(write: (line: string) => void): Promise<void> {
  const cases: Array<[string, string, () => IncrementalReader]> = [
    ['keras-progress', kerasLog(), () => new KerasProgressReader()],
    ['text', textLog(), () => new TextLogReader()],
    ['mlflow-metric', mlflowLog(), () => new MlflowMetricReader('loss')],
  ];
  write('\ncaptured stdout and MLflow readers: 1 MiB chunks, medians of 5 alternating samples\n');
  write('format           MB    points   reader MB/s   decode MB/s   reader / decode time\n');
  for (const [name, text, create] of cases) {
    const bytes = new TextEncoder().encode(text);
    const parts = chunks(bytes);
    const readerMs: number[] = [];
    const decodeMs: number[] = [];
    let points = 0;
    readOnce(create, parts);
    decodeOnce(parts);
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now();
      points = readOnce(create, parts);
      readerMs.push(performance.now() - t0);
      t0 = performance.now();
      decodeOnce(parts);
      decodeMs.push(performance.now() - t0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const mb = bytes.length / 1e6;
    const r = median(readerMs);
    const d = median(decodeMs);
    write(
      `${name.padEnd(15)} ${mb.toFixed(1).padStart(4)} ${String(points).padStart(9)} ${(mb / (r / 1000)).toFixed(0).padStart(13)} ${(mb / (d / 1000)).toFixed(0).padStart(13)} ${(r / d).toFixed(2).padStart(22)}\n`,
    );
  }
}
