// UI test: the packaged extension, installed from its .vsix, run from the command palette like a user would.
// One pass per color theme (OPTLENS_UI_THEMES, default "light,dark"); each saves
// test-output/screenshots/comparison-<theme>.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionId, testOutput } from '../vscode/paths.mjs';
import {
  acceptInputBox, acceptQuickPick, activationRecords, activationTimeFromRunningExtensions, canvasInk, closeQuickInput, quickPickOffers, quickPickRows,
  extensionHostLog, reloadWindowAndShowDashboard, resultRows, runFromPalette, sleep, waitUntil, webviewContentFrame,
} from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

/** How a results-table row names each default optimizer (plain SGD is the one without momentum). */
const optimizerRows = {
  sgd: (label) => /sgd/i.test(label) && !/momentum|nesterov/i.test(label),
  momentum: (label) => /momentum/i.test(label) && !/nesterov/i.test(label),
  nesterov: (label) => /nesterov/i.test(label),
  adam: (label) => /adam/i.test(label),
  rmsprop: (label) => /rmsprop/i.test(label),
};
const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);

for (const theme of themes) {
  describe(`Run optimizer comparison from the command palette (${theme} theme)`, function () {
    this.timeout(180_000);
    let server;
    let browser;
    let page;
    let frame;

    before(async function () {
      ({ server, browser, page } = await openUiSession({ name: `ui-${theme}`, theme }));
    });

    after(async function () {
      if (page && this.currentTest?.state === 'failed') {
        await page.screenshot({ path: join(server.dirs.root, 'failure.png') }).catch(() => {});
      }
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-${theme}`);
    });

    it('does not activate Optimizer Lens at startup', async () => {
      // Startup is over once the onStartupFinished extensions have been activated.
      await waitUntil('startup to finish (onStartupFinished activations in the extension host log)',
        () => /activationEvent: 'onStartupFinished'/.test(extensionHostLog(server.dirs.userData)), { timeoutMs: 60_000 });
      await sleep(1500);
      const log = extensionHostLog(server.dirs.userData);
      assert.ok(readdirSync(server.dirs.extensions).some((name) => name.startsWith(`${extensionId}-`)), 'the VSIX is not installed');
      assert.deepEqual(activationRecords(log, extensionId), [], 'Optimizer Lens was activated during startup');
    });

    it('runs the comparison through the QuickPick with the defaults', async () => {
      await runFromPalette(page, 'Optimizer Lens: Run optimizer comparison');
      await waitUntil('the problem QuickPick', async () => (await quickPickRows(page)).some((p) => /Rosenbrock/.test(p)));
      assert.ok(await quickPickOffers(page, 'spec', /spec file/i), '"Run a spec file…" is not offered');
      assert.ok(await quickPickOffers(page, 'Himmelblau', /Himmelblau/), 'Himmelblau is not offered');
      await acceptQuickPick(page, /Ill-conditioned quadratic/, { pick: true });
      await waitUntil('the optimizer QuickPick', async () => (await quickPickRows(page)).some((o) => /Adam/.test(o)));
      // The five tuned presets (preselected) and the other optimizers at their framework defaults.
      for (const [filter, name] of [['AdamW', /AdamW/], ['NAdam', /NAdam/], ['Adagrad', /Adagrad/], ['Adadelta', /Adadelta/], ['Lion', /Lion/]]) {
        assert.ok(await quickPickOffers(page, filter, name), `${name} is not offered`);
      }
      await acceptQuickPick(page, /adam/i);
      const steps = await acceptInputBox(page);
      assert.equal(steps, '500');
      const options = await acceptQuickPick(page, /Run/);
      for (const option of [/Convention/, /Schedule/, /Clipping/]) {
        assert.ok(options.some((o) => option.test(o)), `${option} is not offered: ${options.join(' | ')}`);
      }
      const records = await waitUntil('Optimizer Lens to activate',
        () => { const r = activationRecords(extensionHostLog(server.dirs.userData), extensionId); return r.length > 0 && r; });
      assert.equal(records[0].event, 'onCommand:optimizerLens.runComparison');
      assert.equal(records[0].startup, false);
    });

    it('draws the charts in the dashboard webview', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      const canvases = await waitUntil('at least two visible canvases with drawn pixels', async () => {
        const found = await canvasInk(frame);
        const charts = found.filter((c) => c.visible && c.width >= 50 && c.height >= 50);
        return charts.length >= 2 && charts.every((c) => c.varied > 100) && found;
      }, { timeoutMs: 60_000 }).catch(async (err) => {
        throw new Error(`${err.message}\ncanvases: ${JSON.stringify(await canvasInk(frame).catch(() => 'n/a'))}`);
      });
      console.log(`      canvases: ${canvases.map((c) => `${c.id || '?'} ${c.width}x${c.height} ${c.varied} px drawn`).join('; ')}`);
    });

    it('lists one results-table row per optimizer', async () => {
      const rows = await waitUntil('five rows in the results table', async () => {
        const r = await resultRows(frame);
        return r.length === 5 && r;
      }, { timeoutMs: 30_000 }).catch(async (err) => {
        throw new Error(`${err.message}; rows: ${JSON.stringify(await resultRows(frame).catch(() => 'n/a'))}`);
      });
      for (const [id, isRow] of Object.entries(optimizerRows)) {
        assert.ok(rows.some((cells) => isRow(cells[0] ?? '')), `no results row for ${id}: ${JSON.stringify(rows)}`);
      }
    });

    it(`saves test-output/screenshots/comparison-${theme}.png`, async () => {
      const dir = join(testOutput, 'screenshots');
      mkdirSync(dir, { recursive: true });
      await sleep(500);
      await page.screenshot({ path: join(dir, `comparison-${theme}.png`) });
    });

    it(`saves test-output/screenshots/dashboard-${theme}.png with the side bar closed (README)`, async () => {
      await runFromPalette(page, 'View: Close Primary Side Bar');
      // The webview re-lays out its charts on resize; wait until they have ink again.
      await waitUntil('charts redrawn after the resize', async () => {
        const ink = await canvasInk(frame);
        const charts = ink.filter((c) => c.visible && c.width > 0);
        return charts.length >= 3 && charts.every((c) => c.inked > 0);
      }, { timeoutMs: 20_000 });
      await sleep(700);
      await page.screenshot({ path: join(testOutput, 'screenshots', `dashboard-${theme}.png`) });
    });

    it('shows its activation time in Running Extensions', async () => {
      const { text, ms, startup } = await activationTimeFromRunningExtensions(page, 'optimizer-lens');
      console.log(`      Optimizer Lens activation time (Running Extensions): ${ms} ms ("${text}")`);
      assert.ok(Number.isFinite(ms), `could not read an activation time from "${text}"`);
      assert.equal(startup, false, `Running Extensions reports a startup activation: "${text}"`);
    });

    it('restores the dashboard, charts and table after "Developer: Reload Window"', async () => {
      // The WebviewPanelSerializer revives the panel; the webview redraws from its saved state.
      // Running Extensions (previous test) opens as a modal editor in 1.139; Escape closes it.
      await closeQuickInput(page);
      await page.keyboard.press('Escape');
      await sleep(500);
      frame = await reloadWindowAndShowDashboard(page);
      await waitUntil('the restored charts to draw', async () => {
        const charts = (await canvasInk(frame)).filter((c) => c.visible && c.width >= 50 && c.height >= 50);
        return charts.length >= 3 && charts.every((c) => c.varied > 100);
      }, { timeoutMs: 60_000 });
      const rows = await waitUntil('five restored table rows', async () => {
        const r = await resultRows(frame);
        return r.length === 5 && r;
      }, { timeoutMs: 30_000 });
      for (const [id, isRow] of Object.entries(optimizerRows)) {
        assert.ok(rows.some((cells) => isRow(cells[0] ?? '')), `no restored results row for ${id}: ${JSON.stringify(rows)}`);
      }
    });

    it(`smooths the loss chart with the slider and saves test-output/screenshots/smoothing-${theme}.png`, async () => {
      frame = await webviewContentFrame(page);
      const label = () => frame.evaluate(() => document.getElementById('loss-chart')?.getAttribute('aria-label') ?? '');
      await waitUntil('the loss chart smoothed at TensorBoard\u2019s default 0.6', async () => /smoothed 0\.6/.test(await label()));
      await frame.focus('.smoothing-slider');
      for (let i = 0; i < 25; i++) await frame.press('.smoothing-slider', 'ArrowRight');
      await waitUntil('the loss chart smoothed at 0.85', async () => /smoothed 0\.85/.test(await label()), { timeoutMs: 10_000 });
      assert.equal(await frame.textContent('.smoothing-value'), '0.85');
      const panel = frame.locator('section:has(#loss-chart)');
      await panel.scrollIntoViewIfNeeded();
      await sleep(400);
      await panel.screenshot({ path: join(testOutput, 'screenshots', `smoothing-${theme}.png`) });
    });

    it(`shows the stability map with the runs placed (test-output/screenshots/stability-map-${theme}.png)`, async () => {
      const map = frame.locator('.stability-map[data-state="map"]');
      await map.waitFor({ state: 'attached', timeout: 20_000 });
      const drawn = await waitUntil('the two momentum-SGD runs placed on the map', async () => {
        const n = await frame.evaluate(() => document.querySelector('.stability-canvas')?.dataset.drawn ?? '');
        return n !== '' && n;
      });
      assert.equal(drawn, '2', 'SGD and SGD momentum sit on the heavy-ball map (Nesterov, Adam and RMSprop are listed as off it)');
      const panel = frame.locator('section:has(.stability-map)');
      await panel.scrollIntoViewIfNeeded();
      await sleep(400);
      await panel.screenshot({ path: join(testOutput, 'screenshots', `stability-map-${theme}.png`) });
    });

    it('exports the loss series as CSV through the save dialog', async () => {
      const target = join(server.dirs.root, `loss-${theme}.csv`);
      await frame.click('#loss-heading + .chart-tools .export-csv');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 20_000 });
      await waitUntil('the save dialog proposing the export\u2019s name', async () => /loss-.*\.csv$/.test(await input.inputValue()));
      await input.fill(target);
      // The simple file dialog filters its list as the path is typed; Enter before it settles can be taken by the list.
      await sleep(700);
      await page.keyboard.press('Enter');
      const text = await waitUntil(`${target} written`, async () => {
        if (existsSync(target)) return readFileSync(target, 'utf8');
        if (await input.isVisible()) await page.keyboard.press('Enter');
        return false;
      }, { timeoutMs: 20_000, intervalMs: 1000 });
      const lines = text.trim().split('\r\n');
      assert.match(lines[0], /^step,SGD lr=0\.012,SGD lr=0\.012 \(smoothed\),/);
      assert.equal(lines.length, 502, 'a header and the 501 rows of steps 0..500');
    });

    it('copies the findings as Markdown', async () => {
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await frame.click('.copy-findings');
      const text = await waitUntil('the Markdown on the clipboard', async () => {
        const t = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        return t.startsWith('## Findings') && t;
      }, { timeoutMs: 15_000 });
      assert.match(text, /^## Findings: Ill-conditioned quadratic/);
      assert.match(text, /### SGD momentum=0\.9 lr=0\.012/);
    });

    it('re-runs the restored comparison from a map click after "Reload Window" (the click carries the runs)', async () => {
      // The host forgot the comparison with the reload; the panel restored it from its state and the click sends it.
      const added = await clickMapAndWaitForRerun(frame);
      assert.match(added, /^SGD momentum=0\.\d{1,3} lr=/);
    });

    it('runs a spec file from its "Run all" CodeLens and shows every run on the dashboard', async () => {
      await closeQuickInput(page);
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('nesterov-vs-momentum-warmup.optlens.json');
      await waitUntil('the spec file in Quick Open', async () =>
        (await quickPickRows(page)).some((r) => /nesterov-vs-momentum-warmup/.test(r)));
      await page.keyboard.press('Enter');
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run all' }).first();
      await lens.waitFor({ state: 'visible', timeout: 60_000 });
      await page.screenshot({ path: join(testOutput, 'screenshots', `spec-codelens-${theme}.png`) });
      await lens.click();
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().click();
      frame = await webviewContentFrame(page);
      const rows = await waitUntil('four spec runs in the results table', async () => {
        const r = await resultRows(frame);
        return r.length === 4 && r;
      }, { timeoutMs: 60_000 });
      assert.ok(rows.some((cells) => /keras/i.test(cells.join(' '))), `no Keras run in ${JSON.stringify(rows)}`);
      await waitUntil('the spec runs drawn', async () => {
        const charts = (await canvasInk(frame)).filter((c) => c.visible && c.width >= 50 && c.height >= 50);
        return charts.length >= 3 && charts.every((c) => c.varied > 100);
      }, { timeoutMs: 60_000 });
      await sleep(500);
      await page.screenshot({ path: join(testOutput, 'screenshots', `spec-dashboard-${theme}.png`) });
    });

    it('re-runs the comparison with one more SGD run from a click on the stability map', async () => {
      // The spec file's comparison of the previous test, which the host remembers.
      const added = await clickMapAndWaitForRerun(frame);
      // Plain SGD with the cell's settings, rounded to 3 significant digits for a readable label.
      assert.match(added, /^SGD momentum=0\.\d{1,3} lr=\d\.?\d{0,2}(e-\d+)?$|^SGD momentum=0\.\d{1,3} lr=0\.0*\d{1,3}$/);
    });
  });
}

/** Clicks a map cell left of the stable edge at momentum ~0.9, waits for the re-run; returns the added run's name. */
async function clickMapAndWaitForRerun(frame) {
  const before = await resultRows(frame);
  const canvas = frame.locator('.stability-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  // A cell left of the stable edge, at momentum about 0.9 (upper middle of the map).
  await canvas.click({ position: { x: box.width * 0.55, y: box.height * 0.45 } });
  const rows = await waitUntil('the re-run with one more, map-chosen SGD run', async () => {
    const r = await resultRows(frame);
    return r.length === before.length + 1 && r;
  }, { timeoutMs: 90_000 }).catch(async (err) => {
    throw new Error(`${err.message}; banner: ${await frame.evaluate(() => document.querySelector('.banner')?.textContent ?? 'none')}`);
  });
  // The "best" badge sits in the name cell and may move to another run.
  const name = (cells) => (cells[0] ?? '').replace(/\s*best$/, '');
  for (const run of before) assert.ok(rows.some((cells) => name(cells) === name(run)), `the re-run lost ${name(run)}`);
  const added = rows.find((cells) => !before.some((run) => name(run) === name(cells)));
  console.log(`      map click re-ran with: ${added?.[0]}`);
  return name(added ?? []);
}
