// Playwright helpers that drive the VS Code 1.139 workbench served by code-server.
// Selectors measured on this version; see shared docs "real-vscode-testing.md".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const paletteInput = '.quick-input-widget input';
const quickInputRows = '.quick-input-widget .quick-input-list .monaco-list-row';

export async function sleep(ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls probe() until it returns a truthy value. */
export async function waitUntil(what, probe, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(intervalMs);
  }
}

/** Opens the workbench and waits until it is usable; returns the milliseconds it took. */
export async function openWorkbench(page, url) {
  const started = Date.now();
  await page.goto(url);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
  await page.locator('.monaco-workbench .part.activitybar, .monaco-workbench .part.sidebar').first().waitFor({ state: 'visible', timeout: 30_000 });
  return Date.now() - started;
}

/**
 * Runs a command from the command palette (F1) by its full title ("Category: Title").
 * The palette does not refresh when an extension registers late, so it is closed and reopened
 * until the command shows.
 */
export async function runFromPalette(page, title, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    const input = page.locator(paletteInput);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator(quickInputRows, { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 4_000 });
    } catch {
      if (Date.now() > deadline) throw new Error(`"${title}" never showed in the command palette (${attempt} attempts)`);
      continue;
    }
    // Make sure the matching row is the active one before accepting.
    const label = (await page.locator(`${quickInputRows}.focused`).first().innerText().catch(() => '')).trim();
    if (!label.includes(title.split(': ').pop())) await row.click();
    else await page.keyboard.press('Enter');
    return;
  }
}

export async function closeQuickInput(page) {
  if (await page.locator('.quick-input-widget').isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }
}

/** Labels of the rows the visible QuickPick shows (empty for an InputBox). */
export async function quickPickRows(page) {
  const widget = page.locator('.quick-input-widget');
  if (!await widget.isVisible().catch(() => false)) return [];
  return (await page.locator(quickInputRows).allInnerTexts()).map((text) => text.trim());
}

/**
 * Whether the open QuickPick offers a row matching `pattern`. The list is virtualised (only rows on
 * screen exist in the DOM), so the rows are first narrowed by typing `filter`; the filter is cleared
 * again afterwards, which keeps a multi-select's selection as it was.
 */
export async function quickPickOffers(page, filter, pattern, { timeoutMs = 10_000 } = {}) {
  const input = page.locator(paletteInput);
  await input.fill(filter);
  const found = await waitUntil(`a QuickPick row matching ${pattern} for "${filter}"`, async () =>
    (await quickPickRows(page)).some((label) => pattern.test(label)), { timeoutMs }).catch(() => false);
  await input.fill('');
  return found;
}

/**
 * Waits until the QuickPick shows a row matching `pattern`, then accepts with Enter (a multi-select
 * accepts its current selection). With `pick: true` (single-select) the matching row is the one chosen:
 * it is clicked unless it already has focus.
 */
export async function acceptQuickPick(page, pattern, { timeoutMs = 30_000, pick = false } = {}) {
  const rows = await waitUntil(`a QuickPick row matching ${pattern}`, async () => {
    const labels = await quickPickRows(page);
    return labels.some((label) => pattern.test(label)) && labels;
  }, { timeoutMs });
  if (pick) {
    const focused = (await page.locator(`${quickInputRows}.focused`).first().innerText().catch(() => '')).trim();
    if (!pattern.test(focused)) {
      await page.locator(quickInputRows).filter({ hasText: pattern }).first().click();
      return rows;
    }
  }
  await page.keyboard.press('Enter');
  return rows;
}

/** Waits for an InputBox (the quick input without a list) and accepts its value with Enter. */
export async function acceptInputBox(page, { timeoutMs = 30_000 } = {}) {
  const value = await waitUntil('an InputBox', async () => {
    if (!await page.locator('.quick-input-widget').isVisible()) return false;
    if (await page.locator(quickInputRows).count() > 0 && await page.locator('.quick-input-widget .quick-input-list').isVisible()) return false;
    const text = await page.locator(paletteInput).inputValue();
    return text && !text.startsWith('>') ? text : false;
  }, { timeoutMs });
  await page.keyboard.press('Enter');
  return value;
}

/**
 * The webview's content frame: iframe#active-frame inside the newest iframe.webview.
 * (Playwright keeps a frame's first name, "pending-frame", so it is found through its element.)
 */
