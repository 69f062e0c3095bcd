import * as assert from 'node:assert/strict';
import {
  decodeColumn, encodeColumn, encodeComparison, PROTOCOL_VERSION, validateHostMessage, validateWebviewMessage,
  validateWebviewState, type WireComparison,
} from '../../src/core/protocol';
import { createProblem } from '../../src/core/problems';
import type { ProblemSpec } from '../../src/core/problems/types';
import { runComparison } from '../../src/core/train/compare';

function wireComparison(): WireComparison {
  const spec = { name: 'ill-conditioned-quadratic' } as const;
  const problem = createProblem(spec);
  const result = runComparison({
    problem: spec,
    entries: [
      { label: 'Momentum', optimizer: { name: 'sgd', lr: 0.012, momentum: 0.9 } },
      { label: 'Diverges', optimizer: { name: 'sgd', lr: 1e300 } },
    ],
    steps: 20,
    tolerance: 1e-4,
  });
  return encodeComparison(result, { plotBounds: problem.plotBounds, minimizer: problem.minimizer, finishedAt: 1_700_000_000_000 });
}

/** What arrives on the other side of postMessage / JSON. */
function overTheWire<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v));
}

describe('webview protocol', () => {
  it('encodes non-finite numbers as null and decodes them back to NaN', () => {
    const column = encodeColumn(Float64Array.of(1, NaN, Infinity, -Infinity, -2.5));
    assert.deepEqual(column, [1, null, null, null, -2.5]);
    const back = decodeColumn(column);
    assert.equal(back[0], 1);
    assert.ok(Number.isNaN(back[1]) && Number.isNaN(back[3]));
    assert.equal(back[4], -2.5);
  });

  it('round-trips a comparison through JSON and validation', () => {
    const wire = wireComparison();
    const checked = validateHostMessage(overTheWire({ type: 'comparison', comparison: wire }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(checked.value, { type: 'comparison', comparison: wire });
    const [momentum, diverged] = wire.runs;
    assert.equal(momentum.loss.length, 21);
    assert.equal(momentum.params.length, 42);
    assert.equal(momentum.updateNorm[0], null, 'row 0 has no update');
    assert.equal(diverged.stepsRun, 1);
    assert.equal(diverged.summary.finalLoss, null);
    assert.equal(diverged.loss[1], null);
    assert.deepEqual(wire.minimizer, [0, 0]);
    assert.equal(wire.plotBounds?.logLevels, true);
    assert.equal(momentum.velocityPath?.length, 42, 'a 2-D momentum run carries its buffer');
    assert.equal(momentum.velocityPath?.[0], null, 'row 0 has no buffer');
  });

  describe('rejects malformed host messages', () => {
    const cases: [string, (m: { type: string; comparison: WireComparison }) => unknown, RegExp][] = [
      ['a column of the wrong length', (m) => { m.comparison.runs[0].loss.pop(); return m; }, /runs\[0\]\.loss must have 21 entries, not 20/],
      ['params of the wrong length', (m) => { m.comparison.runs[1].params.push(0); return m; }, /runs\[1\]\.params must have 4 entries/],
      ['a velocity path of the wrong length', (m) => { m.comparison.runs[0].velocityPath?.pop(); return m; }, /runs\[0\]\.velocityPath must have 42 entries/],
      ['a velocity path that is not an array', (m) => { (m.comparison.runs[0] as unknown as Record<string, unknown>).velocityPath = { length: 42 }; return m; }, /velocityPath must be an array/],
      ['a string in the velocity path', (m) => { (m.comparison.runs[0].velocityPath as unknown[])[5] = '1e308'; return m; }, /velocityPath\[5\] must be a finite number or null/],
      ['a velocity path on a run that is not 2-D', (m) => {
        const run = m.comparison.runs[0];
        run.dim = 1;
        run.params = run.params.slice(0, 21);
        run.velocityPath = run.velocityPath?.slice(0, 21);
        return m;
      }, /velocityPath is only sent for 2-D runs/],
      ['a parameter norm of the wrong length', (m) => { m.comparison.runs[0].paramNorm?.pop(); return m; }, /runs\[0\]\.paramNorm must have 21 entries, not 20/],
      ['a parameter norm that is not an array', (m) => { (m.comparison.runs[0] as unknown as Record<string, unknown>).paramNorm = 'x'; return m; }, /paramNorm must be an array/],
      ['a string in the parameter norm', (m) => { (m.comparison.runs[0].paramNorm as unknown[])[2] = '3'; return m; }, /paramNorm\[2\] must be a finite number or null/],
      ['a validation loss of the wrong length', (m) => { m.comparison.runs[0].valLoss = new Array(22).fill(null); return m; }, /runs\[0\]\.valLoss must have 21 entries, not 22/],
      ['an object in the validation loss', (m) => { m.comparison.runs[0].valLoss = new Array(21).fill(null); (m.comparison.runs[0].valLoss as unknown[])[0] = { v: 1 }; return m; }, /valLoss\[0\] must be a finite number or null/],
      ['an infinite validation loss', (m) => { m.comparison.runs[0].valLoss = new Array(21).fill(1e308 * 10); return m; }, /valLoss\[0\] must be a finite number or null/],
      ['a string inside a column', (m) => { (m.comparison.runs[0].gradNorm as unknown[])[3] = '1'; return m; }, /gradNorm\[3\] must be a finite number or null/],
      ['a missing summary field', (m) => { delete (m.comparison.runs[0].summary as Partial<typeof m.comparison.runs[0]['summary']>).diverged; return m; }, /summary\.diverged must be a boolean/],
      ['an unknown optimizer', (m) => { (m.comparison.runs[0].optimizer as { name: string }).name = 'sgdx'; return m; }, /optimizer\.name must be one of sgd, adam/],
      ['an object as a hyperparameter', (m) => { (m.comparison.runs[0].optimizer as Record<string, unknown>).lr = { evil: 1 }; return m; }, /optimizer\.lr must be a finite number, a boolean/],
      ['a huge string in a spec', (m) => { (m.comparison.runs[0].optimizer as Record<string, unknown>).note = 'x'.repeat(201); return m; }, /optimizer\.note must be/],
      ['too many keys in a spec', (m) => { for (let i = 0; i < 40; i++) (m.comparison.runs[0].optimizer as Record<string, unknown>)[`k${i}`] = i; return m; }, /more than 32 keys/],
      ['deeply nested arrays', (m) => { (m.comparison.problem as unknown as Record<string, unknown>).A = [[[1]]]; return m; }, /problem\.A must be/],
      ['an unknown schedule', (m) => { m.comparison.runs[0].schedule = { name: 'sawtooth' } as never; return m; }, /schedule\.name must be one of constant/],
      ['a clip that is not an object', (m) => { (m.comparison.runs[0] as unknown as Record<string, unknown>).clip = 5; return m; }, /clip must be an object/],
      ['a problem name that is not a name', (m) => { (m.comparison.problem as { name: string }).name = '<script>'; return m; }, /problem\.name must be a problem name/],
      ['more than 64 runs', (m) => { m.comparison.runs = new Array(65).fill(m.comparison.runs[0]); return m; }, /more than 64 runs/],
      ['an unknown message type', (m) => ({ ...m, type: 'explode' }), /unknown message type "explode"/],
      ['a non-object', () => 'comparison', /must be an object/],
    ];
    for (const [what, mutate, error] of cases) {
      it(what, () => {
        const message = overTheWire({ type: 'comparison', comparison: wireComparison() }) as { type: string; comparison: WireComparison };
        const checked = validateHostMessage(mutate(message));
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.match(checked.error, error);
      });
    }
  });

  it('carries the parameter norm of every run and the validation loss of dataset problems', () => {
    const wire = wireComparison();
    assert.equal(wire.runs[0].paramNorm?.length, 21);
    assert.equal(wire.runs[0].paramNorm?.[0], 4, 'the default start (-4, 0)');
    assert.equal(wire.runs[0].valLoss, undefined, 'a quadratic has no validation data');
    const spec: ProblemSpec = { name: 'mlp', hidden: [4], n_samples: 40 };
    const mlp = encodeComparison(runComparison({ problem: spec, entries: [{ label: 'Adam', optimizer: { name: 'adam', lr: 0.01 } }], steps: 12, tolerance: 0 }), { finishedAt: 1 });
    const valLoss = mlp.runs[0].valLoss ?? [];
    assert.deepEqual(valLoss.map((v, k) => (v === null ? -1 : k)).filter((k) => k >= 0), [0, 10, 12]);
    const checked = validateHostMessage(overTheWire({ type: 'comparison', comparison: mlp }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
  });

  it('accepts a run saved before the parameter norm and validation loss existed', () => {
    const message = overTheWire({ type: 'comparison', comparison: wireComparison() }) as { comparison: WireComparison };
    for (const run of message.comparison.runs) {
      delete run.paramNorm;
      delete run.valLoss;
    }
    assert.ok(validateHostMessage(message).ok);
  });

  it('carries the new optimizers, schedules, clipping and any problem spec', () => {
    const message = overTheWire({ type: 'comparison', comparison: wireComparison() }) as { type: string; comparison: WireComparison };
    const run = message.comparison.runs[0];
    run.optimizer = { name: 'adam', convention: 'keras', learning_rate: 0.01, beta_1: 0.9, weight_decay: null };
    run.schedule = { name: 'one_cycle', total_steps: 100, anneal_strategy: 'linear', three_phase: true };
    run.clip = { max_norm: 1, norm_type: 2 };
    run.id = 'run-1';
    run.problemTitle = 'MLP on moons';
    message.comparison.problem = { name: 'quadratic', A: [[2, 0], [0, 1]], b: [1, 1], start: [0, 0] };
    const checked = validateHostMessage(message);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    message.comparison.problem = { name: 'mlp', hidden: [16, 16], activation: 'tanh', dataset: 'moons', seed: 3 };
    assert.ok(validateHostMessage(message).ok);
  });

  it('encodes the schedule, clip and id of each run', () => {
    const spec = { name: 'ill-conditioned-quadratic' } as const;
    const result = runComparison({ problem: spec, entries: [{ label: 'SGD', optimizer: { name: 'sgd', lr: 0.01 } }], steps: 3, tolerance: 1e-4 });
    const wire = encodeComparison(result, { finishedAt: 1, runs: [{ schedule: { name: 'linear_warmup', warmup_steps: 2 }, clip: { max_norm: 1 }, id: 'a' }] });
    assert.deepEqual(wire.runs[0].schedule, { name: 'linear_warmup', warmup_steps: 2 });
    assert.deepEqual(wire.runs[0].clip, { max_norm: 1 });
    assert.equal(wire.runs[0].id, 'a');
    assert.ok(validateHostMessage(overTheWire({ type: 'comparison', comparison: wire })).ok);
  });

  it('accepts the other host messages', () => {
    assert.ok(validateHostMessage({ type: 'running', title: 'Rosenbrock' }).ok);
    assert.ok(validateHostMessage({ type: 'runFailed', message: 'boom' }).ok);
    assert.equal(validateHostMessage({ type: 'running', title: 3 }).ok, false);
  });

  it('validates webview messages', () => {
    assert.deepEqual(validateWebviewMessage({ type: 'ready', extra: 1 }), { ok: true, value: { type: 'ready' } });
    assert.ok(validateWebviewMessage({ type: 'runComparison' }).ok);
    assert.ok(validateWebviewMessage({ type: 'rendered', labels: ['SGD'], finishedAt: 5 }).ok);
    assert.equal(validateWebviewMessage({ type: 'rendered', labels: [1], finishedAt: 5 }).ok, false);
    assert.equal(validateWebviewMessage({ type: 'rendered', labels: ['SGD'], finishedAt: NaN }).ok, false);
    assert.equal(validateWebviewMessage({ type: 'webviewError', message: 'x'.repeat(10_001) }).ok, false);
    const unknown = validateWebviewMessage({ type: 'deleteEverything' });
    assert.equal(unknown.ok, false);
    assert.equal(validateWebviewMessage(null).ok, false);
  });

  it('validates the saved webview state', () => {
    assert.ok(validateWebviewState(overTheWire({ version: PROTOCOL_VERSION, comparison: wireComparison(), logScale: true })).ok);
    assert.ok(validateWebviewState({ version: PROTOCOL_VERSION, comparison: null, logScale: false }).ok);
    assert.equal(validateWebviewState({ version: PROTOCOL_VERSION + 1, comparison: null, logScale: false }).ok, false);
    assert.equal(validateWebviewState({ version: PROTOCOL_VERSION, comparison: null }).ok, false);
  });

  it('loads a state saved with only the loss, velocity and lr charts, and keeps choices for the new charts', () => {
    const old = overTheWire({ version: PROTOCOL_VERSION, comparison: wireComparison(), logScale: true,
      chartLog: { loss: false, velocity: true, lr: false }, tableCharts: ['velocity'] }) as { comparison: WireComparison };
    for (const run of old.comparison.runs) delete run.paramNorm;
    assert.ok(validateWebviewState(old).ok);
    const now = { version: PROTOCOL_VERSION, comparison: null, logScale: true,
      chartLog: { validation: false, gradNorm: true, updateRatio: true }, tableCharts: ['gradNorm', 'updateRatio', 'validation'] };
    assert.ok(validateWebviewState(now).ok);
    const bad = validateWebviewState({ ...now, chartLog: { gradnorm: true } });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error, /unknown chart "gradnorm"/);
  });
});
