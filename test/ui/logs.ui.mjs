// UI test: watching a training log while a writer process appends to it, in the packaged extension in
// code-server. The writer (test/ui/logWriter.mjs) appends a row to a Lightning-style metrics.csv and two
// scalars to a TensorBoard event file every 200 ms; the test runs "Watch Training Log..." on the CSV and checks
// that the Training Runs tree lists both runs with their metrics, that the status bar item's step advances,
// and that the dashboard's log chart redraws as the log grows. From step 4000 (80 s into the writing, after
// the watch: a finding already in a log when it is first read is not announced) the CSV's loss blows up: the
// divergence must show under the run in the tree (its tooltip with the fixes), in the status bar and in a
// notification. One pass per theme (OPTLENS_UI_THEMES); saves test-output/screenshots/logs-<theme>.png and
// logs-findings-<theme>.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testOutput } from '../vscode/paths.mjs';
import { drawnLogStep, prepareLogWorkspace, startLogWriter, statusBarStep, watchLogFromPalette } from './logHarness.mjs';
import { canvasInk, closeQuickInput, quickPickRows, reloadWindowAndShowDashboard, runFromPalette, sleep, waitUntil, webviewContentFrame } from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);

/** Waits until `read()` reports a step past `after`; returns it. */
async function stepPast(what, read, after, timeoutMs = 20_000) {
  return waitUntil(`${what} to pass step ${after}`, async () => {
    const value = await read();
    return value && value.step > after && value;
  }, { timeoutMs, intervalMs: 100 });
}

