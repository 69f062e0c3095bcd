// Latency from an append on disk to what the user sees, while Optimizer Lens watches a training log in a
// real VS Code (code-server + headless Chromium, the packaged .vsix). Not part of any test suite and not
// of `npm run bench`: it needs the harness and about a minute. Run `npm run package` first, then
//   npm run bench:log-latency [-- --seconds 30 --interval 200]
//
// A writer process (test/ui/logWriter.mjs) appends one row to a watched Lightning-style metrics.csv every
// --interval ms for --seconds s and reports when each write returned. In the workbench a MutationObserver
// stamps every change of the status bar item's "step N", and one in the dashboard webview stamps every
// change of the log section's data-last-step (set after the charts drew). Both pages run on this machine, so
// their Date.now() is the writer's clock. For every appended step the latency is the first stamp showing
// that step or a later one, minus the write time. Printed: median, p95, max, and the ratio of each against
// the 250 ms target and against the watcher's polling interval (optimizerLens.logs.pollIntervalMs), the
// bound that polling alone would give.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { drawnLogStep, prepareLogWorkspace, startLogWriter, statusBarStep, watchLogFromPalette } from '../test/ui/logHarness.mjs';
import { openWorkbench, waitUntil, webviewContentFrame } from '../test/ui/workbench.mjs';
import { launchBrowser } from '../test/vscode/browser.mjs';
import { startCodeServer } from '../test/vscode/codeServer.mjs';
import { ensureHarness } from '../test/vscode/ensureHarness.mjs';
import { vsixPath } from '../test/vscode/paths.mjs';

const TARGET_MS = 250;
const POLL_INTERVAL_MS = 1000;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, interval: { type: 'string', default: '200' } } });
const seconds = Number(values.seconds);
const interval = Number(values.interval);
const every = 10;

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Per appended step: ms until the first stamp that shows it (or a later step); missing when never shown. */
function latencies(appends, stamps) {
  const out = [];
  let missed = 0;
  for (const { step, t } of appends) {
    const seen = stamps.find((s) => s.step >= step && s.t >= t - 5);
    if (seen) out.push(Math.max(0, seen.t - t));
    else missed++;
  }
  return { sorted: out.sort((a, b) => a - b), missed };
}

function report(name, { sorted, missed }, total) {
  const median = quantile(sorted, 0.5);
  const p95 = quantile(sorted, 0.95);
  const max = sorted.at(-1) ?? NaN;
  const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;
  const ratio = (ms, bound) => `${(ms / bound).toFixed(2)}x`;
  console.log(`${name.padEnd(26)} median ${fmt(median)}  p95 ${fmt(p95)}  max ${fmt(max)}  `
    + `| vs ${TARGET_MS} ms target: median ${ratio(median, TARGET_MS)}, p95 ${ratio(p95, TARGET_MS)}  `
    + `| vs ${POLL_INTERVAL_MS} ms polling: median ${ratio(median, POLL_INTERVAL_MS)}  `
    + `(${sorted.length}/${total} steps seen${missed ? `, ${missed} never shown` : ''})`);
}

async function main() {
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first`);
  await ensureHarness({ log: (line) => console.log(line) });
  const logs = await prepareLogWorkspace('bench-latency-ws');
  // A few rows so the file exists and has a format to detect before it is watched.
  const seed = startLogWriter(['--csv', logs.csv, '--interval', '20', '--count', '20', '--every', String(every)]);
  await seed.exited;
  const lastSeeded = seed.appends.at(-1).step;

  const server = await startCodeServer({ name: 'bench-latency', theme: 'dark', vsix: vsixPath, workspace: logs.workspace,
    settings: { 'optimizerLens.logs.pollIntervalMs': POLL_INTERVAL_MS } });
  const browser = await launchBrowser(server.dirs);
  let writer;
  try {
    const page = browser.page;
    await openWorkbench(page, server.workbenchUrl(undefined, logs.workspace));
    await watchLogFromPalette(page, logs.csv);
    const frame = await webviewContentFrame(page);
    await waitUntil('the dashboard to draw the seeded rows', async () => (await drawnLogStep(frame))?.step === lastSeeded, { timeoutMs: 60_000 });
    await waitUntil('the status bar to show the seeded rows', async () => (await statusBarStep(page))?.step === lastSeeded, { timeoutMs: 30_000 });

    // Stamps taken inside the pages, as the changes happen (no polling from here).
    await page.evaluate(() => {
      window.__stamps = [];
      const read = () => {
        for (const item of document.querySelectorAll('.part.statusbar .statusbar-item')) {
          const match = /step ([\d,]+)/.exec(item.textContent ?? '');
          if (match) return Number(match[1].replace(/,/g, ''));
        }
        return null;
      };
      let last = read();
      new MutationObserver(() => {
        const step = read();
        if (step !== null && step !== last) {
          last = step;
          window.__stamps.push({ step, t: Date.now() });
        }
      }).observe(document.querySelector('.part.statusbar'), { subtree: true, childList: true, characterData: true });
    });
    await frame.evaluate(() => {
      window.__stamps = [];
      const section = document.getElementById('log-view');
      new MutationObserver(() => {
        window.__stamps.push({ step: Number(section.dataset.lastStep), t: Date.now() });
      }).observe(section, { attributes: true, attributeFilter: ['data-last-step'] });
    });

    const count = Math.round((seconds * 1000) / interval);
    console.log(`writer: one row every ${interval} ms for ${seconds} s (${count} rows) to ${logs.csv}`);
    writer = startLogWriter(['--csv', logs.csv, '--interval', String(interval), '--count', String(count), '--start', String(lastSeeded + every),
      '--every', String(every)]);
    await writer.exited;
    const lastStep = writer.appends.at(-1).step;
    await waitUntil('the last row on screen', async () => (await drawnLogStep(frame))?.step === lastStep
      && (await statusBarStep(page))?.step === lastStep, { timeoutMs: 15_000 }).catch((err) => console.log(`  ${err.message}`));

    const statusStamps = await page.evaluate(() => window.__stamps);
    const chartStamps = await frame.evaluate(() => window.__stamps);
    console.log(`\nappend -> visible, ${writer.appends.length} appends (stamps: status bar ${statusStamps.length}, chart ${chartStamps.length}), node ${process.version}`);
    report('status bar shows the step', latencies(writer.appends, statusStamps), writer.appends.length);
    report('chart drew the step', latencies(writer.appends, chartStamps), writer.appends.length);
    // The dashboard's own share: for each step, chart stamp minus status-bar stamp (both follow the same read).
    const gaps = [];
    for (const { step, t } of writer.appends) {
      const bar = statusStamps.find((s) => s.step >= step && s.t >= t - 5);
      const chart = chartStamps.find((s) => s.step >= step && s.t >= t - 5);
      if (bar && chart) gaps.push(chart.t - bar.t);
    }
    gaps.sort((a, b) => a - b);
    console.log(`chart after status bar      median ${quantile(gaps, 0.5).toFixed(0)} ms, p95 ${quantile(gaps, 0.95).toFixed(0)} ms `
      + '(snapshot build in the log worker + throttle + postMessage + setData + draw)');
  } finally {
    await writer?.stop();
    await browser.close();
    await server.stop();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error instanceof Error ? error.stack : error);
  // Forced exit on purpose: a stray Playwright or code-server handle must not keep the shell waiting.
  process.exit(1);
});
