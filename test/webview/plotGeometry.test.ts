import * as assert from 'node:assert/strict';
import { fitBounds, niceTicks, plotHeight, sampleGrid } from '../../src/webview/plotGeometry';

const bounds = { xMin: -2, xMax: 2, yMin: -1, yMax: 1, logLevels: false };

describe('webview/plotGeometry', () => {
  it('fits bounds with equal scaling, centred, y growing upwards', () => {
    const t = fitBounds(bounds, { left: 0, top: 0, width: 400, height: 400 });
    assert.deepEqual(t.area, { left: 0, top: 100, width: 400, height: 200 });
    assert.equal(t.x(-2), 0);
    assert.equal(t.x(2), 400);
    assert.equal(t.y(1), 100);
    assert.equal(t.y(-1), 300);
  });

  it('sizes the canvas to the bounds aspect within limits', () => {
    assert.equal(plotHeight(bounds, 440, 40, 100, 1000), 240);
    assert.equal(plotHeight(bounds, 440, 40, 300, 1000), 300);
  });

  it('chooses round ticks', () => {
    assert.deepEqual(niceTicks(-2, 1.8, 4), [-2, -1, 0, 1]);
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(1, 1, 5), []);
  });

  it('samples the loss row by row from the bottom-left corner', () => {
    const grid = sampleGrid((x, y) => x + 10 * y, bounds, 3, 2);
    assert.deepEqual(Array.from(grid), [-12, -10, -8, 8, 10, 12]);
  });
});
