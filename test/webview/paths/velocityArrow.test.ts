import * as assert from 'node:assert/strict';
import { encodeRun } from '../../../src/core/protocol';
import { createProblem } from '../../../src/core/problems';
import { train } from '../../../src/core/train/trainer';
import type { OptimizerSpec } from '../../../src/core/optim/types';
import {
  ARROW_TARGET_FRACTION, arrowConvention, arrowGeometry, arrowKind, arrowScale, arrowScaleText, arrowVector, MAX_ARROW_SCALE, MIN_ARROW_PX, niceFloor,
  type ArrowRun,
} from '../../../src/webview/paths/velocityArrow';

function wireRun(optimizer: OptimizerSpec, steps = 20) {
  return encodeRun(train(createProblem({ name: 'ill-conditioned-quadratic' }), { label: 'r', optimizer }, steps, { tolerance: 1e-4 }));
}

function vectorAt(run: ArrowRun, row: number): [number, number] | null {
  const out = new Float64Array(2);
  return arrowVector(run, arrowKind(run), row, out) ? [out[0], out[1]] : null;
}

function update(run: ArrowRun, row: number): [number, number] {
  return [(run.params[2 * row] as number) - (run.params[2 * row - 2] as number), (run.params[2 * row + 1] as number) - (run.params[2 * row - 1] as number)];
}

function assertNear(actual: [number, number] | null, expected: [number, number], tolerance = 1e-12): void {
  assert.ok(actual, 'an arrow');
  assert.ok(Math.abs(actual[0] - expected[0]) <= tolerance && Math.abs(actual[1] - expected[1]) <= tolerance, `${String(actual)} vs ${String(expected)}`);
}

describe('webview/paths/velocityArrow: which vector', () => {
  it('PyTorch heavy ball: -lr * momentum_buffer, which is exactly the step it made', () => {
    const run = wireRun({ name: 'sgd', lr: 0.01, momentum: 0.9 });
    assert.equal(arrowKind(run), 'torch-buffer');
    for (const row of [1, 5, 20]) assertNear(vectorAt(run, row), update(run, row));
    assert.match(arrowConvention('torch-buffer', false), /PyTorch convention: step = \u2212lr\u00b7v/);
  });

  it('PyTorch Nesterov: still -lr * buffer (not the step), and the tooltip says so', () => {
    const run = wireRun({ name: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true });
    const v = run.velocityPath as number[];
    assertNear(vectorAt(run, 3), [-0.01 * v[6], -0.01 * v[7]]);
    assert.notDeepEqual(vectorAt(run, 3), update(run, 3));
    assert.match(arrowConvention('torch-buffer', true), /Nesterov/);
  });

  it('Keras SGD: the velocity variable itself, which is the step', () => {
    const run = wireRun({ name: 'sgd', convention: 'keras', learning_rate: 0.01, momentum: 0.9 });
    assert.equal(arrowKind(run), 'keras-velocity');
    for (const row of [1, 7]) assertNear(vectorAt(run, row), update(run, row));
  });

  it('Keras RMSprop with momentum: minus its buffer, which is the step', () => {
    const run = wireRun({ name: 'rmsprop', convention: 'keras', learning_rate: 0.01, momentum: 0.5 });
    assert.equal(arrowKind(run), 'keras-rmsprop');
    assertNear(vectorAt(run, 4), update(run, 4));
  });

  it('Adam and plain SGD: the actual update', () => {
    for (const optimizer of [{ name: 'adam', lr: 0.1 }, { name: 'sgd', lr: 0.01 }] as OptimizerSpec[]) {
      const run = wireRun(optimizer);
      assert.equal(arrowKind(run), 'update');
      assertNear(vectorAt(run, 6), update(run, 6));
    }
  });

  it('no arrow at the start, past the run, or where the values are gone', () => {
    const run = wireRun({ name: 'sgd', lr: 0.01, momentum: 0.9 });
    assert.equal(vectorAt(run, 0), null);
    assert.equal(vectorAt(run, 21), null);
    const gone = { ...run, velocityPath: [...(run.velocityPath ?? [])], lr: [...run.lr] };
    gone.velocityPath[10] = null;
    assert.equal(vectorAt(gone, 5), null);
    gone.lr[6] = null;
    assert.equal(vectorAt(gone, 6), null);
    const plain = wireRun({ name: 'adam', lr: 0.1 });
    const blown = { ...plain, params: [...plain.params] };
    blown.params[10] = null; // row 5 left finite values (encoded as null)
    assert.equal(vectorAt(blown, 5), null, 'a blown-up row has no update');
    assert.equal(vectorAt(blown, 6), null);
  });
});

