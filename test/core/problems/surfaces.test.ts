import * as assert from 'node:assert/strict';
import { createProblem } from '../../../src/core/problems';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { assertClose } from './fixtures';

function at(spec: ProblemSpec, x: number, y: number): { f: number; g: Float64Array } {
  const p = createProblem(spec);
  const g = new Float64Array(2);
  return { f: p.lossAndGrad(Float64Array.of(x, y), g, 1), g };
}

describe('2-D surfaces', () => {
  const minima: [ProblemSpec, number, number][] = [
    [{ name: 'beale' }, 3, 0.5],
    [{ name: 'himmelblau' }, 3, 2],
    [{ name: 'rastrigin' }, 0, 0],
    [{ name: 'saddle' }, 0, 1],
    [{ name: 'saddle' }, 0, -1],
  ];
  for (const [spec, x, y] of minima) {
    it(`${spec.name} has loss 0 and zero gradient at (${x}, ${y})`, () => {
      const p = createProblem(spec);
      assert.equal(p.minimumLoss, 0);
      const { f, g } = at(spec, x, y);
      assert.equal(f, 0);
      assert.ok(g[0] === 0 && Math.abs(g[1]) < 1e-15, String(g));
      assert.ok(p.loss(p.start) > 0);
    });
  }

  it('himmelblau has its other three minima at the published points', () => {
    for (const [x, y] of [[-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]]) {
      const { f, g } = at({ name: 'himmelblau' }, x, y);
      assert.ok(f < 1e-9, `f(${x}, ${y}) = ${f}`);
      assert.ok(Math.hypot(g[0], g[1]) < 1e-4);
    }
  });

  it('beale and himmelblau take their textbook values', () => {
    // Beale at (0, 0): 1.5^2 + 2.25^2 + 2.625^2; Himmelblau at (0, 0): 121 + 49.
    assertClose(at({ name: 'beale' }, 0, 0).f, 2.25 + 5.0625 + 6.890625);
    assert.equal(at({ name: 'himmelblau' }, 0, 0).f, 170);
  });

  it('rastrigin is 2A + sum(x^2 - A cos 2 pi x), with local minima near the integer points', () => {
    assertClose(at({ name: 'rastrigin' }, 0.5, 0.5).f, 20 + 2 * (0.25 + 10));
    assertClose(at({ name: 'rastrigin', a: 3 }, 1, 0).f, 6 + 1 - 3 - 3);
    // Near (1, 0): f'(x) = 2x + 20 pi sin(2 pi x) has a zero just inside x = 1.
    const { g } = at({ name: 'rastrigin' }, 0.99496, 0);
    assert.ok(Math.abs(g[0]) < 1e-2);
  });

  it('the saddle is 1 + x^2 - 2 y^2 to second order at the origin, with zero gradient there', () => {
    const { f, g } = at({ name: 'saddle' }, 0, 0);
    assert.equal(f, 1);
    assert.deepEqual(Array.from(g), [0, -0]);
    // Second differences: +2 along x, -4 along y.
    const h = 1e-4;
    const fx = (at({ name: 'saddle' }, h, 0).f - 2 + at({ name: 'saddle' }, -h, 0).f) / (h * h);
    const fy = (at({ name: 'saddle' }, 0, h).f - 2 + at({ name: 'saddle' }, 0, -h).f) / (h * h);
    assertClose(fx, 2, 1e-6);
    assertClose(fy, -4, 1e-6);
  });

  it('a given start moves the plot box to include it', () => {
    const p = createProblem({ name: 'beale', start: [6, -7] });
    const b = p.plotBounds;
    assert.ok(b && b.xMax >= 6 && b.yMin <= -7);
  });
});
