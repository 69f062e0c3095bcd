import * as assert from 'node:assert/strict';
import { formatKeyValues, KeyValueSyntaxError, parseKeyValues, parseNamedKeyValues } from '../../src/core/keyValues';
import { describeEntryOptions, withEntryOptions } from '../../src/core/train/entryOptions';

describe('key=value options', () => {
  it('reads numbers, booleans, null and strings', () => {
    assert.deepEqual(parseKeyValues(' a=1, b=true,c=cos , d=1e-3, e=null,'), { a: 1, b: true, c: 'cos', d: 1e-3, e: null });
    assert.deepEqual(parseNamedKeyValues('one_cycle:total_steps=500,three_phase=false'), { name: 'one_cycle', total_steps: 500, three_phase: false });
    assert.deepEqual(parseNamedKeyValues('cosine'), { name: 'cosine' });
    assert.equal(formatKeyValues({ warmup_steps: 50, gamma: 0.1 }), 'warmup_steps=50, gamma=0.1');
    assert.deepEqual(parseKeyValues(formatKeyValues({ warmup_steps: 50, gamma: 0.1 })), { warmup_steps: 50, gamma: 0.1 });
  });

  it('rejects pairs without a key', () => {
    assert.throws(() => parseKeyValues('a'), KeyValueSyntaxError);
    assert.throws(() => parseKeyValues('=3'), KeyValueSyntaxError);
    assert.throws(() => parseNamedKeyValues(':a=1'), KeyValueSyntaxError);
  });
});

describe('comparison-wide options', () => {
  const entries = [{ label: 'SGD', optimizer: { name: 'sgd' as const, lr: 0.1, momentum: 0.9 } }];

  it('leaves entries alone without options and describes nothing', () => {
    assert.deepEqual(withEntryOptions(entries, {}), entries);
    assert.equal(describeEntryOptions({}), '');
  });

  it('switches to Keras rules, validating the hyperparameters, and adds schedule and clip', () => {
    const [entry] = withEntryOptions(entries, { convention: 'keras', schedule: { name: 'cosine', t_max: 10 }, clip: { max_norm: 1 } });
    assert.equal(entry.optimizer.convention, 'keras');
    assert.equal(entry.label, 'SGD (keras)');
    assert.deepEqual(entry.schedule, { name: 'cosine', t_max: 10 });
    assert.equal(describeEntryOptions({ convention: 'keras', schedule: { name: 'cosine', t_max: 10 }, clip: { max_norm: 1 } }),
      'Keras rules · cosine t_max=10 · clip max_norm=1');
    assert.throws(() => withEntryOptions([{ label: 'x', optimizer: { name: 'sgd', lr: 0.1, dampening: 0.5 } }], { convention: 'keras' }), /dampening/);
  });
});
