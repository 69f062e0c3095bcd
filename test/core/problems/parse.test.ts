import * as assert from 'node:assert/strict';
import { isProblemName, parseProblemSpec } from '../../../src/core/problems';
import { SpecError } from '../../../src/core/specError';

function rejects(raw: unknown, path: string, message: RegExp): void {
  assert.throws(() => parseProblemSpec(raw, 'runs[0].problem'), (e: unknown) => {
    assert.ok(e instanceof SpecError, String(e));
    assert.equal(e.path, path);
    assert.match(e.message, message);
    return true;
  });
}

describe('parseProblemSpec', () => {
  it('returns a copy of a valid spec as given', () => {
    const raw = { name: 'quadratic', A: [[2, 0], [0, 1]], b: [1, 1], start: [0, 0], noise: 0.1, seed: 7 };
    const parsed = parseProblemSpec(raw, 'p');
    assert.deepEqual(parsed, raw);
    assert.notEqual(parsed, raw);
    assert.deepEqual(parseProblemSpec({ name: 'mlp', hidden: [64, 64], activation: 'relu', dataset: 'spirals', n_samples: 500, batch_size: 50, dataset_noise: 0.2 }, ''),
      { name: 'mlp', hidden: [64, 64], activation: 'relu', dataset: 'spirals', n_samples: 500, batch_size: 50, dataset_noise: 0.2 });
  });

  it('rejects non-objects, missing and unknown names, and unknown keys', () => {
    rejects(42, 'runs[0].problem', /must be an object/);
    rejects([], 'runs[0].problem', /must be an object/);
    rejects({}, 'runs[0].problem.name', /"name" is required/);
    rejects({ name: 'booth' }, 'runs[0].problem.name', /unknown problem "booth"; expected one of .*rosenbrock/);
    rejects({ name: 'rosenbrock', c: 1 }, 'runs[0].problem.c', /unknown key "c"; rosenbrock takes name, a, b, start, seed, noise/);
    rejects({ name: 'beale', hidden: [3] }, 'runs[0].problem.hidden', /unknown key/);
  });

  it('checks seed and noise on every problem', () => {
    rejects({ name: 'beale', noise: -1 }, 'runs[0].problem.noise', />= 0/);
    rejects({ name: 'beale', noise: '0.1' }, 'runs[0].problem.noise', /finite number/);
    rejects({ name: 'mlp', seed: 1.5 }, 'runs[0].problem.seed', /whole number/);
    rejects({ name: 'mlp', seed: 2 ** 33 }, 'runs[0].problem.seed', /<= 4294967295/);
  });

  it('checks the 2-D surfaces', () => {
    rejects({ name: 'rosenbrock', start: [1] }, 'runs[0].problem.start', /2 entries/);
    rejects({ name: 'himmelblau', start: 'origin' }, 'runs[0].problem.start', /array of 2/);
    rejects({ name: 'saddle', start: [0, null] }, 'runs[0].problem.start[1]', /finite number, got null/);
    rejects({ name: 'rastrigin', a: -1 }, 'runs[0].problem.a', />= 0/);
    rejects({ name: 'rosenbrock', b: -3 }, 'runs[0].problem.b', /positive/);
  });

  it('checks the quadratic', () => {
    rejects({ name: 'quadratic', A: [[1, 'x'], [0, 1]] }, 'runs[0].problem.A[0][1]', /finite number/);
    rejects({ name: 'quadratic', A: [] }, 'runs[0].problem.A', /square matrix/);
    rejects({ name: 'quadratic', A: [[1, 3], [3, 1]] }, 'runs[0].problem.A', /positive semidefinite/);
    rejects({ name: 'quadratic', eigenvalues: [1, 2], b: [1, 2, 3] }, 'runs[0].problem.b', /2 entries/);
    rejects({ name: 'quadratic', eigenvalues: [1, 2, 3], rotate: 'yes' }, 'runs[0].problem.rotate', /true or false/);
  });

  it('checks the dataset problems', () => {
    rejects({ name: 'mlp', dataset: 'circles' }, 'runs[0].problem.dataset', /one of "moons", "spirals", "blobs"/);
    rejects({ name: 'mlp', n_samples: 1 }, 'runs[0].problem.n_samples', />= 2/);
    rejects({ name: 'mlp', n_samples: 100.5 }, 'runs[0].problem.n_samples', /whole number/);
    rejects({ name: 'mlp', n_samples: 50, batch_size: 64 }, 'runs[0].problem.batch_size', /at most n_samples \(50\)/);
    rejects({ name: 'mlp', batch_size: 0 }, 'runs[0].problem.batch_size', />= 1/);
    rejects({ name: 'logistic_regression', dataset_noise: -0.1 }, 'runs[0].problem.dataset_noise', />= 0/);
    rejects({ name: 'mlp', hidden: [16, 0] }, 'runs[0].problem.hidden[1]', />= 1/);
    rejects({ name: 'mlp', hidden: 16 }, 'runs[0].problem.hidden', /array of layer widths/);
    rejects({ name: 'mlp', hidden: [4096] }, 'runs[0].problem.hidden[0]', /<= 256/);
    rejects({ name: 'mlp', activation: 'sigmoid' }, 'runs[0].problem.activation', /"tanh", "relu"/);
    rejects({ name: 'mlp', hidden: [2], start: [1, 2, 3] }, 'runs[0].problem.start', /must have 9 entries/);
    rejects({ name: 'logistic_regression', start: [0, 0] }, 'runs[0].problem.start', /3 entries/);
  });

  it('isProblemName knows every name', () => {
    assert.ok(isProblemName('mlp') && isProblemName('saddle') && isProblemName('rosenbrock'));
    assert.ok(!isProblemName('booth') && !isProblemName(3));
  });
});
