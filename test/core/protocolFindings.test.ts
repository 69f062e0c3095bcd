import * as assert from 'node:assert/strict';
import {
  encodeComparison, FINDING_LIMITS, PROTOCOL_VERSION, validateHostMessage, validateWebviewMessage, validateWebviewState,
  type WireComparison, type WireFixTrial,
} from '../../src/core/protocol';
import type { Finding } from '../../src/core/diagnose/types';
import { runComparison } from '../../src/core/train/compare';

function divergenceFinding(): Finding {
  return {
    kind: 'divergence', metric: 'loss', severity: 'error', step_start: 3, step_end: 9,
    message: 'The loss grew 4.2x per step from step 3 (from 0.12 to 1.1e5).',
    evidence: { growth_per_step: 4.2, best_loss: 0.12, best_step: 3, nan: null, geometric: true, shape: 'geometric' },
    fixes: [
      { action: 'lower_lr', parameter: 'lr', from: 0.1, to: 0.03, text: 'Lower the learning rate 0.1 -> 0.03.' },
      { action: 'switch_optimizer', parameter: 'optimizer', from: 'sgd', to: 'adam', text: 'Switch to Adam at lr 1e-3.', settings: { lr: 0.001 } },
    ],
  };
}

function comparisonWithFindings(): WireComparison {
  const result = runComparison({
    problem: { name: 'ill-conditioned-quadratic' },
    entries: [{ label: 'Too fast', optimizer: { name: 'sgd', lr: 0.5 } }],
    steps: 10,
    tolerance: 1e-4,
  });
  const wire = encodeComparison(result, { finishedAt: 1_700_000_000_000 });
  wire.runs[0].findings = [divergenceFinding()];
  return wire;
}

function trial(): WireFixTrial {
  const comparison = comparisonWithFindings();
  const before = comparison.runs[0];
  return { comparisonFinishedAt: comparison.finishedAt, runIndex: 0, findingIndex: 0, fixIndex: 0, before, after: { ...before, findings: [] },
    proven: true, verdict: 'The re-run has no divergence finding; final loss 1e+5 -> 3e-3.' };
}

function overTheWire<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

type Mutation = (finding: Record<string, unknown>) => void;