export async function webviewContentFrame(page, { timeoutMs = 60_000 } = {}) {
  return waitUntil('the webview content frame', async () => {
    const outer = page.locator('iframe.webview');
    const count = await outer.count();
    for (let i = count - 1; i >= 0; i--) {
      const outerFrame = await (await outer.nth(i).elementHandle())?.contentFrame();
      const inner = await outerFrame?.$('iframe#active-frame');
      const frame = await inner?.contentFrame();
      if (frame && !frame.isDetached() && await frame.evaluate(() => document.readyState === 'complete').catch(() => false)) return frame;
    }
    return false;
  }, { timeoutMs });
}

/**
 * Per canvas in the frame: size and how many pixels are not fully transparent and how many differ
 * from the top-left pixel (a canvas filled with one color counts as blank).
 */
export async function canvasInk(frame) {
  return frame.evaluate(() => [...document.querySelectorAll('canvas')].map((canvas) => {
    const box = canvas.getBoundingClientRect();
    const info = { id: canvas.id || canvas.closest('[id]')?.id || '', width: canvas.width, height: canvas.height,
      visible: box.width > 0 && box.height > 0, inked: 0, varied: 0 };
    const ctx = canvas.width && canvas.height ? canvas.getContext('2d', { willReadFrequently: true }) : null;
    if (!ctx) return info;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const [r0, g0, b0, a0] = [data[0], data[1], data[2], data[3]];
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0) info.inked++;
      if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0 || data[i + 3] !== a0) info.varied++;
    }
    return info;
  }));
}

/** Rows of the results table (data rows only), as arrays of cell texts. */
export async function resultRows(frame) {
  return frame.evaluate(() => {
    const table = document.querySelector('#results-table table, table#results-table, #results-table') ?? document.querySelector('table');
    if (!table) return [];
    const rows = [...table.querySelectorAll('tr')].filter((tr) => tr.querySelector('td'));
    return rows.map((tr) => [...tr.querySelectorAll('td, th')].map((cell) => cell.textContent?.trim() ?? ''));
  });
}

/** The remote extension host log(s) of a run folder, concatenated. */
export function extensionHostLog(userDataDir) {
  const logsRoot = join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return '';
  let text = '';
  for (const session of readdirSync(logsRoot)) {
    const sessionDir = join(logsRoot, session);
    for (const sub of safeList(sessionDir)) {
      const file = join(sessionDir, sub, 'remoteexthost.log');
      if (/^exthost\d*$/.test(sub) && existsSync(file)) text += readFileSync(file, 'utf8');
    }
  }
  return text;
}

function safeList(dir) {
  try { return readdirSync(dir); } catch { return []; }
}

/** Activation records for one extension from the extension host log. */
export function activationRecords(log, extensionId) {
  const records = [];
  const pattern = /^(\S+ \S+) \[info\] ExtensionService#_doActivateExtension (\S+), startup: (true|false), activationEvent: '([^']*)'/gm;
  for (const match of log.matchAll(pattern)) {
    if (match[2] === extensionId) records.push({ at: match[1], startup: match[3] === 'true', event: match[4] });
  }
  return records;
}

/**
 * Opens "Developer: Show Running Extensions" and reads the activation time shown for the extension
 * (its row reads e.g. "Activation: 12ms", or "Startup Activation: ..." when activated at startup).
 * The list is virtualized, so it is scrolled until the row shows.
 */
export async function activationTimeFromRunningExtensions(page, extensionName) {
  await runFromPalette(page, 'Developer: Show Running Extensions');
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  await list.waitFor({ state: 'visible', timeout: 20_000 });
  const row = page.locator(`.runtime-extensions-editor .monaco-list-row[aria-label="${extensionName}"]`).first();
  const text = await waitUntil(`the Running Extensions row of ${extensionName}`, async () => {
    if (!await row.isVisible()) {
      await list.hover();
      await page.mouse.wheel(0, 200);
      return false;
    }
    const t = (await row.locator('.activation-time').innerText().catch(() => '')).trim();
    return /\d/.test(t) && t;
  }, { timeoutMs: 20_000, intervalMs: 300 });
  const match = /([\d.]+)\s*ms/.exec(text);
  return { text, ms: match ? Number(match[1]) : undefined, startup: /startup/i.test(text) };
}

/** Closes every editor (webviews included). */
export async function closeAllEditors(page) {
  await runFromPalette(page, 'View: Close All Editors');
}

/**
 * Runs "Developer: Reload Window", waits for the workbench to come back, clicks the restored dashboard's tab
 * and returns its (new) content frame.
 */
export async function reloadWindowAndShowDashboard(page) {
  const reloaded = page.waitForEvent('load', { timeout: 90_000 });
  await runFromPalette(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
  const tab = page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first();
  await tab.waitFor({ state: 'visible', timeout: 60_000 });
  await tab.click();
  return webviewContentFrame(page);
}
