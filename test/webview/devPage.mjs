// Writes stand-alone dev pages of the dashboard webview to test-output/webview/, one per scenario and
// theme, so the UI can be developed and screenshotted without VS Code:
//   node test/webview/devPage.mjs     then open e.g. test-output/webview/rosenbrock-dark.html in Chromium
// Each page loads dist/webview.js under the same CSP as the real panel (external files only), with a
// stub acquireVsCodeApi (in its own script file) that records posted messages in window.__posted and
// answers 'ready' with the scenario's host messages. Comparisons come from the real engine.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const out = 'test-output/webview';
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: ['src/webview/main.ts'], outfile: join(out, 'webview.js'), bundle: true, platform: 'browser',
  format: 'iife', target: 'chrome114', sourcemap: true, logLevel: 'warning',
});
copyFileSync('node_modules/uplot/dist/uPlot.min.css', join(out, 'uPlot.min.css'));
copyFileSync('media/dashboard.css', join(out, 'dashboard.css'));
copyFileSync('media/findings.css', join(out, 'findings.css'));
copyFileSync('media/paths.css', join(out, 'paths.css'));
copyFileSync('media/logOverlay.css', join(out, 'logOverlay.css'));

// Run the engine (TypeScript) through a throwaway bundle to get realistic comparisons.
const fixturesJs = join(out, 'fixtures.cjs');
await esbuild.build({ entryPoints: ['test/webview/fixtures.ts'], outfile: fixturesJs, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
const fixtures = createRequire(import.meta.url)(join(process.cwd(), fixturesJs)).allFixtures();

const FONT = '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif';
const MONO = '"Droid Sans Mono", "monospace", monospace';
/** Close to VS Code's Dark Modern, Light Modern and Dark High Contrast themes. */
const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc', 'checkbox-selectBackground': '#313131',
      focusBorder: '#0078d4', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-lines': '#cccccc80', 'charts-foreground': '#cccccc',
      'editorError-foreground': '#f14c4c', 'list-hoverBackground': '#2a2d2e', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
      'progressBar-background': '#0078d4', 'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
      'editor-selectionBackground': '#264f78', 'textLink-activeForeground': '#4daafc', 'keybindingTable-headerBackground': '#cccccc0a',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#717171', 'panel-border': '#e5e5e5',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b', 'checkbox-selectBackground': '#f8f8f8',
      focusBorder: '#005fb8', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616',
      'charts-green': '#388a34', 'charts-purple': '#652d90', 'charts-lines': '#3b3b3b80', 'charts-foreground': '#3b3b3b',
      'editorError-foreground': '#e51400', 'list-hoverBackground': '#f2f2f2', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
      'progressBar-background': '#005fb8', 'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
      'editor-selectionBackground': '#add6ff', 'textLink-activeForeground': '#005fb8', 'keybindingTable-headerBackground': '#3b3b3b0a',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: '#ffffffb3', 'panel-border': '#6fc3df',
      contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-hoverBackground': '#000000', 'button-border': '#6fc3df',
      'checkbox-background': '#000000', 'checkbox-border': '#6fc3df', 'checkbox-foreground': '#ffffff',
      focusBorder: '#f38518', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#ffd370', 'charts-orange': '#ff8c00',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-lines': '#ffffff80', 'charts-foreground': '#ffffff',
      'editorError-foreground': '#f48771', 'badge-background': '#000000', 'badge-foreground': '#ffffff',
      'progressBar-background': '#6fc3df', 'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#f48771',
      'editor-selectionBackground': '#ffffff', 'textLink-activeForeground': '#21a6ff',
    },
  },
};

for (const [name, theme] of Object.entries(THEMES)) {
  const lines = Object.entries(theme.vars).map(([k, v]) => `  --vscode-${k}: ${v};`);
  lines.push(`  --vscode-font-family: ${FONT};`, '  --vscode-font-size: 13px;', '  --vscode-font-weight: normal;', `  --vscode-editor-font-family: ${MONO};`);
  writeFileSync(join(out, `theme-${name}.css`), `/* generated by test/webview/devPage.mjs */\nhtml {\n${lines.join('\n')}\n}\n`);
}