describe('protocol: findings, fix trials and "Try this fix"', () => {
  it('carries a run\'s findings through JSON and validation unchanged', () => {
    const comparison = comparisonWithFindings();
    const checked = validateHostMessage(overTheWire({ type: 'comparison', comparison }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(checked.value, { type: 'comparison', comparison });
  });

  describe('rejects malformed or hostile findings', () => {
    const cases: [string, Mutation, RegExp][] = [
      ['an unknown kind', (f) => { f.kind = 'explosion'; }, /findings\[0\]\.kind must be one of nan, divergence/],
      ['an unknown severity', (f) => { f.severity = 'fatal'; }, /severity must be one of error, warning, info/],
      ['a non-finite step', (f) => { f.step_start = null; }, /step_start must be a finite step/],
      ['a range that ends before it starts', (f) => { f.step_end = 1; }, /step_end must not be before step_start/],
      ['a huge message', (f) => { f.message = 'x'.repeat(FINDING_LIMITS.message + 1); }, /message must be a string of at most 2000/],
      ['a long metric', (f) => { f.metric = 'm'.repeat(513); }, /metric must be a string of at most 512/],
      ['evidence holding an object', (f) => { (f.evidence as Record<string, unknown>).nested = { a: 1 }; }, /evidence\.nested must be a finite number, a short string/],
      ['evidence holding an array', (f) => { (f.evidence as Record<string, unknown>).list = [1, 2]; }, /evidence\.list must be/],
      ['too many evidence keys', (f) => { for (let i = 0; i < 65; i++) (f.evidence as Record<string, unknown>)[`k${i}`] = i; }, /evidence has more than 64 keys/],
      ['an evidence key that is too long', (f) => { (f.evidence as Record<string, unknown>)['k'.repeat(65)] = 1; }, /evidence has a key longer than 64/],
      ['an unknown fix action', (f) => { (f.fixes as Record<string, unknown>[])[0].action = 'rm_rf'; }, /fixes\[0\]\.action must be one of lower_lr/],
      ['a fix without text', (f) => { delete (f.fixes as Record<string, unknown>[])[0].text; }, /fixes\[0\]\.text must be a string/],
      ['a fix whose "to" is an object', (f) => { (f.fixes as Record<string, unknown>[])[0].to = { lr: 1 }; }, /fixes\[0\]\.to must be a finite number or a short string/],
      ['settings holding a boolean', (f) => { (f.fixes as Record<string, unknown>[])[1].settings = { lr: true }; }, /settings\.lr must be a finite number or a short string/],
      ['too many fixes', (f) => { f.fixes = Array.from({ length: 17 }, () => divergenceFinding().fixes[0]); }, /fixes has more than 16 entries/],
    ];
    for (const [what, mutate, error] of cases) {
      it(what, () => {
        const message = overTheWire({ type: 'comparison', comparison: comparisonWithFindings() }) as { comparison: { runs: { findings: unknown[] }[] } };
        const finding = message.comparison.runs[0].findings[0] as Record<string, unknown>;
        mutate(finding);
        const checked = validateHostMessage(message);
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.match(checked.error, error);
      });
    }

    it('a finding that is not an object', () => {
      const message = overTheWire({ type: 'comparison', comparison: comparisonWithFindings() }) as { comparison: { runs: { findings: unknown[] }[] } };
      message.comparison.runs[0].findings[0] = ['divergence'];
      const checked = validateHostMessage(message);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.error, /findings\[0\] must be an object/);
    });

    it('more findings than a run may carry', () => {
      const comparison = comparisonWithFindings();
      comparison.runs[0].findings = Array.from({ length: FINDING_LIMITS.findings + 1 }, divergenceFinding);
      const checked = validateHostMessage(overTheWire({ type: 'comparison', comparison }));
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.error, /findings has more than 200 entries/);
    });

    it('findings on a watched log snapshot', () => {
      const run = {
        id: 'r', label: 'run', path: 'logs/run', format: 'csv', tags: ['loss'], shownTags: ['loss'],
        series: { loss: { step: [0, 1], value: [1, 2], nonFinite: [], exact: true, points: 2 } },
        lastStep: 1, version: 1, health: 'error', warnings: [], watching: true, findings: [divergenceFinding()],
      };
      assert.ok(validateHostMessage(overTheWire({ type: 'logRun', run })).ok);
      const bad = overTheWire({ type: 'logRun', run: { ...run, findings: [{ ...divergenceFinding(), kind: '__proto__' }] } });
      const checked = validateHostMessage(bad);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.error, /run\.findings\[0\]\.kind/);
    });
  });

  it('accepts a fix trial and the failure and progress messages', () => {
    const t = trial();
    const checked = validateHostMessage(overTheWire({ type: 'fixTrial', trial: t }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(checked.value, { type: 'fixTrial', trial: t });
    assert.ok(validateHostMessage({ type: 'fixTrialFailed', runIndex: 0, message: 'The run is gone.' }).ok);
    assert.ok(validateHostMessage({ type: 'fixTrialRunning', runIndex: 2, title: 'Re-running with lr 0.03' }).ok);
  });

  it('rejects a fix trial whose indices do not name the finding and fix tried, or whose runs are malformed', () => {
    const cases: [string, (t: Record<string, unknown>) => void, RegExp][] = [
      ['a finding index past the findings', (t) => { t.findingIndex = 1; }, /findingIndex must name one of before\.findings/],
      ['a fix index past the fixes', (t) => { t.fixIndex = 2; }, /fixIndex must name one of the finding's fixes/],
      ['a negative run index', (t) => { t.runIndex = -1; }, /runIndex must be an integer from 0 to 63/],
      ['a fractional fix index', (t) => { t.fixIndex = 0.5; }, /fixIndex must be an integer/],
      ['a string for proven', (t) => { t.proven = 'yes'; }, /proven must be a boolean/],
      ['an "after" run with a short loss column', (t) => { (t.after as { loss: unknown[] }).loss.pop(); }, /after\.loss must have/],
      ['an "after" run with a bad finding', (t) => { (t.after as { findings: unknown[] }).findings = [{ kind: 'nan' }]; }, /after\.findings\[0\]\.metric/],
    ];
    for (const [what, mutate, error] of cases) {
      const message = overTheWire({ type: 'fixTrial', trial: trial() }) as { trial: Record<string, unknown> };
      mutate(message.trial);
      const checked = validateHostMessage(message);
      assert.equal(checked.ok, false, what);
      if (!checked.ok) assert.match(checked.error, error, what);
    }
    assert.equal(validateHostMessage({ type: 'fixTrialFailed', runIndex: 0, message: 'x'.repeat(10_001) }).ok, false);
    assert.equal(validateHostMessage({ type: 'fixTrialFailed', runIndex: 64, message: 'x' }).ok, false);
  });

  it('validates "tryFix" from the webview: whole, non-negative indices within the limits, and nothing else passes', () => {
    const good = { type: 'tryFix', comparisonFinishedAt: 1_700_000_000_000, runIndex: 1, findingIndex: 2, fixIndex: 0 };
    const checked = validateWebviewMessage({ ...good, extra: 'dropped' });
    assert.deepEqual(checked, { ok: true, value: good });
    const hostile: [Record<string, unknown>, RegExp][] = [
      [{ runIndex: -1 }, /runIndex/],
      [{ runIndex: 64 }, /runIndex must be an integer from 0 to 63/],
      [{ findingIndex: 1.5 }, /findingIndex/],
      [{ findingIndex: FINDING_LIMITS.findings }, /findingIndex/],
      [{ fixIndex: '0' }, /fixIndex/],
      [{ fixIndex: Number.NaN }, /fixIndex/],
      [{ fixIndex: 1e300 }, /fixIndex/],
      [{ comparisonFinishedAt: null }, /comparisonFinishedAt must be a finite number/],
      [{ runIndex: undefined }, /runIndex/],
    ];
    for (const [change, error] of hostile) {
      const result = validateWebviewMessage({ ...good, ...change });
      assert.equal(result.ok, false, JSON.stringify(change));
      if (!result.ok) assert.match(result.error, error);
    }
  });

  it('keeps the last fix trial in the saved state, and rejects a corrupt one', () => {
    const t = trial();
    const state = { version: PROTOCOL_VERSION, comparison: comparisonWithFindings(), logScale: true, fixTrial: t };
    const restored = validateWebviewState(overTheWire(state));
    assert.ok(restored.ok, restored.ok ? '' : restored.error);
    assert.deepEqual(restored.value, state);
    assert.ok(validateWebviewState(overTheWire({ ...state, fixTrial: null })).ok);
    const corrupt = overTheWire({ ...state, fixTrial: { ...t, verdict: 42 } });
    assert.equal(validateWebviewState(corrupt).ok, false);
  });
});
