// Runs the integration suite (out/test/integration/suite/index.js) inside a real VS Code extension host:
// code-server with the smoke-test driver, opened by headless Chromium with an Extension Development Host
// payload. The workbench calls window.codeAutomationExit with the code when the suite's run() settles.
//
//   node scripts/build.mjs --tests && node test/vscode/runIntegration.mjs [--grep TEXT] [--extension PATH] [--timeout SECONDS]
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHarness } from './ensureHarness.mjs';
import { isMain } from './isMain.mjs';
import { repoRoot, sampleWorkspace } from './paths.mjs';
import { endProcess } from './endProcess.mjs';

const remote = (absPath) => `vscode-remote://remote${absPath}`;

/**
 * @param {object} [options]
 * @param {string} [options.extensionPath]  extension under development (default: the repo)
 * @param {string} [options.testsPath]      compiled suite entry (default: out/test/integration/suite/index.js)
 * @param {string} [options.grep]           only tests whose full title matches
 * @param {number} [options.timeoutMs]      whole-suite timeout (default 5 minutes)
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{ passed: number, failed: number, failures: { title: string, error?: string }[], exitCode: number | null, ms: number, resultsFile: string, runDir: string }>}
 */
export async function runIntegration(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const extensionPath = resolve(options.extensionPath ?? repoRoot);
  const testsPath = resolve(options.testsPath ?? join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js'));
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: build the tests first (node scripts/build.mjs --tests)`);
  if (!existsSync(join(extensionPath, 'package.json'))) throw new Error(`no extension at ${extensionPath}`);

  await ensureHarness({ log });
  const started = Date.now();
  const runName = 'integration';
  const resultsFile = join(repoRoot, '.test-runs', runName, 'results.json');
  const progressFile = join(repoRoot, '.test-runs', runName, 'progress.log');
  const env = { OPTLENS_TEST_RESULTS: resultsFile, OPTLENS_TEST_LOG: progressFile };
  if (options.grep) env.OPTLENS_TEST_GREP = options.grep;
  const server = await startCodeServer({ name: runName, env, log });
  rmSync(resultsFile, { force: true });
  // The extension host's console does not reach us; run() appends its progress to a file we follow.
  const follow = followFile(progressFile, (line) => log(`  ${line}`));
  let browser;
  let exitCode = null;
  try {
    browser = await launchBrowser(server.dirs);
    const { page } = browser;
    let exited;
    const exitPromise = new Promise((resolvePromise) => { exited = resolvePromise; });
    await page.exposeFunction('codeAutomationExit', (code) => { exited(code); });
    page.on('console', (message) => {
      if (process.env.OPTLENS_DEBUG_CONSOLE) log(`  [browser console.${message.type()}] ${message.text().slice(0, 500)}`);
    });
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    log(`integration: opening Extension Development Host for ${extensionPath}`);
    await page.goto(server.workbenchUrl(payload, sampleWorkspace));
    let timer;
    const timeout = new Promise((resolvePromise) => { timer = setTimeout(() => resolvePromise('timeout'), timeoutMs); });
    const outcome = await Promise.race([exitPromise, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await page.screenshot({ path: join(server.dirs.root, 'timeout.png') }).catch(() => {});
      throw new Error(`integration suite did not finish within ${timeoutMs / 1000} s (screenshot and logs in ${server.dirs.root})`);
    }
    exitCode = outcome;
  } finally {
    follow.stop();
    await browser?.close();
    await server.stop();
  }
  const ms = Date.now() - started;
  if (!existsSync(resultsFile)) {
    throw new Error(`the suite exited with code ${exitCode} but wrote no ${resultsFile} (did run() load? see ${server.dirs.root})`);
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return {
    passed: results.passed.length,
    failed: results.failed.length,
    failures: results.failed,
    passedTitles: results.passed.map((t) => t.title),
    exitCode, ms, resultsFile, runDir: server.dirs.root,
  };
}

/** Prints lines appended to a file, polling; stop() flushes what is left. */
function followFile(file, onLine) {
  let offset = 0;
  let partial = '';
  const poll = () => {
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    if (text.length < offset) offset = 0;
    const chunk = partial + text.slice(offset);
    offset = text.length;
    const lines = chunk.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  const timer = setInterval(poll, 250);
  return { stop() { clearInterval(timer); poll(); if (partial) onLine(partial); } };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: {
    grep: { type: 'string' }, extension: { type: 'string' }, timeout: { type: 'string' },
  } });
  try {
    const result = await runIntegration({
      grep: values.grep, extensionPath: values.extension,
      timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
    });
    for (const failure of result.failures) console.log(`\n✗ ${failure.title}\n${failure.error ?? ''}`);
    console.log(`\nintegration (code-server, ${(result.ms / 1000).toFixed(1)} s): ${result.passed} passed, ${result.failed} failed`);
    endProcess(result.failed === 0 && result.exitCode === 0 ? 0 : 1);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    endProcess(1);
  }
}
