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
  assert.match(first, /momentum[ =]0\.9 lr=0\.001/i);
  assert.equal(await page.getAttribute('#results-table th[aria-sort]', 'aria-sort'), 'ascending');

  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await logInteractions(browser);
  await liveZoom(browser);
  await chartTools(browser);
  console.log('interactions ok');
} finally {
  await browser.close();
}

/** The Training log section: tabs from the keyboard, the tag picker, the per-chart log scale. */
async function logInteractions(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('file://' + resolve(out, 'log-with-comparison-dark.html'));
  await page.waitForSelector('#log-view[data-last-step="2990"]', { state: 'attached' });
  assert.equal(await page.getAttribute('#tab-log', 'aria-selected'), 'true', 'a newly watched run comes to the front');

  // Arrow keys move between the tabs and select.
  await page.focus('#tab-log');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-comparison');
  assert.equal(await page.isVisible('#comparison-view'), true);
  assert.equal(await page.isVisible('#log-view'), false);
  assert.equal(await page.evaluate(() => window.__state.view), 'comparison');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isVisible('#log-view'), true);

  // Tag picker from the keyboard: open it, filter, tick a tag with Space.
  await page.focus('.tag-picker summary');
  await page.keyboard.press('Enter');
  await page.fill('.tag-filter', 'val/');
  assert.deepEqual(await page.$$eval('.tag-list li:not([hidden])', (rows) => rows.map((r) => r.textContent)), ['val/loss', 'val/accuracy']);
  await page.focus('.tag-list input[data-tag="val/loss"]');
  await page.keyboard.press('Space');
  const asked = await page.evaluate(() => window.__posted.filter((m) => m.type === 'showTags').pop());
  assert.deepEqual(asked, { type: 'showTags', runId: 'runs/bert-finetune', tags: ['train/loss', 'val/accuracy', 'val/loss'] });
  await page.waitForSelector('.log-chart[data-tag="val/loss"]');
  await page.waitForFunction(() => document.querySelectorAll('.log-chart').length === 3);
  assert.deepEqual(await page.$$eval('.log-chart', (charts) => charts.map((c) => c.dataset.builds)), ['1', '1', '1'],
    'adding a tag must not rebuild the charts already shown');
  assert.deepEqual(await page.evaluate(() => window.__state.log.shownTags), ['train/loss', 'val/accuracy', 'val/loss']);

  // Log scale of a loss-like tag: off -> linear chart, remembered in the saved state.
  assert.match(await page.getAttribute('.log-chart[data-tag="train/loss"]', 'aria-label'), /log scale/);
  await page.click('.log-panel:has(.log-chart[data-tag="train/loss"]) label.checkbox');
  await page.waitForFunction(() => /linear scale/.test(document.querySelector('.log-chart[data-tag="train/loss"]').getAttribute('aria-label')));
  assert.deepEqual(await page.evaluate(() => window.__state.log.linearTags), ['train/loss']);
  assert.equal(await page.$$eval('.log-panel:has(.log-chart[data-tag="val/accuracy"]) input[type=checkbox]', (boxes) => boxes.length), 0,
    'accuracy gets no log-scale toggle');
  await page.screenshot({ path: join(out, 'interaction-log-tags-dark.png'), fullPage: true });

  // Untick all but one: the last one cannot be unticked (the host reads no tags as "the defaults").
  await page.fill('.tag-filter', '');
  for (const tag of ['train/loss', 'val/accuracy']) {
    await page.uncheck(`.tag-list input[data-tag="${tag}"]`);
    await page.waitForSelector(`.log-chart[data-tag="${tag}"]`, { state: 'detached' });
  }
  assert.equal(await page.isDisabled('.tag-list input[data-tag="val/loss"]'), true);
  assert.equal(await page.isDisabled('.tag-list input[data-tag="lr"]'), false);
  assert.deepEqual(await page.evaluate(() => window.__posted.filter((m) => m.type === 'showTags').pop().tags), ['val/loss']);

  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await page.close();
}

