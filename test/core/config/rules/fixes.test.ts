/**
 * The rules' quick fixes: applying the edits gives the expected text, keeps everything else (comments,
 * formatting), and the diagnostic is gone when the fixed text is checked again.
 */
import * as assert from 'node:assert/strict';
import { extractSettings } from '../../../../src/core/config';
import { runRules } from '../../../../src/core/config/rules';
import { numberText } from '../../../../src/core/config/rules/fixes';

function applyFix(path: string, src: string, code: string): string {
  const d = runRules(extractSettings(path, src)).find((x) => x.code === code);
  assert.ok(d, `${code} found`);
  assert.ok(d.fix, `${code} has a fix`);
  let out = src;
  for (const e of [...d.fix.edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
    out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  }
  const again = runRules(extractSettings(path, out)).map((x) => x.code);
  assert.ok(!again.includes(code), `${code} gone after the fix: ${out}`);
  return out;
}

describe('config rules: quick fixes', () => {
  it('numberText writes numbers every loader reads as floats (a dot, a signed exponent)', () => {
    assert.deepEqual([0.9, 0.01, 1, 1e-4, 1e-5, 3e-8, 2.5e7, 0].map(numberText), ['0.9', '0.01', '1.0', '0.0001', '1.0e-05', '3.0e-08', '2.5e+07', '0.0']);
  });

  it('OL001 sets momentum to 0.9 in place, comment kept (Python and YAML)', () => {
    assert.equal(applyFix('t.py', 'o = torch.optim.SGD(p, lr=0.01, momentum=1.0)  # keep\n', 'OL001'), 'o = torch.optim.SGD(p, lr=0.01, momentum=0.9)  # keep\n');
    assert.equal(applyFix('c.yaml', 'optimizer: sgd\nlr: 0.01\nmomentum: 1.5 # too high\n', 'OL001'), 'optimizer: sgd\nlr: 0.01\nmomentum: 0.9 # too high\n');
  });

  it('OL002 adds momentum=0.9 when it is missing, also in a multi-line call with a trailing comma, and zeroes dampening', () => {
    assert.equal(applyFix('t.py', 'o = torch.optim.SGD(p, lr=0.1, nesterov=True)\n', 'OL002'), 'o = torch.optim.SGD(p, lr=0.1, nesterov=True, momentum=0.9)\n');
    assert.equal(applyFix('t.py', 'o = torch.optim.SGD(\n    p,\n    lr=0.1,\n    nesterov=True,\n)\n', 'OL002'), 'o = torch.optim.SGD(\n    p,\n    lr=0.1,\n    nesterov=True, momentum=0.9,\n)\n');
    assert.equal(applyFix('t.py', 'o = torch.optim.SGD(p, 0.1, 0, 0.5, nesterov=True)\n', 'OL002'), 'o = torch.optim.SGD(p, 0.1, 0.9, 0, nesterov=True)\n');
  });

  it('OL004 lowers lr to an effective step of 1', () => {
    const warm = 's = torch.optim.lr_scheduler.LinearLR(o, 0.01)\n';
    assert.equal(applyFix('t.py', `o = torch.optim.SGD(p, lr=0.5, momentum=0.99)\n${warm}`, 'OL004'), `o = torch.optim.SGD(p, lr=0.01, momentum=0.99)\n${warm}`);
  });

  it('OL006 inserts clip_grad_norm_ before optimizer.step() at its indentation, unscaling first with a GradScaler', () => {
    const src = 'rnn = torch.nn.LSTM(4, 8)\nopt = torch.optim.Adam(rnn.parameters(), lr=1e-3)\nfor x in data:\n    loss.backward()\n    opt.step()\n';
    assert.equal(applyFix('t.py', src, 'OL006'),
      'rnn = torch.nn.LSTM(4, 8)\nopt = torch.optim.Adam(rnn.parameters(), lr=1e-3)\nfor x in data:\n    loss.backward()\n    torch.nn.utils.clip_grad_norm_(rnn.parameters(), max_norm=1.0)\n    opt.step()\n');
    const amp = 'rnn = torch.nn.GRU(4, 8)\nopt = torch.optim.Adam(rnn.parameters(), lr=1e-3)\nfor x in data:\n\tscaler.scale(loss).backward()\n\tscaler.step(opt)\n';
    assert.match(applyFix('t.py', amp, 'OL006'), /\tscaler\.unscale_\(opt\)\n\ttorch\.nn\.utils\.clip_grad_norm_\(rnn\.parameters\(\), max_norm=1\.0\)\n\tscaler\.step\(opt\)/);
    assert.equal(applyFix('t.py', 'm = keras.layers.LSTM(8)\no = keras.optimizers.Adam(1e-3)\n', 'OL006'), 'm = keras.layers.LSTM(8)\no = keras.optimizers.Adam(1e-3, clipnorm=1.0)\n');
  });

  it('OL007 writes 1.0e-5 in place', () => {
    assert.equal(applyFix('c.yaml', 'optimizer: adam\nlr: 1e-5  # small\n', 'OL007'), 'optimizer: adam\nlr: 1.0e-5  # small\n');
  });

  it('OL009 raises eps to 1e-4, or adds it when the default was used', () => {
    assert.equal(applyFix('t.py', 'm = Net().half()\no = torch.optim.Adam(m.parameters(), eps=1e-8)\n', 'OL009'), 'm = Net().half()\no = torch.optim.Adam(m.parameters(), eps=0.0001)\n');
    assert.equal(applyFix('t.py', 'm = Net().half()\no = torch.optim.Adam(m.parameters())\n', 'OL009'), 'm = Net().half()\no = torch.optim.Adam(m.parameters(), eps=1e-4)\n');
  });
});
