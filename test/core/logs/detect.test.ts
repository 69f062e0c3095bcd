import * as assert from 'node:assert/strict';
import { createReader, detectFormat } from '../../../src/core/logs/detect';
import { utf8 } from './textFeed';

describe('log format detection', () => {
  it('recognizes formats by name and content', () => {
    assert.equal(detectFormat('runs/exp/events.out.tfevents.1700000000.host.123.0', new Uint8Array(8)), 'tfevents');
    assert.equal(detectFormat('out\\checkpoint-500\\trainer_state.json', utf8('{')), 'trainer-state');
    assert.equal(detectFormat('lightning_logs/version_0/metrics.csv', utf8('train_loss,epoch,step\r\n')), 'lightning-csv');
    assert.equal(detectFormat('history.csv', utf8('epoch,accuracy,loss\n0,0.5,1\n')), 'keras-csv');
    assert.equal(detectFormat('log.csv', utf8('step,loss\n')), 'csv');
    assert.equal(detectFormat('metrics.tsv', utf8('iteration\tloss\n')), 'csv');
    assert.equal(detectFormat('metrics.jsonl', new Uint8Array()), 'jsonl');
    assert.equal(detectFormat('train.ndjson', new Uint8Array()), 'jsonl');
    assert.equal(detectFormat('train.log', utf8('\n  {"step": 1, "loss": 2}\n')), 'jsonl');
    assert.equal(detectFormat('state.json', utf8('{\n  "log_history": [\n')), 'trainer-state');
    assert.equal(detectFormat('README.md', utf8('# notes\n')), null);
    assert.equal(detectFormat('blob.bin', Uint8Array.of(0x7b, 0, 1, 2)), null);
  });

  it('creates readers for the formats it reads and names the ones it does not', () => {
    assert.equal(createReader('keras-csv').format, 'keras-csv');
    assert.equal(createReader('jsonl').format, 'jsonl');
    assert.equal(createReader('trainer-state').format, 'trainer-state');
    assert.throws(() => createReader('mlflow-metric'), /no reader for the log format 'mlflow-metric'/);
  });
});
