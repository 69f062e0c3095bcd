// Runs the Playwright UI tests (test/ui/*.ui.mjs) with mocha against code-server + Debian Chromium.
// Needs the packaged extension: `npm run package` writes optimizer-lens.vsix at the repo root.
//
//   node test/ui/run.mjs [--themes light,dark] [--grep TEXT]
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { ensureHarness } from '../vscode/ensureHarness.mjs';
import { isMain } from '../vscode/isMain.mjs';
import { vsixPath } from '../vscode/paths.mjs';
import { endProcess } from '../vscode/endProcess.mjs';

const uiDir = dirname(fileURLToPath(import.meta.url));

/**
 * @param {{ themes?: string[], grep?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ passed: number, failed: number, failures: { title: string, error: string }[], ms: number }>}
 */
export async function runUiTests(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first`);
  await ensureHarness({ log });
  process.env.OPTLENS_UI_THEMES = (options.themes ?? ['light', 'dark']).join(',');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000, slow: 20_000, color: process.stdout.isTTY });
  if (options.grep) mocha.grep(options.grep);
  for (const name of readdirSync(uiDir).filter((n) => n.endsWith('.ui.mjs')).sort()) mocha.addFile(join(uiDir, name));
  await mocha.loadFilesAsync();
  const started = Date.now();
  const failures = [];
  let passed = 0;
  await new Promise((resolvePromise) => {
    const runner = mocha.run(() => resolvePromise());
    runner.on('pass', () => { passed++; });
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }));
  });
  mocha.dispose();
  return { passed, failed: failures.length, failures, ms: Date.now() - started };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { themes: { type: 'string' }, grep: { type: 'string' } } });
  try {
    const result = await runUiTests({ themes: values.themes?.split(','), grep: values.grep });
    console.log(`\nui (code-server + Chromium, ${(result.ms / 1000).toFixed(1)} s): ${result.passed} passed, ${result.failed} failed`);
    endProcess(result.failed === 0 ? 0 : 1);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    endProcess(1);
  }
}
