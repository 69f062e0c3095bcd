// What every UI suite does around its tests: open code-server with the packaged extension and a browser on its
// workbench (before), and keep a screenshot of the page when a test fails (afterEach).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../vscode/browser.mjs';
import { startCodeServer } from '../vscode/codeServer.mjs';
import { testOutput, vsixPath } from '../vscode/paths.mjs';
import { openWorkbench } from './workbench.mjs';

/**
 * Starts code-server (user data named `name`, the colour `theme`, the VSIX installed, `workspace` opened if given)
 * and a browser whose colour scheme follows the theme, and waits for the workbench.
 * @returns {{ server, browser, page }}
 */
export async function openUiSession({ name, theme, workspace }) {
  const server = await startCodeServer({ name, theme, vsix: vsixPath, ...(workspace ? { workspace } : {}) });
  const browser = await launchBrowser(server.dirs, { colorScheme: theme === 'light' ? 'light' : 'dark' });
  const ms = await openWorkbench(browser.page, server.workbenchUrl(undefined, workspace));
  console.log(`      workbench ready in ${ms} ms`);
  return { server, browser, page: browser.page };
}

/** In afterEach: when `test` failed, saves test-output/screenshots/<prefix>-<test title>.png and says where. */
export async function screenshotOnFailure(test, page, prefix) {
  if (test?.state !== 'failed' || !page) return;
  mkdirSync(join(testOutput, 'screenshots'), { recursive: true });
  const file = join(testOutput, 'screenshots', `${prefix}-${test.title.replace(/\W+/g, '-').slice(0, 60)}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  console.log(`      screenshot of the failure: ${file}`);
}
