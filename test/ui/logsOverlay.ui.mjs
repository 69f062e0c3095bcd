// UI test: two watched TensorBoard runs overlaid on the dashboard's log charts, in the packaged extension in
// code-server. Two writer processes append to two event files (run "tb" one record per 200 ms every 10 steps,
// run "tb2" every 20 steps, so the runs part on a time axis). The test watches "tb" from the palette, ticks
// "tb2" in the Runs list, hides it and shows it again with the keyboard (Space, Enter) on its legend entry,
// switches the x-axis to relative time and back, and reloads the window: the overlay and the x-axis choice
// come back. One pass per theme (OPTLENS_UI_THEMES); saves test-output/screenshots/logs-overlay-<theme>.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testOutput } from '../vscode/paths.mjs';
import { drawnLogStep, prepareLogWorkspace, startLogWriter, watchLogFromPalette } from './logHarness.mjs';
import { canvasInk, reloadWindowAndShowDashboard, sleep, waitUntil, webviewContentFrame } from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);

/** What each log chart says it draws: its x mode, how many runs, and the front run's steps on screen. */
async function chartStates(frame) {
  return frame.evaluate(() => [...document.querySelectorAll('.log-chart')].map((c) => ({
    tag: c.dataset.tag, xMode: c.dataset.xMode, runs: Number(c.dataset.runs), stepRange: c.dataset.stepRange ?? '',
    // Axes are drawn on the canvas; the legend's first entry is the x value (at the cursor, else the latest).
    xLegend: c.querySelector('.u-legend .u-series')?.textContent ?? '',
  })));
}

/** Waits until every log chart draws `runs` runs in `xMode`; returns their states. */
async function chartsShow(frame, runs, xMode, timeoutMs = 30_000) {
  return waitUntil(`every log chart to draw ${runs} run(s) by ${xMode}`, async () => {
    const charts = await chartStates(frame);
    return charts.length >= 2 && charts.every((c) => c.runs === runs && c.xMode === xMode) && charts;
  }, { timeoutMs });
}

for (const theme of themes) {
  describe(`Overlay two watched runs on the log charts (${theme} theme)`, function () {
    this.timeout(240_000);
    let logs;
    let tb2;
    const writers = [];
    let server;
    let browser;
    let page;
    let frame;

    before(async function () {
      logs = await prepareLogWorkspace(`overlay-ws-${theme}`);
      tb2 = join(logs.workspace, 'runs', 'tb2', 'events.out.tfevents.1737000001.testhost.4243.0');
      writers.push(startLogWriter(['--tfevents', logs.tfevents, '--tfwriter', logs.tfwriter, '--interval', '200', '--count', '1200']));
      writers.push(startLogWriter(['--tfevents', tb2, '--tfwriter', logs.tfwriter, '--interval', '200', '--count', '1200', '--every', '20']));
      await waitUntil('the first records on disk', () => writers.every((w) => w.appends.length >= 5), { timeoutMs: 10_000 });
      ({ server, browser, page } = await openUiSession({ name: `ui-overlay-${theme}`, theme, workspace: logs.workspace }));
    });

    after(async function () {
      for (const w of writers) await w.stop();
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-overlay-${theme}`);
    });

    it('watches the first run and overlays the second from the Runs list', async () => {
      await watchLogFromPalette(page, logs.tfevents);
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      const drawn = await waitUntil('the log section to draw', () => drawnLogStep(frame), { timeoutMs: 60_000 });
      assert.match(drawn.runId, /runs\/tb$/);
      // The second run is found by the workspace discovery and listed in the Runs list.
      const box = frame.locator('.run-list input[data-run-id$="/tb2"]');
      await waitUntil('the second run in the Runs list', async () => await box.count() > 0, { timeoutMs: 60_000 });
      await frame.locator('.run-picker summary').click();
      await box.check();
      const charts = await chartsShow(frame, 2, 'step');
      console.log(`      charts: ${charts.map((c) => `${c.tag} (${c.runs} runs)`).join(', ')}`);
      const legend = await frame.locator('.run-legend .run-toggle').allInnerTexts();
      assert.equal(legend.length, 2, `legend: ${JSON.stringify(legend)}`);
      const ink = (await canvasInk(frame)).filter((c) => c.visible && c.width >= 50 && c.height >= 50);
      assert.ok(ink.length >= 2 && ink.every((c) => c.varied > 100), `a log chart is blank: ${JSON.stringify(ink)}`);
    });

    it('keeps both runs live: each chart grows with both writers', async () => {
      const before = await drawnLogStep(frame);
      const after = await waitUntil('the front run drawn further', async () => {
        const d = await drawnLogStep(frame);
        return d && d.step > before.step && d;
      }, { timeoutMs: 20_000 });
      // The overlaid run's points are in the chart's table (CSV model): its last step must advance too.
      const lastOverlayStep = () => frame.evaluate(() => Number(document.getElementById('log-view')?.dataset.overlaySteps?.split(',')[0] ?? NaN));
      const first = await waitUntil('the overlaid run drawn', async () => { const s = await lastOverlayStep(); return Number.isFinite(s) && { s }; });
      const later = await waitUntil('the overlaid run drawn further', async () => { const s = await lastOverlayStep(); return s > first.s && { s }; }, { timeoutMs: 20_000 });
      console.log(`      front run drawn to step ${after.step}; overlaid run ${first.s} -> ${later.s}`);
    });

    it('hides the overlaid run with Space on its legend entry and shows it again with Enter', async () => {
      const toggle = frame.locator('.run-legend .run-toggle[data-run-id$="/tb2"]');
      await toggle.focus();
      await toggle.press('Space');
      await waitUntil('the legend entry marked hidden', async () => (await toggle.getAttribute('aria-pressed')) === 'false');
      await chartsShow(frame, 1, 'step');
      // Focus stays on the entry through live redraws, so the next key press reaches it.
      await sleep(600);
      assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('data-run-id')?.endsWith('/tb2')), true, 'the legend entry lost focus');
      await frame.locator('.run-legend .run-toggle[data-run-id$="/tb2"]').press('Enter');
      await waitUntil('the legend entry marked shown', async () => (await toggle.getAttribute('aria-pressed')) === 'true');
      await chartsShow(frame, 2, 'step');
    });

    it(`switches to relative time (saving logs-overlay-${theme}.png) and back to steps`, async () => {
      await frame.locator('input[data-x-mode="relative"]').check({ force: true });
      const charts = await chartsShow(frame, 2, 'relative');
      assert.ok(charts.every((c) => /Time\s*\d+:\d\d:\d\d/.test(c.xLegend)), `x legends: ${JSON.stringify(charts.map((c) => c.xLegend))}`);
      // Zoom requests and findings stay in steps: the visible time range maps back to the front run's steps.
      assert.ok(charts.every((c) => /^\d+,\d+$/.test(c.stepRange)), `step ranges: ${JSON.stringify(charts.map((c) => c.stepRange))}`);
      mkdirSync(join(testOutput, 'screenshots'), { recursive: true });
      await sleep(400);
      await page.screenshot({ path: join(testOutput, 'screenshots', `logs-overlay-${theme}.png`) });
      await frame.locator('input[data-x-mode="step"]').check({ force: true });
      await chartsShow(frame, 2, 'step');
    });

    it('after "Developer: Reload Window" overlays the same runs again', async () => {
      frame = await reloadWindowAndShowDashboard(page);
      const charts = await chartsShow(frame, 2, 'step', 60_000);
      assert.ok(charts.length >= 2);
      assert.equal(await frame.locator('.run-legend .run-toggle').count(), 2);
    });
  });
}
