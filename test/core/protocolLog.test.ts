import * as assert from 'node:assert/strict';
import {
  LOG_LIMITS, logSeriesOf, PROTOCOL_VERSION, validateHostMessage, validateWebviewMessage, validateWebviewState,
  type WireLogRun,
} from '../../src/core/protocol';

/** A snapshot as the log watcher sends it: two of three tags shown, one NaN in the loss. */
function logRun(): WireLogRun {
  return {
    id: 'runs/exp1',
    label: 'exp1',
    path: 'runs/exp1',
    format: 'tfevents',
    tags: ['train/loss', 'lr', 'grad_norm'],
    shownTags: ['train/loss', 'lr'],
    series: {
      'train/loss': { step: [0, 10, 20, 30], value: [2.3, 1.1, null, 0.7], nonFinite: [{ step: 20, kind: 'nan' }], exact: true, points: 4 },
      lr: { step: [0, 10, 20, 30], value: [0.1, 0.1, 0.05, 0.05], nonFinite: [], exact: true, points: 4 },
    },
    lastStep: 30,
    version: 7,
    health: 'warning',
    warnings: ['events.out.tfevents.1: bad CRC at byte 1234, record skipped'],
    watching: true,
  };
}

function overTheWire<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v));
}

function rejection(message: unknown): string {
  const checked = validateHostMessage(message);
  assert.equal(checked.ok, false, 'the message was accepted');
  return checked.ok ? '' : checked.error;
}

