import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultHyperparameters, parseClipSpec, parseScheduleSpec, validKeys } from '../../../src/core/optim';
import { CONVENTIONS, OPTIMIZER_NAMES, SCHEDULE_NAMES } from '../../../src/core/optim/types';
import { parseProblemSpec, PROBLEM_NAMES } from '../../../src/core/problems';
import { SpecError } from '../../../src/core/specError';
import { MAX_SPEC_RUNS, parseRunSpecs } from '../../../src/core/train/spec';
import { simulateRuns } from '../../../src/core/train/simulate';
import { parseSpecText, SpecTextError } from '../../../src/core/train/specText';
import { validateAgainst } from './jsonSchemaSubset';

// Compiled to out/test/core/train/, so the repository root is four levels up.
const root = join(__dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'optlens-spec.schema.json'), 'utf8'));
const specsDir = join(root, 'sample-workspace', 'specs');
const sampleFiles = readdirSync(specsDir).filter((f) => f.endsWith('.optlens.json'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schema nodes are read as loosely typed JSON
type Schema = Record<string, any>;

/** The `then` branch of a definition's allOf whose `if` selects `name` (and `convention`). */
function branch(definition: string, name: string, convention?: string): Schema {
  const found = (schema.definitions[definition].allOf as Schema[]).find((b) => {
    const props = b.if.properties;
    return props.name.const === name && (convention === undefined || props.convention.const === convention);
  });
  assert.ok(found, `schema has no ${definition} branch for ${name} ${convention ?? ''}`);
  return found.then;
}

function specErrorOf(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  assert.fail('expected a SpecError');
}

/** The keys a parser accepts, read from its "unknown key" message (which lists the valid ones). */
function acceptedKeys(parse: () => unknown): string[] {
  const message = specErrorOf(parse).message;
  if (/valid keys are \(none\)/.test(message)) return [];
  const list = /(?:takes(?: one of)?|valid keys are) ([^;(]*?)(?: \(|\.$)/.exec(message);
  assert.ok(list, `cannot read the valid keys from: ${message}`);
  return list[1].split(',').map((k) => k.trim()).filter((k) => k !== '' && k !== 'name');
}

const adam = { name: 'adam', lr: 0.01 };
const rosenbrock = { name: 'rosenbrock' };

describe('run specs', () => {
  describe('parseRunSpecs', () => {
    it('accepts one run or a list, defaults ids to run-1, run-2, ... and keeps the order', () => {
      const one = parseRunSpecs({ steps: 10, problem: rosenbrock, optimizer: adam });
      assert.equal(one.length, 1);
      assert.equal(one[0].id, 'run-1');
      const list = parseRunSpecs([
        { steps: 10, problem: rosenbrock, optimizer: adam },
        { id: 'mine', steps: 5, problem: rosenbrock, optimizer: { name: 'sgd', convention: 'keras', learning_rate: 0.01, momentum: 0.9 },
          schedule: { name: 'linear_warmup', warmup_steps: 3 }, clip: { clipnorm: 1 } },
      ]);
      assert.deepEqual(list.map((r) => r.id), ['run-1', 'mine']);
      assert.deepEqual(list[1].schedule, { name: 'linear_warmup', warmup_steps: 3 });
      assert.deepEqual(list[1].clip, { clipnorm: 1 });
      assert.equal(list[1].optimizer.convention, 'keras');
    });

    it("gives the run's seed to a problem that has none", () => {
      const [a, b] = parseRunSpecs([
        { steps: 1, seed: 7, problem: { name: 'rosenbrock', noise: 0.1 }, optimizer: adam },
        { steps: 1, seed: 7, problem: { name: 'rosenbrock', noise: 0.1, seed: 3 }, optimizer: adam },
      ]);
      assert.equal((a.problem as { seed?: number }).seed, 7);
      assert.equal((b.problem as { seed?: number }).seed, 3);
    });

    const bad: [string, unknown, string, RegExp][] = [
      ['an unknown run key', [{ steps: 1, problem: rosenbrock, optimizer: adam }, { steps: 1, problem: rosenbrock, optimizer: adam, lr: 1 }], '[1].lr', /unknown key "lr"/],
      ['a missing steps', { problem: rosenbrock, optimizer: adam }, 'steps', /"steps" is required/],
      ['fractional steps', [{ steps: 1.5, problem: rosenbrock, optimizer: adam }], '[0].steps', /whole number/],
      ['a missing optimizer', { steps: 1, problem: rosenbrock }, 'optimizer', /"optimizer" is required/],
      ['a bad seed', { steps: 1, seed: -1, problem: rosenbrock, optimizer: adam }, 'seed', /whole number >= 0/],
      ['an empty id', { id: '', steps: 1, problem: rosenbrock, optimizer: adam }, 'id', /non-empty string/],
      ['duplicate ids', [{ id: 'a', steps: 1, problem: rosenbrock, optimizer: adam }, { id: 'a', steps: 1, problem: rosenbrock, optimizer: adam }], '[1].id', /duplicate id "a"/],
      ['an empty list', [], '', /empty list/],
      ['a run that is not an object', [42], '[0]', /must be an object/],
      ['a bad optimizer value (delegated)', [{ steps: 1, problem: rosenbrock, optimizer: adam }, { steps: 1, problem: rosenbrock, optimizer: { name: 'adam', betas: [0.9, 1.5] } }], '[1].optimizer.betas[1]', /betas\[1\]/],
      ['a Keras name with PyTorch rules (delegated)', { steps: 1, problem: rosenbrock, optimizer: { name: 'adam', beta_1: 0.9 } }, 'optimizer.beta_1', /Keras spelling/],
      ['a bad problem (delegated)', [{ steps: 1, problem: { name: 'rosenbrock', start: [1] }, optimizer: adam }], '[0].problem.start', /.+/],
      ['a bad schedule (delegated)', { steps: 1, problem: rosenbrock, optimizer: adam, schedule: { name: 'cosine' } }, 'schedule.t_max', /required/],
      ['a bad clip (delegated)', { steps: 1, problem: rosenbrock, optimizer: adam, clip: { max_norm: -1 } }, 'clip.max_norm', /> 0/],
    ];
    for (const [what, raw, path, message] of bad) {
      it(`rejects ${what} at ${path || 'the root'}`, () => {
        const error = specErrorOf(() => parseRunSpecs(raw));
        assert.equal(error.path, path, error.message);
        assert.match(error.message, message);
      });
    }

    it(`rejects more than ${MAX_SPEC_RUNS} runs`, () => {
      const run = { steps: 1, problem: rosenbrock, optimizer: adam };
      assert.match(specErrorOf(() => parseRunSpecs(new Array(MAX_SPEC_RUNS + 1).fill(run))).message, /at most 64/);
    });
  });

  describe('parseSpecText', () => {
    it('places JSON syntax errors and spec errors at their line and column', () => {
      const syntax = (() => { try { parseSpecText('{\n  "steps": 1,\n}'); } catch (e) { return e; } })();
      assert.ok(syntax instanceof SpecTextError);
      assert.equal(syntax.line, 3);
      assert.equal(syntax.jsonPath, null);
      assert.match(syntax.message, /^3:1: invalid JSON/);
      const text = '[\n  {"steps": 1, "problem": {"name": "rosenbrock"},\n   "optimizer": {"name": "adam", "betas": [0.9, 2]}}\n]';
      const spec = (() => { try { parseSpecText(text); } catch (e) { return e; } })();
      assert.ok(spec instanceof SpecTextError);
      assert.equal(spec.jsonPath, '[0].optimizer.betas[1]');
      assert.deepEqual([spec.line, spec.column], [3, 49]);
    });
  });

  describe('simulateRuns', () => {
    const output = simulateRuns(parseRunSpecs([
      { id: 'keras-warmup', steps: 30, problem: { name: 'ill-conditioned-quadratic' },
        optimizer: { name: 'sgd', convention: 'keras', learning_rate: 0.012, momentum: 0.9 }, schedule: { name: 'linear_warmup', warmup_steps: 10 } },
      { steps: 50, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 1 } },
      { steps: 20, problem: { name: 'quadratic', eigenvalues: [1, 2, 3], start: [1, 1, 1] }, optimizer: { name: 'adam', lr: 0.1 }, clip: { max_norm: 0.5 } },
    ]));

    it('returns the runs in input order with the documented keys', () => {
      assert.deepEqual(output.runs.map((r) => r.id), ['keras-warmup', 'run-2', 'run-3']);
      for (const key of ['id', 'label', 'steps', 'diverged', 'diverged_at_step', 'final_loss', 'loss', 'params', 'lr', 'grad_norm', 'update_norm', 'velocity_norm']) {
        assert.ok(key in output.runs[0], `output run lacks ${key}`);
      }
      assert.deepEqual(output.runs[0].schedule, { name: 'linear_warmup', warmup_steps: 10 });
      assert.deepEqual(output.runs[2].clip, { max_norm: 0.5 });
    });

    it('has steps_run + 1 rows per column, params as one array per row, and the schedule in lr', () => {
      const [warm, , adamRun] = output.runs;
      for (const run of output.runs) {
        for (const column of [run.loss, run.params, run.lr, run.grad_norm, run.update_norm, run.velocity_norm]) assert.equal(column.length, run.steps_run + 1);
      }
      assert.equal(warm.steps_run, 30);
      assert.deepEqual(warm.params[0], [...warm.params[0]]);
      assert.equal(warm.params[0].length, 2);
      assert.equal(adamRun.params[5].length, 3);
      assert.equal(warm.lr[0], null, 'no update at row 0');
      assert.ok(Math.abs((warm.lr[1] as number) - 0.0012) < 1e-15, `lr[1] = ${warm.lr[1]}`);
      assert.ok(Math.abs((warm.lr[10] as number) - 0.012) < 1e-15);
      assert.equal(warm.loss[0], output.runs[1].loss[0], 'both start at the same point');
    });

    it('writes non-finite numbers as null and stops a diverged run at the blow-up', () => {
      const diverged = output.runs[1];
      assert.equal(diverged.diverged, true);
      assert.ok(diverged.diverged_at_step !== null && diverged.steps_run === diverged.diverged_at_step && diverged.steps_run < 50);
      const text = JSON.stringify(output);
      assert.ok(!/NaN|Infinity/.test(text), 'the JSON holds no NaN or Infinity');
      assert.equal(output.runs[2].velocity_norm[0], null);
    });

    it('is deterministic (same spec, same numbers)', () => {
      const spec = [{ steps: 40, seed: 3, problem: { name: 'mlp', n_samples: 64, batch_size: 16, hidden: [4] }, optimizer: { name: 'adam', lr: 0.01 } }];
      assert.deepEqual(simulateRuns(parseRunSpecs(spec)), simulateRuns(parseRunSpecs(JSON.parse(JSON.stringify(spec)))));
    });
  });

  describe('sample specs', () => {
    it('exist', () => assert.ok(sampleFiles.length >= 3, `sample specs: ${sampleFiles.join(', ')}`));
    for (const file of sampleFiles) {
      it(`${file} parses, validates against the schema and runs`, () => {
        const text = readFileSync(join(specsDir, file), 'utf8');
        assert.deepEqual(validateAgainst(schema, JSON.parse(text)), []);
        const out = simulateRuns(parseSpecText(text));
        assert.ok(out.runs.length > 0);
        for (const run of out.runs) assert.ok(!run.diverged && run.final_loss !== null, `${file} ${run.id} diverged`);
      });
    }
  });

  describe('JSON Schema (schemas/optlens-spec.schema.json) in sync with the parsers', () => {
    it('is draft-07 and contributed for *.optlens.json', () => {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.optlens.json', url: './schemas/optlens-spec.schema.json' }]);
    });

    it('names every optimizer, schedule and problem the parsers know, and no other', () => {
      assert.deepEqual([...schema.definitions.optimizer.properties.name.enum].sort(), [...OPTIMIZER_NAMES].sort());
      assert.deepEqual([...schema.definitions.optimizer.properties.convention.enum].sort(), [...CONVENTIONS].sort());
      assert.deepEqual([...schema.definitions.schedule.properties.name.enum].sort(), [...SCHEDULE_NAMES].sort());
      assert.deepEqual([...schema.definitions.problem.properties.name.enum].sort(), [...PROBLEM_NAMES].sort());
    });

    for (const name of OPTIMIZER_NAMES) {
      for (const convention of CONVENTIONS) {
        it(`lists exactly the hyperparameters of ${name} (${convention}) with the framework defaults`, () => {
          const then = branch('optimizer', name, convention);
          const keys = Object.keys(then.properties).filter((k) => k !== 'name' && k !== 'convention');
          assert.deepEqual(keys.sort(), [...validKeys(name, convention)].sort());
          for (const [key, value] of Object.entries(defaultHyperparameters(name, convention))) {
            assert.deepEqual(then.properties[key].default, value, `${name} (${convention}) ${key} default`);
            assert.ok(typeof then.properties[key].description === 'string' && then.properties[key].description.length > 0);
          }
          assert.equal(then.additionalProperties, false);
        });
      }
    }

    for (const name of SCHEDULE_NAMES) {
      it(`lists exactly the parameters of the ${name} schedule`, () => {
        const keys = acceptedKeys(() => parseScheduleSpec({ name, zz_unknown: 1 }, 'schedule'));
        assert.deepEqual(Object.keys(branch('schedule', name).properties).filter((k) => k !== 'name').sort(), keys.sort());
      });
    }

    it('lists exactly the clipping modes', () => {
      const keys = acceptedKeys(() => parseClipSpec({ zz_unknown: 1 }, 'clip'));
      assert.deepEqual(Object.keys(schema.definitions.clip.properties).sort(), [...keys, 'norm_type'].sort());
    });

    for (const name of PROBLEM_NAMES) {
      it(`lists exactly the settings of the ${name} problem`, () => {
        const keys = acceptedKeys(() => parseProblemSpec({ name, zz_unknown: 1 }, 'problem'));
        const schemaKeys = Object.keys(branch('problem', name).properties).filter((k) => k !== 'name');
        assert.deepEqual(schemaKeys.filter((k) => k !== 'seed' && k !== 'noise').sort(), keys.filter((k) => k !== 'seed' && k !== 'noise').sort());
        assert.ok(schemaKeys.includes('seed') && schemaKeys.includes('noise'));
      });
    }

    const invalid: [string, unknown][] = [
      ['an unknown run key', { steps: 1, problem: rosenbrock, optimizer: adam, extra: 1 }],
      ['a Keras name with PyTorch rules', { steps: 1, problem: rosenbrock, optimizer: { name: 'adam', beta_1: 0.9 } }],
      ['a PyTorch name with Keras rules', { steps: 1, problem: rosenbrock, optimizer: { name: 'rmsprop', convention: 'keras', alpha: 0.9 } }],
      ['an unknown optimizer', { steps: 1, problem: rosenbrock, optimizer: { name: 'adamax' } }],
      ['a schedule without its required parameter', { steps: 1, problem: rosenbrock, optimizer: adam, schedule: { name: 'step' } }],
      ['two clipping modes', { steps: 1, problem: rosenbrock, optimizer: adam, clip: { max_norm: 1, clip_value: 1 } }],
      ['norm_type without max_norm', { steps: 1, problem: rosenbrock, optimizer: adam, clip: { clip_value: 1, norm_type: 2 } }],
      ['an unknown problem setting', { steps: 1, problem: { name: 'beale', a: 1 }, optimizer: adam }],
      ['zero steps', { steps: 0, problem: rosenbrock, optimizer: adam }],
    ];
    for (const [what, raw] of invalid) {
      it(`rejects ${what}, like the parser`, () => {
        assert.throws(() => parseRunSpecs(raw), SpecError);
        assert.notDeepEqual(validateAgainst(schema, raw), []);
      });
    }

    it('accepts what the parser accepts, for every optimizer and convention at its defaults', () => {
      for (const name of OPTIMIZER_NAMES) {
        for (const convention of CONVENTIONS) {
          const optimizer: Record<string, unknown> = { name, convention, ...defaultHyperparameters(name, convention) };
          if (name === 'adamw' && convention === 'keras') optimizer.weight_decay = 0.004;
          const raw = { steps: 1, problem: rosenbrock, optimizer };
          assert.doesNotThrow(() => parseRunSpecs(raw), `${name} ${convention}`);
          assert.deepEqual(validateAgainst(schema, raw), [], `${name} ${convention}`);
        }
      }
    });
  });
});
