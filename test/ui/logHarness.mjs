// Shared by the training-log UI test (logs.ui.mjs) and the latency bench (bench/logLatency.mjs): a scratch
// workspace with training logs, the writer process appending to them, and probes that read what the
// workbench shows (the status bar item, the dashboard's log section).
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { repoRoot, runsRoot } from '../vscode/paths.mjs';
import { runFromPalette, sleep, waitUntil } from './workbench.mjs';

const uiDir = dirname(fileURLToPath(import.meta.url));

/**
 * A fresh workspace under .test-runs/<name>/ (outside any run folder, which startCodeServer wipes) with
 * empty log locations, and the tests' TFRecord writer bundled for the writer process.
 */
export async function prepareLogWorkspace(name) {
  const root = join(runsRoot, name);
  rmSync(root, { recursive: true, force: true });
  const workspace = join(root, 'ws');
  mkdirSync(join(workspace, 'runs'), { recursive: true });
  const tfwriter = join(root, 'tfeventsWriter.cjs');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'core', 'logs', 'tfeventsWriter.ts')], outfile: tfwriter, bundle: true, platform: 'node',
    format: 'cjs', logLevel: 'warning',
  });
  return {
    root,
    workspace,
    tfwriter,
    csv: join(workspace, 'runs', 'live', 'metrics.csv'),
    tfevents: join(workspace, 'runs', 'tb', 'events.out.tfevents.1737000000.testhost.4242.0'),
  };
}

/**
 * Starts test/ui/logWriter.mjs. `appends` collects {step, t} for every record written (t: ms since the
 * epoch right after the write); stop() ends it.
 */
export function startLogWriter(args, { onAppend } = {}) {
  const child = spawn(process.execPath, [join(uiDir, 'logWriter.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const appends = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      const record = JSON.parse(line);
      appends.push(record);
      onAppend?.(record);
    } catch { /* not ours */ }
  });
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  return {
    appends,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The step the Optimizer Lens status bar item shows ("… · step 1,230 · …"), or null. */
export async function statusBarStep(page) {
  const texts = await page.locator('.part.statusbar .statusbar-item').allInnerTexts();
  for (const text of texts) {
    const match = /step ([\d,]+)/.exec(text);
    if (match) return { step: Number(match[1].replace(/,/g, '')), text: text.trim() };
  }
  return null;
}

/** What the dashboard's log section says it drew: data-last-step, data-log-version, data-run-id. */
export async function drawnLogStep(frame) {
  return frame.evaluate(() => {
    const section = document.getElementById('log-view');
    if (!section || section.dataset.lastStep === undefined || section.dataset.lastStep === '') return null;
    return { step: Number(section.dataset.lastStep), version: Number(section.dataset.logVersion), runId: section.dataset.runId ?? '' };
  });
}

/**
 * Runs "Watch Training Log..." and picks `file` in the open dialog. code-server shows VS Code's simple
 * file dialog (a quick input holding a path): the path is typed in and accepted.
 */
export async function watchLogFromPalette(page, file) {
  await runFromPalette(page, 'Optimizer Lens: Watch Training Log...');
  const input = page.locator('.quick-input-widget input');
  await waitUntil('the open dialog', async () => await input.isVisible() && (await input.inputValue()).startsWith('/'), { timeoutMs: 30_000 });
  // The dialog sets its starting folder into the input once it has listed it, which can overwrite a path
  // typed before then: type again until the path stays.
  await waitUntil('the file in the open dialog', async () => {
    if ((await input.inputValue()) !== file) await input.fill(file);
    await sleep(400);
    return (await input.inputValue()) === file;
  }, { timeoutMs: 20_000, intervalMs: 100 });
  // Enter right after typing can land before the dialog has looked the path up; its "Watch" button
  // (the openLabel) accepts the typed path. Retried until the dialog closes.
  const accept = page.locator('.quick-input-widget .monaco-button', { hasText: 'Watch' }).first();
  await waitUntil('the open dialog to accept the file', async () => {
    if (!await page.locator('.quick-input-widget').isVisible()) return true;
    await accept.click({ timeout: 2_000 }).catch(() => page.keyboard.press('Enter'));
    await sleep(700);
    return !await page.locator('.quick-input-widget').isVisible();
  }, { timeoutMs: 20_000, intervalMs: 100 });
}
