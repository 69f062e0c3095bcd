/**
 * The targets on the labelled corpus (test/corpus/diagnose; a fixed deterministic fifth of it, the
 * benchmark runs all of it): precision and recall >= 0.95 per kind, >= 99% of healthy runs without any finding,
 * divergence before the first NaN in >= 90% of diverging runs that reach one, and the top fix making >= 95% of
 * the embedded diverging/oscillating/stalled runs healthy when re-run. Also checks the corpus itself (its
 * theory agrees with the trainer, its labels are deterministic) and the scoring (against scripted diagnosers).
 */
import * as assert from 'node:assert/strict';
import { createDiagnoser } from '../../../src/core/diagnose';
import { FINDING_KINDS, type Diagnoser, type Finding, type FindingKind } from '../../../src/core/diagnose/types';
import { runSpecs } from '../../../src/core/train/simulate';
import { buildCorpus } from '../../corpus/diagnose/corpus';
import { evaluateCorpus, type Evaluation } from '../../corpus/diagnose/evaluate';
import { healthyCurves } from '../../corpus/diagnose/healthyCurves';
import { quadraticCases } from '../../corpus/diagnose/quadraticRuns';
import { theoreticalTrajectory } from '../../corpus/diagnose/quadraticTheory';
import { formatEvaluation } from '../../corpus/diagnose/report';
import type { Corpus, LabelledRun } from '../../corpus/diagnose/types';

const SHARE = 0.2;

/**
 * Issue 5's targets the engine does not meet yet. For these the test holds the line at what is measured on
 * this fifth (so a regression fails) and says the target in its title; bench/diagnoseCorpus.ts prints the whole
 * corpus against the real targets. Remove an entry when its target is met.
 *
 * Met since session 11 (p-mlp), entry removed: top-fix efficacy, 91/93 here (the full corpus 478/495 = 96.6%),
 * once the MLP family measures optimizer stalls only (spirals dropped: no ordinary setting learns them;
 * test/corpus/diagnose/README.md).
 * Met since session 12 (p-quality), entry removed: overfitting recall, 27/28 here (was 25/28; the full corpus
 * 141/144 = 97.9%), once the evaluation noise is taken from second differences (a sparse rising curve's trend is
 * not noise). Top-fix efficacy here 91/91 (the full corpus 490/495 = 99.0%).
 */
const NOT_YET_MET: { recall: Partial<Record<FindingKind, number>> } = {
  recall: {},
};

/** A diagnoser that raises the given kinds once the given steps have been fed (the scoring's reference). */
function scripted(plan: { kind: FindingKind; step: number }[]): Diagnoser {
  const findings: Finding[] = [];
  let pending = [...plan];
  let fresh: Finding[] = [];
  return {
    setRole: () => undefined,
    add(metric, step) {
      for (const p of pending.filter((q) => step >= q.step)) {
        const f: Finding = { kind: p.kind, metric, severity: 'warning', step_start: p.step, step_end: step, message: '', evidence: {}, fixes: [] };
        findings.push(f);
        fresh.push(f);
      }
      pending = pending.filter((q) => step < q.step);
    },
    drain() {
      const out = fresh;
      fresh = [];
      return out;
    },
    end: () => findings,
    get findings() {
      return findings;
    },
  };
}

function summary(e: Evaluation): string {
  return `\n${formatEvaluation(e, 8).join('\n')}`;
}

describe('diagnosis corpus: the corpus itself', () => {
  it('labels the quadratic grid from theory that matches the real trainer (loss to 1e-6 relative)', () => {
    const cases = quadraticCases().filter((_, i) => i % 37 === 0);
    assert.ok(cases.length >= 20);
    for (const { setting, spec } of cases) {
      const [{ trace }] = runSpecs([spec]);
      const { loss } = theoreticalTrajectory(setting);
      for (let k = 0; k <= trace.stepsRun; k++) {
        const scale = Math.max(Math.abs(loss[k]), 1e-300);
        assert.ok(Math.abs(trace.loss[k] - loss[k]) <= 1e-6 * scale + 1e-12 * loss[0], `${spec.id} step ${k}: trainer ${trace.loss[k]}, theory ${loss[k]}`);
      }
    }
  });

  it('generates the same curves every time (seeded)', () => {
    const a = healthyCurves();
    const b = healthyCurves();
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i += 17) {
      assert.equal(a[i].id, b[i].id);
      assert.deepEqual(Array.from(a[i].series[0].values), Array.from(b[i].series[0].values));
    }
  });
});