describe('webview/paths/velocityArrow: one honest scale', () => {
  it('is a round number >= 1 that brings the 90th-percentile arrow near the target fraction of the box', () => {
    const run = wireRun({ name: 'sgd', lr: 0.001, momentum: 0.9 }, 200);
    const kind = arrowKind(run);
    const scale = arrowScale([{ run, kind, diverged: false }], 8);
    assert.ok([1, 2, 5].includes(scale / Math.pow(10, Math.floor(Math.log10(scale)))), `round: ${scale}`);
    const out = new Float64Array(2);
    const lengths: number[] = [];
    for (let row = 1; row <= run.stepsRun; row++) if (arrowVector(run, kind, row, out)) lengths.push(Math.hypot(out[0], out[1]));
    lengths.sort((a, b) => a - b);
    const p90 = lengths[Math.floor(0.9 * lengths.length)];
    assert.ok(p90 * scale <= ARROW_TARGET_FRACTION * 8 + 1e-12, 'not above the target');
    assert.ok(p90 * scale * 5 > ARROW_TARGET_FRACTION * 8, 'within one round step of it');
  });

  it('never shrinks arrows, ignores diverged runs, and caps the factor', () => {
    const big = wireRun({ name: 'sgd', lr: 0.019, momentum: 0.5 });
    assert.equal(arrowScale([{ run: big, kind: arrowKind(big), diverged: false }], 0.01), 1);
    const still = { ...big, params: big.params.map(() => 0), velocityPath: undefined };
    assert.equal(arrowScale([{ run: still, kind: 'update', diverged: false }], 8), 1, 'no movement: true length');
    const tiny = { ...big, params: big.params.map((_, i) => (i >> 1) * 1e-12), velocityPath: undefined };
    assert.equal(arrowScale([{ run: tiny, kind: 'update', diverged: false }], 8), MAX_ARROW_SCALE);
    const diverged = wireRun({ name: 'sgd', lr: 1e300 });
    const small = wireRun({ name: 'sgd', lr: 0.0001 });
    assert.equal(arrowScale([{ run: diverged, kind: 'update', diverged: true }, { run: small, kind: 'update', diverged: false }], 8),
      arrowScale([{ run: small, kind: 'update', diverged: false }], 8));
    assert.equal(arrowScale([{ run: small, kind: 'update', diverged: false }], Number.NaN), 1);
  });

  it('rounds down to 1, 2 or 5 x 10^k and says the scale in words', () => {
    assert.deepEqual([1, 1.9, 2, 4.99, 5, 9.9, 10, 37, 1e6].map(niceFloor), [1, 1, 2, 2, 5, 5, 10, 20, 1e6]);
    assert.equal(arrowScaleText(1), 'arrows at true length');
    assert.match(arrowScaleText(2000), /\u00d72,000/);
  });
});

describe('webview/paths/velocityArrow: geometry', () => {
  it('puts the tip at start + vector and the head symmetric behind it', () => {
    const a = arrowGeometry(10, 20, 30, 0, 8);
    assert.ok(a);
    assert.equal(a.tipX, 40);
    assert.equal(a.tipY, 20);
    assert.ok(a.leftX < 40 && a.rightX < 40, 'the head points back');
    assert.ok(Math.abs(a.leftX - a.rightX) < 1e-9 && Math.abs((a.leftY - 20) + (a.rightY - 20)) < 1e-9, 'symmetric about the shaft');
    assert.ok(Math.abs(Math.hypot(a.leftX - 40, a.leftY - 20) - 8) < 1e-9, 'head length as asked');
  });

  it('keeps the head shorter than a short arrow, and draws nothing below the minimum', () => {
    const a = arrowGeometry(0, 0, 0, 4, 8);
    assert.ok(a);
    assert.ok(Math.hypot(a.leftX - a.tipX, a.leftY - a.tipY) < 4);
    assert.equal(arrowGeometry(0, 0, MIN_ARROW_PX / 2, 0), null);
    assert.equal(arrowGeometry(0, 0, Number.NaN, 1), null);
    assert.equal(arrowGeometry(0, 0, Infinity, 1), null);
  });

  it('keeps a blown-up arrow within canvas coordinates, pointing the same way', () => {
    const a = arrowGeometry(0, 0, 3e300, 4e300);
    assert.ok(a);
    assert.ok(Math.abs(a.tipX - 6e4) < 1e-6 && Math.abs(a.tipY - 8e4) < 1e-6);
  });
});