/**
 * A stand-in for the log watcher, as source text for the stubs: `makeLogRun(points, shownTags, version)`
 * builds a snapshot of a training run logging every 10 steps (a noisy decaying loss with a NaN at step 420
 * and an infinity at 700, a cosine learning rate, a gradient norm, accuracies...), as the host sends it.
 */
const LOG_RUN_SOURCE = `
  var LOG_TAGS = ['train/loss', 'lr', 'grad_norm', 'val/loss', 'val/accuracy', 'epoch', 'train/perplexity', 'throughput/samples_per_sec'];
  function logValue(tag, step, i) {
    var noise = Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;
    switch (tag) {
      case 'train/loss': return step === 420 ? NaN : step === 700 ? Infinity : 2.4 * Math.exp(-step / 600) + 0.05 + 0.04 * noise * Math.exp(-step / 1500);
      case 'lr': return step < 100 ? 1e-3 * step / 100 : 1e-3 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, step / 3000)));
      case 'grad_norm': return 4 * Math.exp(-step / 900) + 0.3 + 0.2 * Math.abs(noise);
      case 'val/loss': return 2.3 * Math.exp(-step / 700) + 0.09;
      case 'val/accuracy': return 0.95 - 0.85 * Math.exp(-step / 500);
      case 'epoch': return Math.floor(step / 250);
      case 'train/perplexity': return Math.exp(2.4 * Math.exp(-step / 600) + 0.05);
      default: return 900 + 50 * noise;
    }
  }
  function makeLogRun(points, shownTags, version) {
    var series = {};
    shownTags.forEach(function (tag) {
      var step = [], value = [], nonFinite = [];
      var every = tag.indexOf('val/') === 0 ? 5 : 1;
      for (var i = 0; i < points; i += every) {
        var s = i * 10, v = logValue(tag, s, i);
        step.push(s);
        value.push(isFinite(v) ? v : null);
        if (!isFinite(v)) nonFinite.push({ step: s, kind: v !== v ? 'nan' : v > 0 ? '+inf' : '-inf' });
      }
      series[tag] = { step: step, value: value, nonFinite: nonFinite, exact: true, points: step.length };
    });
    return {
      id: 'runs/bert-finetune', label: 'bert-finetune (lr 1e-3, cosine)', path: 'runs/bert-finetune/events.out.tfevents.1737000000.host.1234.0',
      format: 'TensorBoard event file', tags: LOG_TAGS.slice(), shownTags: shownTags.slice(), series: series,
      lastStep: points > 0 ? (points - 1) * 10 : null, version: version, health: 'warning',
      warnings: ['events.out.tfevents.1737000000.host.1234.0: bad CRC32C at byte 48,213; record skipped (2 so far)',
        'train/loss: step went back from 2,990 to 2,500 (resumed run); 49 newer points replaced'],
      watching: true,
      findings: points > 42 ? [{ kind: 'nan', metric: 'train/loss', severity: 'error', step_start: 420, step_end: points > 70 ? 700 : 420,
        message: 'train/loss is NaN at step 420 (the first non-finite value; +Inf again at step 700).', evidence: { first_non_finite_step: 420 },
        fixes: [{ action: 'lower_lr', parameter: 'lr', from: 0.001, to: 0.0003, text: 'Lower the learning rate 0.001 -> 0.0003.' },
          { action: 'check_data', text: 'Check the batch at step 420 for NaN or extreme values.' }] },
        { kind: 'stall', metric: 'grad_norm', severity: 'warning', step_start: 1500, step_end: 2000,
        message: 'grad_norm changed by less than 1% between steps 1,500 and 2,000.', evidence: { relative_change: 0.004 }, fixes: [] }] : [],
    };
  }
`;
const DEFAULT_SHOWN = ['train/loss', 'lr', 'grad_norm'];

