// UI test: the optimizer-path animation in the real dashboard (code-server + Chromium), per color theme
// (OPTLENS_UI_THEMES, default "light,dark"): play, pause and scrub with the keyboard, check the step shown,
// keep the place across "Reload Window" and a hidden panel, and save test-output/screenshots/paths-<theme>.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testOutput } from '../vscode/paths.mjs';
import {
  acceptInputBox, acceptQuickPick, reloadWindowAndShowDashboard, runFromPalette, sleep, waitUntil, webviewContentFrame,
} from './workbench.mjs';
import { openUiSession, screenshotOnFailure } from './session.mjs';

const themes = (process.env.OPTLENS_UI_THEMES ?? 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);

for (const theme of themes) {
  describe(`Optimizer path animation (${theme} theme)`, function () {
    this.timeout(180_000);
    let server;
    let browser;
    let page;
    let frame;
    let lastStep;

    /** The step the slider shows, and what the label next to it says. */
    const shown = async () => ({
      step: Number(await frame.inputValue('.path-step')),
      label: (await frame.textContent('.path-step-label')) ?? '',
      playing: (await frame.getAttribute('.path-play', 'aria-label')) === 'Pause',
    });

    before(async function () {
      ({ server, browser, page } = await openUiSession({ name: `ui-paths-${theme}`, theme }));
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    afterEach(async function () {
      await screenshotOnFailure(this.currentTest, page, `failure-paths-${theme}`);
    });

    it('runs the default comparison on Rosenbrock and starts the animation', async () => {
      await runFromPalette(page, 'Optimizer Lens: Run optimizer comparison');
      await acceptQuickPick(page, /Rosenbrock/, { pick: true });
      await acceptQuickPick(page, /adam/i);
      lastStep = Number(await acceptInputBox(page));
      await acceptQuickPick(page, /Run/);
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      frame = await webviewContentFrame(page);
      await frame.locator('#path-plot canvas').waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await frame.getAttribute('.path-step', 'max'), String(lastStep));
      // The animation plays on its own (the test browser does not ask for reduced motion) and moves forward.
      const first = await waitUntil('the animation to move', async () => { const s = await shown(); return s.step > 0 && s; }, { timeoutMs: 20_000 });
      assert.equal(first.playing, true);
    });

    it('pauses with Space, steps with the arrows, jumps with Home and End', async () => {
      await frame.focus('#path-plot');
      await page.keyboard.press('Space');
      const paused = await waitUntil('paused', async () => { const s = await shown(); return !s.playing && s; });
      await sleep(600);
      assert.equal((await shown()).step, paused.step, 'a paused animation does not move');
      await page.keyboard.press('Home');
      assert.equal((await shown()).step, 0);
      for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowLeft');
      const six = await shown();
      assert.equal(six.step, 6);
      assert.equal(six.label, `6 / ${lastStep.toLocaleString('en-US')}`);
      await page.keyboard.press('End');
      assert.equal((await shown()).step, lastStep);
      await page.keyboard.press('Shift+ArrowLeft');
      assert.equal((await shown()).step, lastStep - Math.round(lastStep / 10));
      // The live region says the step (after the keys settle) and each run's loss there.
      const said = await waitUntil('the live region to speak', async () => {
        const t = (await frame.textContent('.path-live')) ?? '';
        return t.startsWith(`Step ${(lastStep - Math.round(lastStep / 10)).toLocaleString('en-US')} of`) && t;
      });
      assert.match(said, /Adam[^;]* loss \d/);
    });

    it('plays again with Space and scrubs with the slider', async () => {
      await page.keyboard.press('Home');
      await page.keyboard.press('Space');
      await waitUntil('playing from the start', async () => { const s = await shown(); return s.playing && s.step > 0; }, { timeoutMs: 10_000 });
      await frame.focus('.path-step');
      await page.keyboard.press('Space');
      await waitUntil('paused from the slider', async () => !(await shown()).playing);
      await frame.locator('.path-step').fill('60');
      const scrubbed = await shown();
      assert.equal(scrubbed.step, 60);
      assert.equal(scrubbed.playing, false, 'scrubbing pauses');
      assert.equal(await frame.getAttribute('.path-step', 'aria-valuetext'), `Step 60 of ${lastStep.toLocaleString('en-US')}`);
    });

    it(`saves test-output/screenshots/paths-${theme}.png`, async () => {
      const dir = join(testOutput, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const panel = frame.locator('section[aria-labelledby="paths-heading"]');
      await panel.scrollIntoViewIfNeeded();
      await frame.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      await sleep(400);
      await panel.screenshot({ path: join(dir, `paths-${theme}.png`) });
    });

    it('keeps the step and the paused state after "Developer: Reload Window"', async () => {
      frame = await reloadWindowAndShowDashboard(page);
      await frame.locator('#path-plot canvas').waitFor({ state: 'visible', timeout: 60_000 });
      const restored = await waitUntil('the restored place', async () => { const s = await shown(); return s.step === 60 && s; }, { timeoutMs: 30_000 })
        .catch(async (err) => { throw new Error(`${err.message}; shown: ${JSON.stringify(await shown().catch(() => 'n/a'))}`); });
      assert.equal(restored.playing, false);
    });
    it('keeps its place, paused or playing, while the panel is hidden behind another editor', async () => {
      /** Puts an untitled editor in front of the dashboard (VS Code discards the hidden webview), then brings it back. */
      const hideAndShow = async () => {
        await runFromPalette(page, 'File: New Untitled Text File');
        await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await sleep(1000);
        await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().click();
        frame = await webviewContentFrame(page);
        await frame.locator('#path-plot canvas').waitFor({ state: 'visible', timeout: 60_000 });
      };
      await frame.locator('.path-step').fill('123');
      await hideAndShow();
      const paused = await waitUntil('step 123, paused', async () => { const s = await shown(); return s.step === 123 && !s.playing && s; }, { timeoutMs: 30_000 })
        .catch(async (err) => { throw new Error(`${err.message}; shown: ${JSON.stringify(await shown().catch(() => 'n/a'))}`); });
      assert.equal(paused.step, 123);
      // Slowest speed, so the run does not reach its end while hidden.
      await frame.selectOption('.path-speed', '0.25');
      await frame.focus('#path-plot');
      await page.keyboard.press('Space');
      await waitUntil('playing on from 123', async () => { const s = await shown(); return s.playing && s.step > 123; }, { timeoutMs: 10_000 });
      await sleep(1500); // the place is saved about once a second while playing
      const before = await shown();
      await hideAndShow();
      const after = await waitUntil('playing again after the panel came back', async () => { const s = await shown(); return s.playing && s; }, { timeoutMs: 30_000 });
      assert.ok(after.step >= 123 && after.step <= lastStep, `step ${after.step} after hiding at ${before.step}`);
      assert.equal(await frame.inputValue('.path-speed'), '0.25', 'the speed is kept');
    });
  });
}
