import * as assert from 'node:assert/strict';
import { locate } from '../../src/core/chart/stabilityMap';
import { maxStableLr } from '../../src/core/diagnose/stability';
import { validateWebviewMessage } from '../../src/core/protocol';
import { cellAt, cellRect, fixTarget, mapModel, movedCell, runAtCell, settingPoint } from '../../src/webview/stability/mapModel';
import { divergenceWithFixTrial, illConditionedQuadratic, rosenbrockWithDivergence } from './fixtures';

describe('stability map view model', () => {
  it('maps the ill-conditioned quadratic over its curvature range, placing the momentum-SGD runs and leaving Adam/RMSprop off', () => {
    const model = mapModel(illConditionedQuadratic());
    assert.equal(model.kind, 'map');
    if (model.kind !== 'map') return;
    assert.equal(model.map.lambdaMax, 100);
    assert.ok(Math.abs(model.map.lambdaMin - 1) < 1e-9, String(model.map.lambdaMin));
    assert.deepEqual(model.runs.map((r) => r.label), ['SGD lr=0.012', 'SGD momentum=0.9 lr=0.012']);
    assert.ok(model.offMap.some((t) => t.startsWith('Adam')));
    assert.ok(model.offMap.some((t) => t.includes('Nesterov')));
  });

  it('switches to the Nesterov map on request: the Nesterov run is placed, the heavy-ball one listed off it, plain SGD on both', () => {
    const model = mapModel(illConditionedQuadratic(), true);
    if (model.kind !== 'map') throw new Error('no map');
    assert.equal(model.map.nesterov, true);
    assert.deepEqual(model.runs.map((r) => r.label), ['SGD lr=0.012', 'SGD momentum=0.9 nesterov lr=0.012']);
    assert.ok(model.offMap.some((t) => t.startsWith('SGD momentum=0.9 lr=0.012 (heavy-ball')));
  });

  it('explains why there is no map for a problem without a known curvature', () => {
    const model = mapModel(rosenbrockWithDivergence());
    assert.equal(model.kind, 'unavailable');
    if (model.kind === 'unavailable') assert.match(model.reason, /not a quadratic/);
  });

  it('draws the arrow of a diverging run to where its lower_lr fix puts it, on the stable side', () => {
    const { comparison } = divergenceWithFixTrial();
    const model = mapModel(comparison);
    assert.equal(model.kind, 'map');
    if (model.kind !== 'map') return;
    const diverging = model.runs.find((r) => r.label === 'SGD lr=0.025');
    assert.ok(diverging?.fix, JSON.stringify(model.runs));
    assert.equal(locate(model.map, diverging.lr, diverging.momentum).kind, 0 /* diverges */);
    assert.ok(diverging.fix.lr < maxStableLr(0, 100), String(diverging.fix.lr));
    assert.ok(locate(model.map, diverging.fix.lr, diverging.fix.momentum).rate < 1);
  });

  it('reads a reduce_momentum fix as a move down the momentum axis', () => {
    const run = { findings: [{ kind: 'oscillation', metric: 'loss', severity: 'warning', step_start: 0, step_end: 9, message: '', evidence: {},
      fixes: [{ action: 'reduce_momentum', parameter: 'momentum', from: 0.99, to: 0.9, text: 'Lower momentum' }] }] } as never;
    assert.deepEqual(fixTarget(run, 0.01, 0.99), { lr: 0.01, momentum: 0.9, text: 'Lower momentum' });
    const beta = { findings: [{ kind: 'oscillation', metric: 'loss', severity: 'warning', step_start: 0, step_end: 9, message: '', evidence: {},
      fixes: [{ action: 'reduce_momentum', parameter: 'beta1', to: 0.5, text: 'Lower beta1' }] }] } as never;
    assert.equal(fixTarget(beta, 0.01, 0.9), null);
  });

  it('turns a pixel into the cell under it and back (momentum grows upwards), and nothing outside', () => {
    const model = mapModel(illConditionedQuadratic());
    if (model.kind !== 'map') throw new Error('no map');
    const { map } = model;
    const cols = map.lr.length;
    const rows = map.momentum.length;
    assert.equal(cellAt(map, 0, 399.9, 640, 400), 0, 'bottom-left is the smallest lr and momentum');
    assert.equal(cellAt(map, 639.9, 0, 640, 400), rows * cols - 1);
    assert.equal(cellAt(map, -1, 10, 640, 400), -1);
    assert.equal(cellAt(map, 10, 400, 640, 400), -1);
    for (const cell of [0, 5, cols + 7, rows * cols - 1, 40 * cols + 77]) {
      const r = cellRect(map, cell, 640, 400);
      assert.equal(cellAt(map, r.x + r.w / 2, r.y + r.h / 2, 640, 400), cell);
    }
    const p = settingPoint(map, model.runs[1].lr, model.runs[1].momentum, 640, 400);
    assert.ok(p.inside);
    const cell = cellAt(map, p.x, p.y, 640, 400);
    const message = runAtCell(map, cell, 123);
    assert.ok(Math.abs(Math.log(message.lr / 0.012)) < Math.log(map.lr[1] / map.lr[0]), String(message.lr));
    assert.ok(Math.abs(message.momentum - 0.9) < 0.02, String(message.momentum));
  });

  it('sends a click as a message the host accepts, for every corner of the map', () => {
    const model = mapModel(illConditionedQuadratic());
    if (model.kind !== 'map') throw new Error('no map');
    const last = model.map.rate.length - 1;
    for (const cell of [0, model.map.lr.length - 1, last - model.map.lr.length + 1, last]) {
      const result = validateWebviewMessage(JSON.parse(JSON.stringify(runAtCell(model.map, cell, 1))));
      assert.equal(result.ok, true, JSON.stringify(result));
    }
  });

  it('moves the keyboard focus one cell per arrow key, clamped at the edges', () => {
    const model = mapModel(illConditionedQuadratic());
    if (model.kind !== 'map') throw new Error('no map');
    const cols = model.map.lr.length;
    assert.equal(movedCell(model.map, 0, 'ArrowLeft'), 0);
    assert.equal(movedCell(model.map, 0, 'ArrowRight'), 1);
    assert.equal(movedCell(model.map, 0, 'ArrowUp'), cols);
    assert.equal(movedCell(model.map, cols, 'ArrowDown'), 0);
    assert.equal(movedCell(model.map, cols + 3, 'End'), 2 * cols - 1);
    assert.equal(movedCell(model.map, 5, 'a'), 5);
  });
});