/** A drag-zoom on a live chart survives the snapshots that keep arriving; a double-click shows the whole run. */
async function liveZoom(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const lastStep = () => page.evaluate(() => Number(document.getElementById('log-view').dataset.lastStep));
  const xRange = async () => (await page.getAttribute('.log-chart[data-tag="grad_norm"]', 'data-x-range')).split(',').map(Number);
  await page.goto('file://' + resolve(out, 'log-live-dark.html'));
  await page.waitForFunction(() => Number(document.getElementById('log-view').dataset.lastStep) >= 150);
  const box = await page.locator('.log-chart[data-tag="grad_norm"] .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + 50);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 50, { steps: 5 });
  await page.mouse.up();
  const zoomed = await xRange();
  const stepAtZoom = await lastStep();
  assert.ok(zoomed[1] < stepAtZoom, `the drag did not zoom: ${zoomed} with data up to ${stepAtZoom}`);
  await page.waitForFunction((after) => Number(document.getElementById('log-view').dataset.lastStep) >= after + 100, stepAtZoom);
  assert.deepEqual(await xRange(), zoomed, 'a live update reset the zoom');
  await page.locator('.log-chart[data-tag="grad_norm"] .u-over').dblclick();
  await page.waitForTimeout(200);
  const whole = await xRange();
  assert.ok(whole[0] === 0 && whole[1] >= stepAtZoom + 100, `a double-click did not show the whole run: ${whole}`);
  assert.deepEqual(await page.$$eval('.log-chart', (charts) => charts.map((c) => c.dataset.builds)), ['1', '1', '1']);
  await page.close();
}

/** Issue 7's tools on a quadratic comparison: smoothing, synced zoom, table view, exports, the stability map. */
async function chartTools(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const posted = (type) => page.evaluate((t) => window.__posted.filter((m) => m.type === t), type);
  await page.goto('file://' + resolve(out, 'findings-dark.html'));
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'rendered'));
  assert.match(await page.getAttribute('#loss-chart', 'aria-label'), /smoothed 0\.6/, 'smoothing starts at TensorBoard\u2019s 0.6');

  // Smoothing slider: dragging redraws, letting go saves the weight; 0 turns smoothing off.
  await page.focus('.smoothing-slider');
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /smoothed 0\.9/.test(document.getElementById('loss-chart').getAttribute('aria-label')));
  assert.equal(await page.evaluate(() => window.__state.smoothing), 0.9);
  assert.equal(await page.textContent('.smoothing-value'), '0.90');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => !/smoothed/.test(document.getElementById('loss-chart').getAttribute('aria-label')));
  assert.equal(await page.evaluate(() => window.__state.smoothing), 0);

  // Per-chart log scale: the loss chart alone goes linear.
  await page.click('#loss-heading + .chart-tools label.checkbox');
  await page.waitForFunction(() => /linear scale/.test(document.getElementById('loss-chart').getAttribute('aria-label')));
  assert.deepEqual(await page.evaluate(() => window.__state.chartLog), { loss: false });

  // Table view: a real table with a caption, in a focusable region; the chart hides; remembered.
  await page.click('#loss-heading + .chart-tools .chart-table-toggle');
  await page.waitForSelector('#loss-table table caption');
  assert.equal(await page.isVisible('#loss-chart'), false);
  assert.deepEqual(await page.evaluate(() => window.__state.tableCharts), ['loss']);
  const headers = await page.$$eval('#loss-table thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(headers, ['step', 'SGD lr=0.012', 'SGD lr=0.025']);
  assert.equal(await page.getAttribute('#loss-table [role=region]', 'tabindex'), '0');
  await page.click('#loss-heading + .chart-tools .chart-table-toggle');
  await page.waitForSelector('#loss-chart', { state: 'visible' });

  // CSV and PNG export: validated messages for the host's save dialog.
  await page.click('#loss-heading + .chart-tools .export-csv');
  const [csv] = await posted('saveFile');
  assert.equal(csv.format, 'csv');
  assert.match(csv.fileName, /^loss-ill-conditioned-quadratic.*\.csv$/);
  const lines = csv.data.trim().split('\r\n');
  assert.equal(lines[0], 'step,SGD lr=0.012,SGD lr=0.025');
  assert.equal(lines.length, 202, 'a header and the 201 rows of steps 0..200');
  await page.click('#loss-heading + .chart-tools .export-png');
  const png = (await posted('saveFile'))[1];
  assert.equal(png.format, 'png');
  assert.match(png.data, /^data:image\/png;base64,/);
  assert.ok(png.data.length > 5000, 'the PNG holds the drawn chart');

  // Copy findings as Markdown.
  await page.click('.copy-findings');
  const [copied] = await posted('copyText');
  assert.match(copied.text, /^## Findings: Ill-conditioned quadratic/);
  assert.match(copied.text, /- \*\*error\*\* divergence on `loss`/);

  // Synced zoom: a drag on the loss chart zooms the learning-rate... here the velocity chart is absent, so zoom the
  // loss chart and check it stamps its range (the log page checks charts follow each other).
  const box = await page.locator('#loss-chart .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + 50);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 50, { steps: 5 });
  await page.mouse.up();
  const zoomed = (await page.getAttribute('#loss-chart', 'data-x-range')).split(',').map(Number);
  assert.ok(zoomed[1] < 200 && zoomed[0] > 0, `no zoom: ${zoomed}`);

  // Stability map: a click posts the cell's settings; the keyboard moves the focused cell and Enter runs it.
  await page.waitForSelector('.stability-map[data-state="map"] canvas[data-drawn="2"]');
  await page.locator('.stability-canvas').scrollIntoViewIfNeeded();
  const map = await page.locator('.stability-canvas').boundingBox();
  await page.mouse.click(map.x + map.width * 0.6, map.y + map.height * 0.5);
  const [click] = await posted('runAtSettings');
  assert.equal(click.nesterov, false);
  assert.ok(click.lr > 0 && click.momentum > 0 && click.momentum < 1, JSON.stringify(click));
  assert.match(await page.textContent('.banner.running'), /SGD at lr/);
  await page.focus('.stability-canvas');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const keyed = (await posted('runAtSettings'))[1];
  assert.ok(keyed && keyed.momentum > 0, JSON.stringify(keyed));
  assert.match(await page.textContent('.map-status'), /lr .*momentum .*(fast|slow|rings|diverges)/);
  await page.screenshot({ path: join(out, 'interaction-map-dark.png'), fullPage: true });

  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await page.close();

  // The log charts share cursor and zoom: a drag on one zooms the others.
  const logPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logPage.goto('file://' + resolve(out, 'log-dark.html'));
  await logPage.waitForSelector('#log-view[data-last-step="2990"]', { state: 'attached' });
  const tags = await logPage.$$eval('.log-chart', (charts) => charts.map((c) => c.dataset.tag));
  assert.ok(tags.length >= 2, tags.join());
  const first = await logPage.locator('.log-chart .u-over').first().boundingBox();
  await logPage.mouse.move(first.x + first.width * 0.3, first.y + 40);
  await logPage.mouse.down();
  await logPage.mouse.move(first.x + first.width * 0.6, first.y + 40, { steps: 5 });
  await logPage.mouse.up();
  await logPage.waitForTimeout(200);
  const ranges = await logPage.$$eval('.log-chart', (charts) => charts.map((c) => c.dataset.xRange));
  assert.equal(new Set(ranges).size, 1, `the charts did not zoom together: ${ranges.join(' | ')}`);
  assert.ok(Number(ranges[0].split(',')[1]) < 2990, ranges[0]);
  await logPage.close();
}