describe('webview protocol: watched training logs', () => {
  it('accepts a snapshot after a trip through JSON, unchanged', () => {
    const checked = validateHostMessage(overTheWire({ type: 'logRun', run: logRun() }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(checked.value, { type: 'logRun', run: logRun() });
  });

  it('accepts a run with no point yet and a shown tag whose series has not arrived', () => {
    const run = { ...logRun(), series: {}, lastStep: null, version: 0, tags: ['loss'], shownTags: ['loss'], warnings: [], health: 'ok' };
    assert.ok(validateHostMessage({ type: 'logRun', run }).ok);
  });

  it('accepts tags that are names of Object.prototype members, and never reads inherited ones', () => {
    const run = logRun();
    run.tags = ['__proto__', 'constructor', 'toString'];
    run.shownTags = ['__proto__', 'constructor'];
    run.series = JSON.parse('{"__proto__": {"step": [1], "value": [2], "nonFinite": [], "exact": true, "points": 1}}');
    const checked = validateHostMessage(overTheWire({ type: 'logRun', run }));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const parsed = (checked.value as { run: WireLogRun }).run;
    assert.deepEqual(logSeriesOf(parsed, '__proto__')?.value, [2]);
    assert.equal(logSeriesOf(parsed, 'constructor'), undefined);
    assert.equal(logSeriesOf(parsed, 'toString'), undefined);
  });

  describe('rejects malformed snapshots with the reason', () => {
    const cases: [string, (run: Record<string, unknown> & WireLogRun) => void, RegExp][] = [
      ['a missing id', (r) => { delete (r as Partial<WireLogRun>).id; }, /run\.id must be a string/],
      ['an unknown health', (r) => { (r as { health: string }).health = 'great'; }, /health must be one of ok, warning, error/],
      ['a version that is not an integer', (r) => { r.version = 1.5; }, /version must be a non-negative integer/],
      ['a negative version', (r) => { r.version = -1; }, /version must be a non-negative integer/],
      ['a non-finite last step', (r) => { (r as Record<string, unknown>).lastStep = 'NaN'; }, /lastStep must be a finite number/],
      ['watching that is not a boolean', (r) => { (r as Record<string, unknown>).watching = 1; }, /watching must be a boolean/],
      ['an empty tag', (r) => { r.tags.push(''); }, /tags\[3\] must be a tag name/],
      ['an over-long tag', (r) => { r.tags.push('x'.repeat(LOG_LIMITS.tagLength + 1)); }, /tags\[3\] must be a tag name of 1 to 512/],
      ['a tag listed twice', (r) => { r.tags.push('lr'); }, /tags lists "lr" twice/],
      ['too many tags', (r) => { r.tags = Array.from({ length: LOG_LIMITS.tags + 1 }, (_, i) => `t${i}`); }, /more than 10000 tags/],
      ['too many shown tags', (r) => {
        r.tags = Array.from({ length: 70 }, (_, i) => `t${i}`);
        r.shownTags = r.tags.slice(0, 65);
        r.series = {};
      }, /shownTags has more than 64 tags/],
      ['a shown tag the run does not have', (r) => { r.shownTags.push('accuracy'); }, /"accuracy", which is not one of the run's tags/],
      ['a series for a tag that is not shown', (r) => {
        r.series.grad_norm = { step: [], value: [], nonFinite: [], exact: true, points: 0 };
      }, /series has "grad_norm", which is not a shown tag/],
      ['step and value columns of different lengths', (r) => { r.series.lr.value.pop(); }, /series\["lr"\]\.value must have 4 entries, not 3/],
      ['a null step', (r) => { (r.series.lr.step as unknown[])[1] = null; }, /series\["lr"\]\.step\[1\] must be a finite number/],
      ['a string value', (r) => { (r.series.lr.value as unknown[])[0] = '0.1'; }, /value\[0\] must be a finite number or null/],
      ['an unknown non-finite kind', (r) => { (r.series['train/loss'].nonFinite[0] as { kind: string }).kind = 'inf'; }, /nonFinite\[0\]\.kind must be one of nan/],
      ['too many non-finite markers', (r) => {
        r.series.lr.nonFinite = Array.from({ length: LOG_LIMITS.nonFinite + 1 }, () => ({ step: 1, kind: 'nan' as const }));
      }, /nonFinite has more than 1000 entries/],
      ['a series longer than a chart could use', (r) => {
        const n = LOG_LIMITS.seriesPoints + 1;
        r.series.lr = { step: new Array(n).fill(1), value: new Array(n).fill(1), nonFinite: [], exact: false, points: n };
      }, /step has more than 100000 points/],
      ['too many points in all', (r) => {
        const n = LOG_LIMITS.seriesPoints;
        r.tags = Array.from({ length: 11 }, (_, i) => `t${i}`);
        r.shownTags = r.tags;
        r.series = Object.fromEntries(r.tags.map((tag) => [tag, { step: new Array(n).fill(1), value: new Array(n).fill(null), nonFinite: [], exact: false, points: n }]));
      }, /series holds more than 1000000 points/],
      ['series that is an array', (r) => { (r as Record<string, unknown>).series = []; }, /series must be an object/],
      ['too many warnings', (r) => { r.warnings = new Array(LOG_LIMITS.warnings + 1).fill('w'); }, /warnings has more than 100/],
      ['an over-long warning', (r) => { r.warnings = ['w'.repeat(LOG_LIMITS.warningLength + 1)]; }, /warnings\[0\] must be a string of at most 2000/],
      ['an over-long path', (r) => { r.path = 'p'.repeat(LOG_LIMITS.pathLength + 1); }, /path must be a string of at most 4096/],
    ];
    for (const [what, mutate, error] of cases) {
      it(what, () => {
        const run = overTheWire(logRun()) as Record<string, unknown> & WireLogRun;
        mutate(run);
        assert.match(rejection({ type: 'logRun', run }), error);
      });
    }
    it('a message without a run', () => {
      assert.match(rejection({ type: 'logRun' }), /message\.run must be an object/);
    });
  });

  it('validates "no longer watched"', () => {
    assert.ok(validateHostMessage({ type: 'logUnwatched', runId: 'runs/exp1' }).ok);
    assert.match(rejection({ type: 'logUnwatched', runId: 5 }), /runId must be a string/);
  });

  describe('the host\'s smoothed line of a series', () => {
    const withLine = (smoothed: unknown) => {
      const run = logRun() as unknown as { series: Record<string, Record<string, unknown>> };
      run.series['train/loss'].smoothed = smoothed;
      return { type: 'logRun', run };
    };
    it('accepts a line of finite points in step order, with its weight', () => {
      const checked = validateHostMessage(overTheWire(withLine({ weight: 0.6, step: [0, 10, 30], value: [2.3, 1.7, 1.2] })));
      assert.ok(checked.ok, checked.ok ? '' : checked.error);
    });
    const bad: [string, unknown, RegExp][] = [
      ['a weight of 1', { weight: 1, step: [], value: [] }, /weight must be a number in \[0, 0.999\]/],
      ['a missing weight', { step: [], value: [] }, /weight must be a number/],
      ['steps out of order', { weight: 0.6, step: [10, 0], value: [1, 2] }, /step must be ascending/],
      ['a null value', { weight: 0.6, step: [0], value: [null] }, /value\[0\] must be a finite number/],
      ['fewer values than steps', { weight: 0.6, step: [0, 1], value: [1] }, /value must have 2 entries/],
      ['values that are not an array', { weight: 0.6, step: [0], value: 'x' }, /value must have 1 entries/],
      ['too many points', { weight: 0.6, step: Array.from({ length: LOG_LIMITS.seriesPoints + 1 }, (_, i) => i), value: [] }, /more than 100000 points/],
      ['a line that is not an object', [1, 2], /smoothed must be an object/],
    ];
    for (const [what, line, error] of bad) {
      it(`rejects ${what}`, () => assert.match(rejection(withLine(line)), error));
    }
  });

  describe('messages from the webview', () => {
    it('passes on the tags to show, as a copy without extra fields', () => {
      const tags = ['train/loss', 'lr'];
      const checked = validateWebviewMessage({ type: 'showTags', runId: 'r', tags, extra: 'dropped' });
      assert.deepEqual(checked, { ok: true, value: { type: 'showTags', runId: 'r', tags: ['train/loss', 'lr'] } });
      if (checked.ok && checked.value.type === 'showTags') assert.notEqual(checked.value.tags, tags);
    });

    it('passes on the smoothing weight the host should smooth with', () => {
      assert.deepEqual(validateWebviewMessage({ type: 'showTags', runId: 'r', tags: [], smoothing: 0.9 }),
        { ok: true, value: { type: 'showTags', runId: 'r', tags: [], smoothing: 0.9 } });
      for (const smoothing of [-0.1, 1, 0.9991, NaN, '0.6', null, Infinity]) {
        const checked = validateWebviewMessage({ type: 'showTags', runId: 'r', tags: [], smoothing });
        assert.equal(checked.ok, false, `smoothing ${String(smoothing)}`);
        if (!checked.ok) assert.match(checked.error, /smoothing must be a number in \[0, 0.999\]/);
      }
    });

    it('passes on a smoothing weight alone (setLogSmoothing), which names no run, and rejects a bad one', () => {
      assert.deepEqual(validateWebviewMessage({ type: 'setLogSmoothing', smoothing: 0.8, runId: 'dropped' }),
        { ok: true, value: { type: 'setLogSmoothing', smoothing: 0.8 } });
      assert.deepEqual(validateWebviewMessage({ type: 'setLogSmoothing', smoothing: 0 }), { ok: true, value: { type: 'setLogSmoothing', smoothing: 0 } });
      for (const smoothing of [undefined, -0.1, 1, NaN, '0.6', null, Infinity, {}]) {
        const checked = validateWebviewMessage({ type: 'setLogSmoothing', smoothing });
        assert.equal(checked.ok, false, `smoothing ${String(smoothing)}`);
        if (!checked.ok) assert.match(checked.error, /smoothing must be a number in \[0, 0.999\]/);
      }
    });

    it('accepts an empty tag list (the user unticked everything)', () => {
      assert.ok(validateWebviewMessage({ type: 'showTags', runId: 'r', tags: [] }).ok);
    });

    const bad: [string, unknown, RegExp][] = [
      ['tags that are not an array', { type: 'showTags', runId: 'r', tags: 'loss' }, /tags must be an array/],
      ['a tag that is not a string', { type: 'showTags', runId: 'r', tags: [1] }, /tags\[0\] must be a tag name/],
      ['more than 64 tags', { type: 'showTags', runId: 'r', tags: Array.from({ length: 65 }, (_, i) => `t${i}`) }, /more than 64 tags/],
      ['an over-long tag', { type: 'showTags', runId: 'r', tags: ['x'.repeat(513)] }, /tags\[0\] must be a tag name/],
      ['a duplicated tag', { type: 'showTags', runId: 'r', tags: ['a', 'a'] }, /lists "a" twice/],
      ['an over-long run id', { type: 'showTags', runId: 'r'.repeat(1001), tags: [] }, /runId must be a string of at most 1000/],
      ['a render ack without a version', { type: 'logRendered', runId: 'r', lastStep: 3 }, /version must be a non-negative integer/],
      ['a render ack with a NaN last step', { type: 'logRendered', runId: 'r', version: 1, lastStep: NaN }, /lastStep must be a finite number/],
    ];
    for (const [what, message, error] of bad) {
      it(`rejects ${what}`, () => {
        const checked = validateWebviewMessage(message);
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.match(checked.error, error);
      });
    }

    it('passes on the render ack', () => {
      assert.deepEqual(validateWebviewMessage({ type: 'logRendered', runId: 'r', version: 9, lastStep: null, x: 1 }),
        { ok: true, value: { type: 'logRendered', runId: 'r', version: 9, lastStep: null } });
    });
  });

  describe('saved state', () => {
    const log = { runId: 'runs/exp1', label: 'exp1', path: 'runs/exp1', shownTags: ['train/loss'], linearTags: [] };

    it('keeps the watched log and the section in front', () => {
      const state = { version: PROTOCOL_VERSION, comparison: null, logScale: true, view: 'log', log };
      assert.ok(validateWebviewState(overTheWire(state)).ok);
    });

    it('still restores a state saved before training logs existed', () => {
      assert.ok(validateWebviewState({ version: PROTOCOL_VERSION, comparison: null, logScale: true }).ok);
    });

    it('rejects an unknown section or a malformed log entry', () => {
      const base = { version: PROTOCOL_VERSION, comparison: null, logScale: true };
      const view = validateWebviewState({ ...base, view: 'logs' });
      assert.ok(!view.ok && /state\.view must be one of comparison, log/.test(view.error));
      const tags = validateWebviewState({ ...base, log: { ...log, shownTags: [7] } });
      assert.ok(!tags.ok && /state\.log\.shownTags\[0\] must be a tag name/.test(tags.error));
      const missing = validateWebviewState({ ...base, log: { runId: 'x' } });
      assert.ok(!missing.ok && /state\.log\.label must be a string/.test(missing.error));
    });
  });
});