/** Scenario: the saved state handed to getState, and the host messages answering 'ready'. */
const saved = (comparison) => ({ version: 1, comparison, logScale: false });
const SCENARIOS = {
  empty: { state: undefined, messages: [] },
  rosenbrock: { state: undefined, messages: [{ type: 'comparison', comparison: fixtures.rosenbrock }] },
  quadratic: { state: undefined, messages: [{ type: 'comparison', comparison: fixtures.quadratic }] },
  // A diverging run with its finding; "Try this fix" is answered with the prepared trial.
  findings: { state: undefined, messages: [{ type: 'comparison', comparison: fixtures.findings }], fixTrial: fixtures.fixTrial },
  // The same after a reload with the trial saved.
  'findings-restored': { state: { version: 1, comparison: fixtures.findings, logScale: true, fixTrial: fixtures.fixTrial }, messages: [] },
  'no-momentum': { state: undefined, messages: [{ type: 'comparison', comparison: fixtures['no-momentum'] }] },
  running: { state: undefined, messages: [{ type: 'running', title: 'Rosenbrock (a=1, b=100) with 5 optimizers' }] },
  'running-over-results': { state: undefined, messages: [{ type: 'comparison', comparison: fixtures.quadratic }, { type: 'running', title: 'Rosenbrock (a=1, b=100) with 5 optimizers' }] },
  failed: { state: undefined, messages: [{ type: 'runFailed', message: 'Adam: Invalid beta parameter at index 0: 1.5 (PyTorch raises ValueError for betas outside [0, 1)).' }] },
  restored: { state: saved(fixtures.rosenbrock), messages: [] },
  invalid: { state: undefined, messages: [{ type: 'comparison', comparison: { runs: 'nope' } }, { type: 'bogus' }] },
  // Training logs: `log` entries are snapshots the stub builds ({ points, shown }); `live` appends one point
  // every 100 ms; 'showTags' is answered like the host would (or with 'logUnwatched' when `gone`).
  log: { state: undefined, messages: [], log: [{ points: 300, shown: DEFAULT_SHOWN }] },
  'log-live': { state: undefined, messages: [], log: [{ points: 10, shown: DEFAULT_SHOWN }], live: 40 },
  'log-with-comparison': { state: undefined, messages: [{ type: 'comparison', comparison: fixtures.quadratic }], log: [{ points: 300, shown: ['train/loss', 'val/accuracy'] }] },
  'log-unwatched': {
    state: { version: 1, comparison: null, logScale: true, view: 'log', log: { runId: 'runs/bert-finetune', label: 'bert-finetune (lr 1e-3, cosine)', path: 'runs/bert-finetune/events.out.tfevents.1737000000.host.1234.0', shownTags: DEFAULT_SHOWN, linearTags: [] } },
    messages: [], gone: true,
  },
  'log-empty': { state: undefined, messages: [], log: [{ points: 0, shown: [] }] },
  // Two watched runs overlaid (the second 20% slower per step and noisier), by step and by relative time.
  'log-overlay': { state: undefined, messages: overlayMessages() },
  'log-overlay-wall': { state: { version: 1, comparison: null, logScale: true, xAxis: { log: 'wall' } }, messages: overlayMessages() },
  'log-overlay-time': {
    state: { version: 1, comparison: null, logScale: true, xAxis: { log: 'relative' } },
    messages: overlayMessages(),
  },
};

