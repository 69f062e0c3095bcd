// UI test: a comparison whose second run diverges, run from the command palette in the real VS Code. The
// dashboard shades the divergence on the loss chart (tooltip on keyboard focus), lists it with its fixes, and
// "Try this fix" (pressed with the keyboard) re-runs the run with the fix and shows "Proven" with both loss
// curves; the trial survives a window reload. One pass per color theme (OPTLENS_UI_THEMES, default
// "light,dark"); saves test-output/screenshots/findings-<theme>.png and fix-trial-<theme>.png.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsRoot, testOutput } from '../vscode/paths.mjs';
import { acceptQuickPick, quickPickRows, reloadWindowAndShowDashboard, resultRows, runFromPalette, sleep, waitUntil, webviewContentFrame } from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

/** Plain SGD on the ill-conditioned quadratic (largest curvature 100) is stable below lr 0.02; 0.025 diverges. */
const SPEC = [
  { id: 'stable', steps: 200, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.012 } },
  { id: 'too-fast', steps: 200, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.025 } },
];
const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);

for (const theme of themes) {
  describe(`Findings and "Try this fix" on the dashboard (${theme} theme)`, function () {
    this.timeout(180_000);
    let server;
    let browser;
    let page;
    let frame;
    const screenshots = join(testOutput, 'screenshots');

    before(async function () {
      const workspace = join(runsRoot, `findings-ws-${theme}`);
      rmSync(workspace, { recursive: true, force: true });
      mkdirSync(workspace, { recursive: true });
      writeFileSync(join(workspace, 'diverging.optlens.json'), JSON.stringify(SPEC, null, 2));
      mkdirSync(screenshots, { recursive: true });
      ({ server, browser, page } = await openUiSession({ name: `ui-findings-${theme}`, theme, workspace }));
      // The side bar would squeeze the dashboard; the charts get the editor's whole width.
      await runFromPalette(page, 'View: Close Primary Side Bar');
    });

    after(async function () {
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-findings-${theme}`);
    });

    it('runs the diverging spec from the palette and lists the divergence with its fixes', async () => {
      await runFromPalette(page, 'Optimizer Lens: Run optimizer comparison');
      await waitUntil('the problem QuickPick', async () => (await quickPickRows(page)).some((p) => /Rosenbrock/.test(p)));
      // The list is virtualised: "Run a spec file…" (last) is only in the DOM once the filter brings it up.
      await page.locator('.quick-input-widget input').fill('spec file');
      await acceptQuickPick(page, /spec file/i, { pick: true });
      await acceptQuickPick(page, /diverging/, { pick: true });
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      const finding = frame.locator('.findings-list .finding[data-kind="divergence"]');
      await finding.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await frame.locator('.findings-list .finding').count(), 1, 'only the diverging run has a finding');
      const head = await finding.locator('.finding-head').innerText();
      assert.match(head, /Error/);
      assert.match(head, /lr=0\.025/);
      assert.match(await finding.locator('.finding-message').innerText(), /grew/);
      const fixes = await finding.locator('.fix-text').allInnerTexts();
      assert.match(fixes[0], /Lower the learning rate 0\.025 -> /);
      const rows = await resultRows(frame);
      const diverging = rows.find((cells) => /0\.025/.test(cells[0] ?? ''));
      const stable = rows.find((cells) => /0\.012/.test(cells[0] ?? ''));
      assert.match(diverging?.at(-1) ?? '', /Error: divergence/, `results row: ${JSON.stringify(diverging)}`);
      assert.equal(stable?.at(-1), 'none', `results row: ${JSON.stringify(stable)}`);
    });

    it('shades the divergence on the loss chart, with its message on keyboard focus', async () => {
      const band = frame.locator('#loss-chart .finding-band.severity-error');
      await band.waitFor({ state: 'attached', timeout: 20_000 });
      const box = await band.boundingBox();
      assert.ok(box && box.width >= 4 && box.height > 50, `the band is not drawn: ${JSON.stringify(box)}`);
      await band.focus();
      const tooltip = frame.locator('#loss-chart .finding-tooltip');
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await tooltip.innerText(), /^Error: divergence in SGD lr=0\.025 \(loss, steps \d+–\d+\)\. loss grew/);
      await frame.locator('#loss-chart').scrollIntoViewIfNeeded();
      await sleep(300);
      await page.screenshot({ path: join(screenshots, `findings-${theme}.png`) });
    });

    it('tries the top fix from the keyboard and shows "Proven" with the loss before and after', async () => {
      const button = frame.locator('.findings-list button.try-fix').first();
      await button.focus();
      await button.press('Enter');
      const badge = frame.locator('.fix-trial .proof-badge');
      await badge.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await badge.innerText(), /^\W*Proven$/);
      assert.match(await frame.locator('.fix-trial .verdict').innerText(), /^Proven: the re-run shows no divergence/);
      assert.match(await frame.locator('.fix-trial .no-findings').innerText(), /no finding/);
      const legend = await frame.locator('.fix-trial .u-legend').innerText();
      assert.match(legend, /Before: SGD lr=0\.025/);
      assert.match(legend, /After: SGD lr=0\.025 with the fix/);
      await waitUntil('the before/after chart to draw', () => frame.evaluate(() => {
        const canvas = document.querySelector('.fix-trial canvas');
        return canvas instanceof HTMLCanvasElement && canvas.width > 100;
      }));
      await frame.locator('.fix-trial').scrollIntoViewIfNeeded();
      await sleep(400);
      await page.screenshot({ path: join(screenshots, `fix-trial-${theme}.png`) });
    });

    it('keeps the finding and the fix trial after a window reload', async () => {
      frame = await reloadWindowAndShowDashboard(page);
      await frame.locator('.fix-trial .proof-badge.proven').waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await frame.locator('.findings-list .finding[data-kind="divergence"]').count(), 1);
      await frame.locator('#loss-chart .finding-band.severity-error').waitFor({ state: 'attached', timeout: 20_000 });
    });
  });
}
