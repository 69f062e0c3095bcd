import * as assert from 'node:assert/strict';
import { findingKey, findingTitle, sortFindings } from '../../../src/core/logs/findingText';
import { finding } from './findingFixtures';

describe('finding text', () => {
  it('names a finding by kind, metric and step range, with thousands separators', () => {
    assert.equal(findingTitle(finding('divergence', 'error', 'train/loss', 120, 180)), 'divergence in train/loss at steps 120-180');
    assert.equal(findingTitle(finding('nan', 'error', 'loss', 1200)), 'nan in loss at step 1,200');
    assert.equal(findingTitle(finding('stall', 'warning', 'loss', 10_000, 1_234_567)), 'stall in loss at steps 10,000-1,234,567');
  });

  it('keys a finding by what stays while it grows (kind, metric, onset), not by its end', () => {
    assert.equal(findingKey(finding('divergence', 'error', 'loss', 120, 180)), findingKey(finding('divergence', 'error', 'loss', 120, 400)));
    assert.notEqual(findingKey(finding('divergence', 'error', 'loss', 120)), findingKey(finding('nan', 'error', 'loss', 120)));
    assert.notEqual(findingKey(finding('spike', 'info', 'loss', 120)), findingKey(finding('spike', 'info', 'val_loss', 120)));
  });

  it('sorts most severe first, then earliest onset, without touching the input', () => {
    const input = [
      finding('spike', 'info', 'loss', 5),
      finding('oscillation', 'warning', 'loss', 50),
      finding('nan', 'error', 'loss', 300),
      finding('divergence', 'error', 'loss', 200),
      finding('stall', 'warning', 'loss', 20),
    ];
    assert.deepEqual(sortFindings(input).map((f) => f.kind), ['divergence', 'nan', 'stall', 'oscillation', 'spike']);
    assert.equal(input[0].kind, 'spike');
  });
});