for (const theme of themes) {
  describe(`Watch a training log while it is being written (${theme} theme)`, function () {
    this.timeout(180_000);
    let logs;
    let writer;
    let server;
    let browser;
    let page;
    let frame;

    before(async function () {
      logs = await prepareLogWorkspace(`logs-ws-${theme}`);
      // Some history before VS Code starts, then a record every 200 ms for the rest of the test.
      writer = startLogWriter(['--csv', logs.csv, '--tfevents', logs.tfevents, '--tfwriter', logs.tfwriter, '--interval', '200', '--count', '900', '--diverge-at', '4000']);
      await waitUntil('the first records on disk', () => writer.appends.length >= 5, { timeoutMs: 10_000 });
      ({ server, browser, page } = await openUiSession({ name: `ui-logs-${theme}`, theme, workspace: logs.workspace }));
    });

    after(async function () {
      await writer?.stop();
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-logs-${theme}`);
    });

    it('watches the CSV from "Watch Training Log..." and opens it in the dashboard', async () => {
      await watchLogFromPalette(page, logs.csv);
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      const drawn = await waitUntil('the log section to draw', () => drawnLogStep(frame), { timeoutMs: 60_000 });
      assert.match(drawn.runId, /metrics\.csv$/);
      const header = await frame.evaluate(() => document.querySelector('#log-view h1')?.textContent ?? '');
      assert.match(header, /live/);
      assert.equal(await frame.evaluate(() => document.getElementById('tab-log')?.getAttribute('aria-selected')), 'true');
    });

    it('lists the runs and their metrics in the Training Runs view', async () => {
      await runFromPalette(page, 'Focus on Training Runs View');
      const rows = page.locator('.part.sidebar .monaco-list-row');
      const labels = await waitUntil('both runs in the tree', async () => {
        const texts = await rows.allInnerTexts();
        return texts.some((t) => /live\/metrics\.csv/.test(t)) && texts.some((t) => /runs\/tb/.test(t)) && texts;
      }, { timeoutMs: 60_000 });
      assert.ok(labels.some((t) => /live\/metrics\.csv[\s\S]*step [\d,]+/.test(t)), `the CSV run shows no step: ${JSON.stringify(labels)}`);
      // Expand the focused (CSV) run with the keyboard; clicking another run would move the focus.
      const csvRow = rows.filter({ hasText: 'live/metrics.csv' }).first();
      if (await csvRow.getAttribute('aria-expanded') !== 'true') {
        await csvRow.locator('.monaco-tl-twistie').click();
      }
      const metrics = await waitUntil('the CSV run\u2019s metrics', async () => {
        const texts = await rows.allInnerTexts();
        return texts.some((t) => /train_loss/.test(t)) && texts.some((t) => /lr-SGD/.test(t)) && texts;
      }, { timeoutMs: 20_000 });
      assert.ok(metrics.some((t) => /train_loss[\s\S]*pts/.test(t)), `no point count on train_loss: ${JSON.stringify(metrics)}`);
    });

    it('advances the step in the status bar as the writer appends', async () => {
      const first = await waitUntil('the status bar item with a step', () => statusBarStep(page), { timeoutMs: 30_000 });
      assert.match(first.text, /live\/metrics\.csv/);
      const later = await stepPast('the status bar step', () => statusBarStep(page), first.step);
      // The writer reports a step just after writing it: give that report time to arrive before comparing.
      await sleep(500);
      const latest = writer.appends.at(-1).step;
      console.log(`      status bar: "${first.text}" -> step ${later.step} (writer at step ${latest})`);
      assert.ok(later.step <= latest, 'the status bar shows a step the writer has not written');
    });

    it('updates the dashboard\u2019s log chart in place as the log grows', async () => {
      const before = await drawnLogStep(frame);
      const builds = await frame.evaluate(() => [...document.querySelectorAll('.log-chart')].map((c) => c.dataset.builds));
      const after = await stepPast('the drawn step', () => drawnLogStep(frame), before.step);
      const again = await stepPast('the drawn step', () => drawnLogStep(frame), after.step);
      assert.ok(again.version > before.version, 'the snapshot version did not advance');
      const charts = (await canvasInk(frame)).filter((c) => c.visible && c.width >= 50 && c.height >= 50);
      assert.ok(charts.length >= 2, `expected the train_loss and lr charts, found ${JSON.stringify(charts)}`);
      assert.ok(charts.every((c) => c.varied > 100), `a log chart is blank: ${JSON.stringify(charts)}`);
      const buildsLater = await frame.evaluate(() => [...document.querySelectorAll('.log-chart')].map((c) => c.dataset.builds));
      assert.deepEqual(buildsLater, builds, 'live updates rebuilt a chart instead of calling setData');
      console.log(`      dashboard drew steps ${before.step} -> ${after.step} -> ${again.step} (versions ${before.version} -> ${again.version})`);
    });

    it(`saves test-output/screenshots/logs-${theme}.png`, async () => {
      const dir = join(testOutput, 'screenshots');
      mkdirSync(dir, { recursive: true });
      await sleep(400);
      await page.screenshot({ path: join(dir, `logs-${theme}.png`) });
    });

    it('shows the live divergence under the run in the tree, in the status bar and in a notification', async () => {
      const rows = page.locator('.part.sidebar .monaco-list-row');
      const findingRow = rows.filter({ hasText: /divergence in train_loss from step/ }).first();
      await findingRow.waitFor({ state: 'visible', timeout: 120_000 });
      const texts = await rows.allInnerTexts();
      const findingAt = texts.findIndex((t) => /divergence in train_loss/.test(t));
      const metricAt = texts.findIndex((t) => /train_loss[\s\S]*pts/.test(t));
      assert.ok(findingAt >= 0 && findingAt < metricAt, `the finding is not listed before the run's metrics: ${JSON.stringify(texts)}`);
      assert.match(texts[findingAt], /error/);
      const status = await waitUntil('the finding in the status bar', async () => {
        const items = await page.locator('.part.statusbar .statusbar-item').allInnerTexts();
        return items.find((t) => /divergence in train_loss/.test(t));
      }, { timeoutMs: 20_000 });
      console.log(`      tree: "${texts[findingAt].replace(/\s+/g, ' ')}"; status bar: "${status.replace(/\s+/g, ' ')}"`);
      // The notification: a toast, or (if the workbench keeps it quiet) an entry in the notification center.
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /divergence in train_loss/ }).first();
      const toasted = await toast.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
      if (!toasted) {
        await runFromPalette(page, 'Notifications: Show Notifications');
        await page.locator('.notifications-center .notification-list-item', { hasText: /divergence in train_loss/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      }
      const notification = toasted ? toast : page.locator('.notifications-center .notification-list-item', { hasText: /divergence in train_loss/ }).first();
      assert.match(await notification.innerText(), /Show in Dashboard[\s\S]*Show Fixes|Show Fixes[\s\S]*Show in Dashboard/);
      if (!toasted) await runFromPalette(page, 'Notifications: Hide Notifications').catch(() => {});
      // A click on the finding shows its fixes (with the why as the placeholder), however fast the log grows.
      await findingRow.click();
      const fixes = await waitUntil('the fixes QuickPick', async () => {
        const labels = await quickPickRows(page);
        return labels.some((l) => /^1\. /.test(l)) && labels;
      }, { timeoutMs: 15_000 });
      assert.ok(fixes.some((l) => /learning rate/i.test(l)), `no learning-rate fix: ${JSON.stringify(fixes)}`);
      mkdirSync(join(testOutput, 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(testOutput, 'screenshots', `logs-fixes-${theme}.png`) });
      await closeQuickInput(page);
      // The tooltip (the range, the message with its numbers, the fixes) once the rows hold still: a row
      // redrawn within the workbench's hover delay never shows one, so the writer stops first.
      await writer.stop();
      // The pointer leaves and comes back: a hover starts when it enters the row.
      await page.mouse.move(700, 700);
      await sleep(2_500);
      const box = await findingRow.boundingBox();
      await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 5 });
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: /Fixes, best first/ }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await hover.innerText(), /divergence in train_loss at steps [\d,]+-[\d,]+[\s\S]*train_loss grew [\d.e+]+x from its best/);
      await page.screenshot({ path: join(testOutput, 'screenshots', `logs-findings-${theme}.png`) });
      await page.mouse.move(5, 5);
    });

    it('shows the finished run again, still live, after the dashboard was hidden behind another editor', async () => {
      await writer.stop();
      const last = writer.appends.at(-1).step;
      await waitUntil(`the last step (${last}) drawn`, async () => (await drawnLogStep(frame))?.step === last, { timeoutMs: 20_000 });
      // Hidden webviews are discarded (no retainContextWhenHidden) and reload when shown again; the log no
      // longer grows, so nothing new is on its way: the panel must answer from the snapshot it has.
      // Twice: the first time the host may still have something new to say (the tags the webview asks for).
      for (let round = 1; round <= 2; round++) {
        await runFromPalette(page, 'File: New Untitled Text File');
        await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ state: 'visible', timeout: 20_000 });
        await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().click();
        frame = await webviewContentFrame(page);
        const drawn = await waitUntil('the run drawn again', () => drawnLogStep(frame), { timeoutMs: 30_000 });
        assert.equal(drawn.step, last);
        await sleep(6_000);
        assert.equal(await frame.evaluate(() => document.getElementById('log-view')?.dataset.connection), 'live',
          `the run was marked as not watched after the dashboard came back (round ${round})`);
      }
    });

    it('after "Developer: Reload Window" shows the run again, live', async () => {
      await closeQuickInput(page);
      frame = await reloadWindowAndShowDashboard(page);
      // The saved state brings back the run's name at once and asks the host for the run, which follows it
      // again (it is still on disk) and answers with a snapshot. It must never stay "Reconnecting…" (a run the
      // host cannot follow any more is marked "no longer watched" instead).
      const header = await waitUntil('the restored log header', () => frame.evaluate(() => document.querySelector('#log-view h1')?.textContent), { timeoutMs: 30_000 });
      assert.match(header, /live/);
      const connection = await waitUntil('the restored log section to settle', async () => {
        const c = await frame.evaluate(() => document.getElementById('log-view')?.dataset.connection);
        return (c === 'live' || c === 'unwatched') && c;
      }, { timeoutMs: 30_000 });
      assert.equal(connection, 'live', 'the host did not follow the restored run again');
      const drawn = await waitUntil('the restored run drawn', () => drawnLogStep(frame), { timeoutMs: 30_000 });
      assert.equal(drawn.step, writer.appends.at(-1).step);
      await page.screenshot({ path: join(testOutput, 'screenshots', `logs-reloaded-${theme}.png`) });
    });
  });
}
