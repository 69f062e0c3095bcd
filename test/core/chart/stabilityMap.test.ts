import * as assert from 'node:assert/strict';
import {
  buildStabilityMap, cellEnds, cellSettings, stepsToShrink, CELL_DIVERGES, CELL_FAST, CELL_KIND_NAMES, CELL_RINGS, CELL_SLOW, locate, stableBoundary,
  type StabilityMap,
} from '../../../src/core/chart/stabilityMap';
import { modeDynamics, worstRate } from '../../../src/core/diagnose/stability';
import { createOptimizer } from '../../../src/core/optim';

const LMIN = 1;
const LMAX = 100;

/**
 * The real PyTorch-rule SGD on f = (LMIN x^2 + LMAX y^2) / 2 from (1, 1): the per-step rate of the error norm
 * over the last `window` of `steps` updates (rescaled as it goes so diverging runs stay finite), and the sign
 * changes of the slowest-shrinking coordinate over that window.
 */
function runQuadratic(lr: number, momentum: number, nesterov: boolean, steps = 1500, window = 400): { rate: number; signChanges: number[] } {
  const opt = createOptimizer({ name: 'sgd', lr, momentum, nesterov });
  const x = new Float64Array([1, 1]);
  const state = opt.init(x);
  const g = new Float64Array(2);
  let logScale = 0;
  const norms: number[] = [];
  const signChanges = [0, 0];
  let previous = [1, 1];
  for (let k = 0; k < steps; k++) {
    g[0] = LMIN * x[0];
    g[1] = LMAX * x[1];
    opt.update(g, state, x, { t: k + 1, lr });
    x[0] += g[0];
    x[1] += g[1];
    const norm = Math.hypot(x[0], x[1]);
    if (norm > 1e100 || (norm < 1e-100 && norm > 0)) {
      // Rescale the iterate and the momentum buffer together: the dynamics are linear.
      const s = 1 / norm;
      x[0] *= s;
      x[1] *= s;
      scaleArrays(state, s);
      logScale -= Math.log(s);
    }
    norms.push(Math.log(Math.hypot(x[0], x[1])) + logScale);
    if (k >= steps - window) for (let d = 0; d < 2; d++) if (Math.sign(x[d]) !== Math.sign(previous[d]) && x[d] !== 0) signChanges[d]++;
    previous = [x[0], x[1]];
  }
  return { rate: Math.exp((norms[steps - 1] - norms[steps - 1 - window]) / window), signChanges };
}

/** Multiplies every Float64Array inside an optimizer state (plain objects and arrays of them) by s. */
function scaleArrays(state: unknown, s: number): void {
  if (state instanceof Float64Array) {
    for (let i = 0; i < state.length; i++) state[i] *= s;
  } else if (state !== null && typeof state === 'object') {
    for (const value of Object.values(state)) scaleArrays(value, s);
  }
}

function cellOf(map: StabilityMap, row: number, col: number): number {
  return row * map.lr.length + col;
}