describe('diagnosis corpus: scoring', () => {
  const run = (id: string, expected: { kind: FindingKind; onset: number }[], tolerated: FindingKind[] = []): LabelledRun => ({
    id, family: 'decay', context: {}, expected, tolerated, why: 'test',
    series: [{ metric: 'loss', steps: Float64Array.from([0, 1, 2, 3, 4, 5]), values: Float64Array.from([5, 4, 3, 2, 1, 1]) }],
  });

  it('counts hits, misses, false alarms and tolerated kinds per the semantics, with delays from the onset', () => {
    const runs = [run('stall', [{ kind: 'stall', onset: 1 }]), run('healthy', []), run('div', [{ kind: 'divergence', onset: 2 }], ['oscillation'])];
    const plans: Record<string, { kind: FindingKind; step: number }[]> = {
      stall: [{ kind: 'stall', step: 4 }],
      healthy: [{ kind: 'spike', step: 3 }],
      div: [{ kind: 'oscillation', step: 2 }],
    };
    let i = 0;
    const e = evaluateCorpus(runs, () => scripted(plans[runs[i++].id]));
    const kind = (k: FindingKind) => e.kinds.find((s) => s.kind === k);
    assert.deepEqual(kind('stall')?.delays, [3], 'drained after the step-4 point, onset 1');
    assert.equal(kind('stall')?.precision, 1);
    assert.equal(kind('stall')?.recall, 1);
    assert.equal(kind('spike')?.precision, 0, 'a spike on a healthy run is a false alarm');
    assert.equal(kind('divergence')?.recall, 0);
    assert.equal(kind('oscillation')?.found, 0, 'a tolerated kind is neither a hit nor a false alarm');
    assert.deepEqual(e.healthy.falseAlarms, [{ id: 'healthy', kinds: ['spike'] }]);
    assert.deepEqual(e.misclassified.map((m) => m.id), ['healthy', 'div']);
  });
});

describe('diagnosis corpus: the issue 5 targets (fixed fifth of the corpus)', function () {
  this.timeout(600_000);
  let corpus: Corpus;
  let evaluation: Evaluation;

  before(function () {
    this.timeout(600_000);
    corpus = buildCorpus({ share: SHARE, mlpShare: SHARE / 2 });
    evaluation = evaluateCorpus(corpus.runs, (context) => createDiagnoser(context), { fixes: true });
  });

  it('has enough labelled runs of every kind and healthy runs in the subset', () => {
    for (const k of evaluation.kinds) assert.ok(k.expected >= 15, `${k.kind}: ${k.expected} runs`);
    assert.ok(evaluation.healthy.runs >= 60, `${evaluation.healthy.runs} healthy runs`);
  });

  for (const kind of FINDING_KINDS) {
    const recallFloor = NOT_YET_MET.recall[kind];
    const title = recallFloor === undefined ? 'precision and recall >= 0.95'
      : `precision >= 0.95, recall >= ${recallFloor} (the target 0.95 is not met yet)`;
    it(`${kind}: ${title}`, () => {
      const k = evaluation.kinds.find((s) => s.kind === kind);
      assert.ok(k);
      assert.ok(k.recall >= (recallFloor ?? 0.95), `${kind} recall ${k.hits}/${k.expected}${summary(evaluation)}`);
      assert.ok(k.precision >= 0.95, `${kind} precision ${k.hits}/${k.found}${summary(evaluation)}`);
    });
  }

  it('raises no finding at all on >= 99% of healthy runs', () => {
    assert.ok(evaluation.healthy.cleanRate >= 0.99, `${evaluation.healthy.falseAlarms.length} of ${evaluation.healthy.runs} healthy runs raised findings${summary(evaluation)}`);
  });

  it('flags divergence before the first NaN (or the trainer\'s blow-up row) in >= 90% of diverging runs', () => {
    const d = evaluation.divergenceBeforeNan;
    assert.ok(d.runs > 0);
    assert.ok(d.rate >= 0.9, `${d.before}/${d.runs}${summary(evaluation)}`);
  });

  it('makes >= 95% of embedded diverging/oscillating/stalled runs healthy with the top fix, re-run', () => {
    const f = evaluation.fixes;
    assert.ok(f && f.trials.length > 0);
    assert.ok(f.rate >= 0.95, `${f.both}/${f.trials.length}${summary(evaluation)}`);
  });
});
