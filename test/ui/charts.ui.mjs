// UI test: the gradient-norm, update-to-parameter ratio and train/validation loss charts of a comparison on the MLP
// (a problem with validation data), in the real dashboard (code-server + Chromium), per color theme
// (OPTLENS_UI_THEMES, default "light,dark"): the three charts draw, their data tables open from the keyboard, and
// test-output/screenshots/charts-<theme>.png shows them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testOutput } from '../vscode/paths.mjs';
import { acceptInputBox, acceptQuickPick, canvasInk, runFromPalette, sleep, waitUntil, webviewContentFrame } from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);
const CHARTS = ['validation-chart', 'gradNorm-chart', 'updateRatio-chart'];

for (const theme of themes) {
  describe(`Gradient-norm, update-ratio and validation charts on an MLP comparison (${theme} theme)`, function () {
    this.timeout(240_000);
    let server;
    let browser;
    let page;
    let frame;

    before(async function () {
      ({ server, browser, page } = await openUiSession({ name: `ui-charts-${theme}`, theme }));
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-charts-${theme}`);
    });

    it('runs the default optimizers on the MLP and draws the three charts', async () => {
      await runFromPalette(page, 'Optimizer Lens: Run optimizer comparison');
      await acceptQuickPick(page, /^MLP/, { pick: true });
      await acceptQuickPick(page, /adam/i);
      await acceptInputBox(page);
      await acceptQuickPick(page, /Run/);
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      const ink = await waitUntil('the three new charts drawn', async () => {
        const found = await canvasInk(frame);
        const ours = CHARTS.map((id) => found.find((c) => c.id === id));
        return ours.every((c) => c && c.visible && c.varied > 100) && ours;
      }, { timeoutMs: 120_000 }).catch(async (err) => {
        throw new Error(`${err.message}\ncanvases: ${JSON.stringify(await canvasInk(frame).catch(() => 'n/a'))}`);
      });
      console.log(`      ${ink.map((c) => `${c.id} ${c.width}x${c.height} ${c.varied} px drawn`).join('; ')}`);
      const labels = await frame.evaluate((ids) => ids.map((id) => document.getElementById(id)?.getAttribute('aria-label') ?? ''), CHARTS);
      assert.match(labels[0], /^Train and validation loss per step, log scale, \d+ series/);
      assert.match(labels[1], /^Gradient norm per step, log scale/);
      assert.match(labels[2], /^Update-to-parameter ratio per step, log scale/);
      const legend = await frame.evaluate(() => [...document.querySelectorAll('#validation-chart .u-legend .u-label')].map((e) => e.textContent));
      assert.ok(legend.some((l) => / validation$/.test(l ?? '')) && legend.some((l) => / train$/.test(l ?? '')), `legend: ${JSON.stringify(legend)}`);
    });

    it('opens the gradient-norm and validation data tables from the keyboard, with measured values only', async () => {
      for (const id of ['gradNorm', 'validation']) {
        await frame.focus(`#${id}-heading + .chart-tools .chart-table-toggle`);
        await page.keyboard.press('Enter');
        await frame.locator(`#${id}-table table`).waitFor({ state: 'visible', timeout: 20_000 });
      }
      const validation = await frame.evaluate(() => {
        const table = document.querySelector('#validation-table table');
        const heads = [...(table?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent);
        const rows = [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent));
        return { heads, rows };
      });
      const column = validation.heads.findIndex((h) => / validation$/.test(h ?? ''));
      assert.ok(column > 0, `headers: ${JSON.stringify(validation.heads)}`);
      // Only the evaluated steps (0, every 10th, the last), each with a measured value: no invented ones.
      const steps = validation.rows.map((r) => r[0]);
      assert.equal(steps[0], '0');
      assert.equal(steps[1], '10');
      assert.ok(steps.every((s) => Number(s.replace(/,/g, '')) % 10 === 0 || s === steps.at(-1)), `steps: ${steps.join(' ')}`);
      assert.ok(validation.rows.every((r) => r[column] !== '—'), 'every row has a validation value');
      assert.equal(await frame.getAttribute('#gradNorm-heading + .chart-tools .chart-table-toggle', 'aria-pressed'), 'true');
      // Back to the charts for the screenshot.
      for (const id of ['gradNorm', 'validation']) {
        await frame.focus(`#${id}-heading + .chart-tools .chart-table-toggle`);
        await page.keyboard.press('Enter');
        await frame.locator(`#${id}-chart`).waitFor({ state: 'visible', timeout: 20_000 });
      }
    });

    it(`saves test-output/screenshots/charts-${theme}.png (the three charts)`, async () => {
      await runFromPalette(page, 'View: Close Primary Side Bar');
      frame = await webviewContentFrame(page);
      await waitUntil('the charts redrawn after the resize', async () => {
        const found = await canvasInk(frame);
        return CHARTS.every((id) => found.some((c) => c.id === id && c.visible && c.varied > 100));
      }, { timeoutMs: 30_000 });
      const first = frame.locator('section:has(#validation-chart)');
      await first.scrollIntoViewIfNeeded();
      await sleep(700);
      mkdirSync(join(testOutput, 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(testOutput, 'screenshots', `charts-${theme}.png`) });
      for (const id of CHARTS) {
        await frame.locator(`section:has(#${id})`).screenshot({ path: join(testOutput, 'screenshots', `chart-${id.replace('-chart', '')}-${theme}.png`) });
      }
    });
  });
}
