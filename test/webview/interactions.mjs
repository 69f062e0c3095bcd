// Drives a dev page in headless Chromium: toggles the log scale, tabs to the Run button, switches
// the theme live, and checks the messages and saved state. Screenshots go to test-output/webview/.
//   node test/webview/devPage.mjs && PW_DIR=/tmp/pw node test/webview/interactions.mjs
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const out = 'test-output/webview';
const { chromium } = createRequire(join(resolve(process.env.PW_DIR ?? '/tmp/pw'), 'package.json'))('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('file://' + resolve(out, 'rosenbrock-dark.html'));
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'rendered'));
  const rendered = await page.evaluate(() => window.__posted.find((m) => m.type === 'rendered'));
  assert.equal(rendered.labels.length, 6);
  assert.match(await page.getAttribute('#loss-chart', 'aria-label'), /log scale, 6 series/);

  // Log scale off: linear axis, state saved, rendered again.
  await page.click('label[for="log-scale"]');
  await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'rendered').length >= 2);
  assert.equal(await page.evaluate(() => window.__state.logScale), false);
  assert.match(await page.getAttribute('#loss-chart', 'aria-label'), /linear scale/);
  await page.screenshot({ path: join(out, 'interaction-linear-dark.png') });

  // Keyboard: focus ring on the Run button, Enter posts runComparison.
  await page.focus('#log-scale');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Run comparison…');
  await page.screenshot({ path: join(out, 'interaction-focus-dark.png'), clip: { x: 900, y: 0, width: 380, height: 80 } });
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => window.__posted.some((m) => m.type === 'runComparison')));

  // Live theme switch: new variables + body class; charts must pick up the light colours.
  // (VS Code updates the variables and the class together; here the stylesheet must load first.)
  await page.evaluate(() => new Promise((done) => {
    const link = document.querySelector('link[href^="theme-"]');
    link.addEventListener('load', () => { document.body.className = 'vscode-light'; done(); }, { once: true });
    link.setAttribute('href', 'theme-light.css');
  }));
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, 'interaction-theme-switched-light.png'), fullPage: true });

  // Sorting the table by final loss puts the best run first.
  await page.click('#results-table th button[data-column="finalLoss"]');
  const first = await page.textContent('#results-table tbody tr:first-child th');
  assert.match(first, /Momentum 0\.9 lr=0\.001/);
  assert.equal(await page.getAttribute('#results-table th[aria-sort]', 'aria-sort'), 'ascending');

  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  console.log('interactions ok');
} finally {
  await browser.close();
}
