import * as assert from 'node:assert/strict';
import { escapeMarkdown, findingsMarkdown } from '../../src/webview/export/findingsMarkdown';
import type { Finding } from '../../src/core/diagnose/types';

const divergence: Finding = {
  kind: 'divergence', metric: 'loss', severity: 'error', step_start: 0, step_end: 15,
  message: 'loss grew 186000x from its best 206 at step 0 to 3.84e7 at step 15, x2.25 per step.', evidence: {},
  fixes: [
    { action: 'lower_lr', parameter: 'lr', from: 0.025, to: 0.01, text: 'Lower the learning rate 0.025 -> 0.01: alpha*lambda = 2.5 exceeds 2.' },
    { action: 'clip_grad_norm', parameter: 'max_norm', to: 95000, text: 'Clip the gradient norm at 95000.' },
  ],
};

describe('copy findings as Markdown', () => {
  it('lists each run with its findings (severity, kind, metric, steps, message) and their fixes best first', () => {
    const md = findingsMarkdown('Quadratic', [{ label: 'SGD lr=0.025', findings: [divergence] }, { label: 'SGD lr=0.012', findings: [] },
      { label: 'Adam', findings: undefined }]);
    const lines = md.split('\n');
    assert.equal(lines[0], '## Findings: Quadratic');
    assert.ok(lines.includes('### SGD lr=0.025'));
    const bullet = lines.find((l) => l.startsWith('- **error** divergence'));
    assert.ok(bullet, md);
    assert.match(bullet, /on `loss`, steps 0–15: loss grew 186000x/);
    const fixes = lines.filter((l) => l.startsWith('  - Fix'));
    assert.equal(fixes.length, 2);
    assert.match(fixes[0], /^ {2}- Fix \(lower_lr\): Lower the learning rate 0\.025 -> 0\.01: alpha\\\*lambda/);
    assert.ok(lines.includes('_No finding._'));
    assert.ok(lines.includes('_Not diagnosed._'));
  });

  it('escapes labels and messages so they cannot become links, HTML, headings or new lines', () => {
    const md = findingsMarkdown('x', [{ label: '# run [click](http://evil) <img src=x>', findings: [{ ...divergence, message: 'line\n# heading' }] }]);
    assert.ok(!md.includes('[click](http'), md);
    assert.ok(!/(^|[^\\])</.test(md), md);
    assert.ok(!md.split('\n').some((l) => l.startsWith('# ')), md);
    assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
  });
});