/** Snapshots of two runs with wall times (one point every 2 s, the second run 2.4 s), the second overlaid. */
function overlayMessages() {
  const makeLogRun = new Function(`${LOG_RUN_SOURCE}; return makeLogRun;`)();
  const withWall = (run, t0, secondsPerPoint) => {
    for (const series of Object.values(run.series)) series.wall = series.step.map((step) => t0 + (step / 10) * secondsPerPoint);
    return run;
  };
  const front = withWall(makeLogRun(300, DEFAULT_SHOWN, 1), 1_764_320_000, 2);
  const other = withWall(makeLogRun(250, DEFAULT_SHOWN, 1), 1_764_330_000, 2.4);
  other.id = 'runs/bert-lr3e-4';
  other.label = 'bert-lr3e-4';
  other.findings = [];
  for (const series of Object.values(other.series)) series.value = series.value.map((v, i) => (v === null ? 1.3 : v * (1.15 + 0.05 * Math.sin(i / 7))));
  for (const series of Object.values(other.series)) series.nonFinite = [];
  return [
    { type: 'logRun', run: front },
    { type: 'logRunList', runs: [{ id: front.id, label: front.label }, { id: other.id, label: other.label }, { id: 'runs/other', label: 'resnet-sgd' }], overlay: [other.id] },
    { type: 'logRun', run: other, overlay: true },
  ];
}

const pages = [];
for (const [scenario, spec] of Object.entries(SCENARIOS)) {
  const stub = `// generated by test/webview/devPage.mjs: a stand-in for VS Code's webview API
(function () {
  var state = ${JSON.stringify(spec.state ?? null)};
  var replies = ${JSON.stringify(spec.messages)};
  var logSnapshots = ${JSON.stringify(spec.log ?? [])};
  var live = ${JSON.stringify(spec.live ?? 0)};
  var gone = ${JSON.stringify(Boolean(spec.gone))};
  var fixTrial = ${JSON.stringify(spec.fixTrial ?? null)};
  var version = 0, points = 0, shown = ${JSON.stringify(DEFAULT_SHOWN)};
  ${LOG_RUN_SOURCE}
  function sendLog() { window.postMessage({ type: 'logRun', run: makeLogRun(points, shown, ++version) }, '*'); }
  window.__posted = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber); });
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (m) {
        window.__posted.push(m);
        if (m && m.type === 'ready') {
          replies.forEach(function (r, i) { setTimeout(function () { window.postMessage(r, '*'); }, 10 * (i + 1)); });
          logSnapshots.forEach(function (l, i) {
            setTimeout(function () { points = l.points; shown = l.shown; sendLog(); }, 10 * (replies.length + i + 1));
          });
          if (live) {
            var timer = setInterval(function () { points++; sendLog(); if (--live <= 0) clearInterval(timer); }, 100);
          }
        }
        if (m && m.type === 'tryFix' && fixTrial) {
          setTimeout(function () { window.postMessage({ type: 'fixTrialRunning', runIndex: m.runIndex, title: 'Re-running the same problem and seed with the fix…' }, '*'); }, 10);
          setTimeout(function () { window.postMessage({ type: 'fixTrial', trial: fixTrial }, '*'); }, 300);
        }
        if (m && m.type === 'showTags') {
          setTimeout(function () {
            if (gone) { window.postMessage({ type: 'logUnwatched', runId: m.runId }, '*'); return; }
            shown = m.tags; sendLog();
          }, 20);
        }
      },
      getState: function () { return state === null ? undefined : state; },
      setState: function (s) { state = s; window.__state = s; },
    };
  };
})();
`;
  writeFileSync(join(out, `stub-${scenario}.js`), stub);
  for (const [themeName, theme] of Object.entries(THEMES)) {
    const nonce = 'devnonce0123456789';
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src file: data: blob:; style-src file:; font-src file:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="theme-${themeName}.css" rel="stylesheet">
<link href="uPlot.min.css" rel="stylesheet"><link href="dashboard.css" rel="stylesheet"><link href="findings.css" rel="stylesheet"><link href="paths.css" rel="stylesheet"><link href="logOverlay.css" rel="stylesheet">
<title>Optimizer Lens</title></head>
<body class="${theme.bodyClass}"><main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="stub-${scenario}.js"></script>
<script nonce="${nonce}" src="webview.js"></script></body></html>
`;
    const file = `${scenario}-${themeName}.html`;
    writeFileSync(join(out, file), html);
    pages.push(file);
  }
}
writeFileSync(join(out, 'pages.json'), JSON.stringify(pages, null, 2));
console.log(`wrote ${pages.length} dev pages to ${out}/`);
