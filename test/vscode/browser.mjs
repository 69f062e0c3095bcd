// Headless Debian Chromium driven by playwright-core, with its profile state inside the run folder.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from './paths.mjs';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * @param {{ root: string, tmp: string }} dirs run folder layout from prepareRunDir()
 * @param {{ viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' }} [options]
 */
export async function launchBrowser(dirs, options = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // playwright-core lives in test/vscode/node_modules, installed by ensureHarness().
  const { chromium } = await import('playwright-core');
  const home = join(dirs.root, 'chromium');
  for (const sub of ['config', 'cache', 'data']) mkdirSync(join(home, sub), { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    env: {
      ...process.env,
      TMPDIR: dirs.tmp,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_DATA_HOME: join(home, 'data'),
    },
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'dark',
  });
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close().catch(() => {}) };
}