describe('chart/stabilityMap: lr x momentum map of momentum SGD on a quadratic', () => {
  const map = buildStabilityMap({ lambdaMin: LMIN, lambdaMax: LMAX, lr: { min: 1e-4, max: 0.1, count: 61 }, momentum: { min: 0, max: 0.99, count: 34, spacing: 'linear' } });

  it('lays out a log-spaced lr axis and the asked momentum axis, ends exact', () => {
    assert.equal(map.lr.length, 61);
    assert.equal(map.lr[0], 1e-4);
    assert.equal(map.lr[60], 0.1);
    for (let i = 1; i < 61; i++) assert.ok(Math.abs(map.lr[i] / map.lr[i - 1] - 10 ** 0.05) < 1e-12);
    assert.equal(map.momentum[0], 0);
    assert.equal(map.momentum[33], 0.99);
    assert.ok(Math.abs(map.momentum[1] - 0.03) < 1e-15);
    const log = buildStabilityMap({ lambdaMin: 1, lambdaMax: 10, momentum: { min: 0, max: 0.999, count: 4, spacing: 'oneMinusLog' } });
    assert.deepEqual([...log.momentum].map((m) => Number(m.toFixed(12))), [0, 0.9, 0.99, 0.999]);
    assert.equal(log.rate.length, log.lr.length * 4);
  });

  it('every cell holds the closed-form worst rate over the curvature range', () => {
    for (let r = 0; r < map.momentum.length; r++) {
      for (let c = 0; c < map.lr.length; c++) {
        const expected = worstRate(map.lr[c], map.momentum[r], LMIN, LMAX);
        const i = cellOf(map, r, c);
        assert.equal(map.rate[i], expected.rate);
        assert.equal(map.period[i], expected.period);
      }
    }
  });

  it('the stable edge is lr = (2 + 2 beta) / lambdaMax: every cell left of it converges, every cell right of it diverges', () => {
    for (let r = 0; r < map.momentum.length; r++) {
      const beta = map.momentum[r];
      assert.ok(Math.abs(map.boundaryLr[r] - (2 + 2 * beta) / LMAX) < 1e-15);
      for (let c = 0; c < map.lr.length; c++) {
        const diverges = map.kind[cellOf(map, r, c)] === CELL_DIVERGES;
        assert.equal(diverges, map.lr[c] >= map.boundaryLr[r], `row ${r} col ${c}`);
      }
    }
    assert.deepEqual([...stableBoundary([0, 0.5], 4)], [0.5, 0.75]);
    // Nesterov's edge: (2 + 2 beta) / ((1 + 2 beta) lambdaMax).
    assert.ok(Math.abs(stableBoundary([0.5], 4, true)[0] - 3 / 8) < 1e-15);
  });

  it('classifies by the documented thresholds: fast within 3x the best speed, rings when the slowest mode oscillates', () => {
    // kappa = 100: the best rate is 9/11; fast means 1 - rate >= (2/11)/3.
    assert.ok(Math.abs(map.best.rate - 9 / 11) < 1e-12);
    assert.ok(Math.abs(map.fastRate - (1 - 2 / 33)) < 1e-12);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < map.rate.length; i++) {
      const k = map.kind[i];
      counts[k]++;
      if (k === CELL_FAST) assert.ok(map.rate[i] <= map.fastRate);
      if (k === CELL_RINGS) assert.ok(map.rate[i] > map.fastRate && map.rate[i] < 1 && Number.isFinite(map.period[i]));
      if (k === CELL_SLOW) assert.ok(map.rate[i] > map.fastRate && map.rate[i] < 1 && map.period[i] === Infinity);
    }
    for (const k of [CELL_DIVERGES, CELL_RINGS, CELL_FAST, CELL_SLOW]) assert.ok(counts[k] > 0, `some ${CELL_KIND_NAMES[k]} cells`);
    // No cell beats Polyak's optimum (the lower bound on quadratics).
    assert.ok(Math.min(...map.rate) >= map.best.rate - 1e-12);
  });

  it('plain gradient descent at kappa = 100 is never fast; momentum near the optimum is', () => {
    for (let c = 0; c < map.lr.length; c++) assert.notEqual(map.kind[cellOf(map, 0, c)], CELL_FAST);
    const at = locate(map, map.best.lr, map.best.momentum);
    assert.ok(at.inside);
    assert.equal(at.kind, CELL_FAST);
    assert.ok(Math.abs(at.rate - map.best.rate) < 1e-9);
    assert.equal(map.kind[at.cell], CELL_FAST);
  });

  describe('against the real optimizer on sample cells', () => {
    const samples: [string, number, number, boolean, number][] = [
      ['small lr, no momentum: creeps', 1e-3, 0, false, CELL_SLOW],
      ['near the optimum', 0.033, 0.67, false, CELL_FAST],
      ['high momentum: rings', 0.005, 0.97, false, CELL_RINGS],
      ['lr near the edge without momentum: zig-zags', 0.0199, 0, false, CELL_RINGS],
      ['past the edge', 0.025, 0.1, false, CELL_DIVERGES],
      ['Nesterov, converging', 0.01, 0.9, true, CELL_RINGS],
      ['Nesterov past its edge, where heavy ball would still converge', 0.028, 0.5, true, CELL_DIVERGES],
    ];
    for (const [name, lr, momentum, nesterov, expected] of samples) {
      it(`${name} (lr ${lr}, momentum ${momentum}${nesterov ? ', nesterov' : ''}): ${CELL_KIND_NAMES[expected]}`, () => {
        const m = buildStabilityMap({ lambdaMin: LMIN, lambdaMax: LMAX, nesterov, lr: { min: 1e-4, max: 0.1, count: 40 }, momentum: { min: 0, max: 0.99, count: 40, spacing: 'linear' } });
        const at = locate(m, lr, momentum);
        assert.equal(at.kind, expected);
        const measured = runQuadratic(lr, momentum, nesterov);
        assert.ok(Math.abs(measured.rate - at.rate) < 5e-3 * Math.max(1, at.rate), `predicted ${at.rate}, measured ${measured.rate}`);
        if (expected === CELL_SLOW) assert.equal(measured.signChanges[0], 0, 'the slow direction creeps without crossing zero');
        if (expected === CELL_FAST) assert.ok(measured.rate <= m.fastRate + 5e-3);
        if (expected === CELL_RINGS) assert.ok(measured.rate > m.fastRate && measured.signChanges[0] + measured.signChanges[1] > 2, 'the error keeps changing sign');
        if (expected === CELL_DIVERGES) assert.ok(measured.rate > 1);
      });
    }
    it('Nesterov has the lower edge', () => {
      assert.ok(locate(buildStabilityMap({ lambdaMin: LMIN, lambdaMax: LMAX }), 0.028, 0.5).kind !== CELL_DIVERGES);
    });
  });

  it('locates grid points at whole indices and marks settings off the map', () => {
    const at = locate(map, map.lr[7], map.momentum[5]);
    assert.ok(Math.abs(at.col - 7) < 1e-9 && Math.abs(at.row - 5) < 1e-9);
    assert.equal(at.cell, cellOf(map, 5, 7));
    assert.equal(at.rate, map.rate[at.cell]);
    const far = locate(map, 10, 0.5);
    assert.equal(far.inside, false);
    assert.equal(far.cell, -1);
    assert.equal(far.kind, CELL_DIVERGES);
    assert.equal(locate(map, 1e-3, 1).inside, false);
    assert.equal(locate(map, 1e-3, 1).kind, CELL_DIVERGES);
    assert.equal(locate(map, -1, 0.5).kind, CELL_DIVERGES);
    const log = buildStabilityMap({ lambdaMin: 1, lambdaMax: 10, momentum: { min: 0, max: 0.999, count: 4, spacing: 'oneMinusLog' } });
    assert.ok(Math.abs(locate(log, 0.01, 0.99).row - 2) < 1e-9);
  });

  it('gives both ends of the curvature range for a tooltip', () => {
    const cell = cellOf(map, 10, 20);
    const ends = cellEnds(map, cell);
    assert.deepEqual(ends.low, modeDynamics(map.lr[20], map.momentum[10], LMIN));
    assert.deepEqual(ends.high, modeDynamics(map.lr[20], map.momentum[10], LMAX));
    assert.equal(Math.max(ends.low.rate, ends.high.rate), map.rate[cell]);
  });

  it('gives the settings of a clicked cell and the steps per 10x of a rate', () => {
    const cell = cellOf(map, 3, 9);
    assert.deepEqual(cellSettings(map, cell), { lr: map.lr[9], momentum: map.momentum[3] });
    assert.throws(() => cellSettings(map, -1), RangeError);
    assert.throws(() => cellSettings(map, map.rate.length), RangeError);
    assert.throws(() => cellSettings(map, 1.5), RangeError);
    // 0.1^(1/k) shrinks 10x in exactly k steps.
    assert.ok(Math.abs(stepsToShrink(0.1 ** (1 / 40)) - 40) < 1e-9);
    assert.ok(Math.abs(stepsToShrink(0.5, 2) - 1) < 1e-15);
    assert.equal(stepsToShrink(1), Infinity);
    assert.equal(stepsToShrink(1.3), Infinity);
    assert.equal(stepsToShrink(NaN), Infinity);
    assert.equal(stepsToShrink(0), 0);
  });

  it('rejects a bad curvature range, axis or threshold', () => {
    assert.throws(() => buildStabilityMap({ lambdaMin: 0, lambdaMax: 1 }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 2, lambdaMax: 1 }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: Infinity }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: NaN, lambdaMax: 1 }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, lr: { min: 0, max: 1, count: 10 } }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, lr: { min: 1, max: 0.1, count: 10 } }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, lr: { min: 0.1, max: 1, count: 1 } }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, momentum: { min: 0, max: 1, count: 10 } }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, momentum: { min: -0.5, max: 0.9, count: 10 } }), RangeError);
    assert.throws(() => buildStabilityMap({ lambdaMin: 1, lambdaMax: 2, fastFactor: 0.5 }), RangeError);
  });

  it('a single curvature (lambdaMin = lambdaMax) has its best rate 0 at lr = 1/lambda, momentum 0', () => {
    const one = buildStabilityMap({ lambdaMin: 4, lambdaMax: 4 });
    assert.equal(one.best.rate, 0);
    assert.equal(one.best.lr, 0.25);
    assert.equal(locate(one, 0.25, 0).rate, 0);
    assert.equal(locate(one, 0.25, 0).kind, CELL_FAST);
  });
});
