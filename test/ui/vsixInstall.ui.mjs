// UI test: the packaged .vsix installs with code-server's CLI and the installed copy activates on its command.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../vscode/browser.mjs';
import { startCodeServer } from '../vscode/codeServer.mjs';
import { extensionId, repoRoot, vsixPath } from '../vscode/paths.mjs';
import { activationRecords, extensionHostLog, openWorkbench, runFromPalette, waitUntil } from './workbench.mjs';

describe('Installing the packaged optimizer-lens.vsix', function () {
  this.timeout(180_000);
  let server;
  let browser;
  let page;
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

  before(async () => {
    server = await startCodeServer({ name: 'ui-vsix', theme: 'dark', vsix: vsixPath });
    browser = await launchBrowser(server.dirs);
    page = browser.page;
    await openWorkbench(page, server.workbenchUrl());
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(`installs as ${extensionId}-${version} with its bundles`, () => {
    const installed = join(server.dirs.extensions, `${extensionId}-${version}`);
    assert.ok(existsSync(join(installed, 'package.json')), `${installed}/package.json is missing`);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const main = join(installed, manifest.main);
    assert.ok(existsSync(main.endsWith('.js') ? main : `${main}.js`), `main ${manifest.main} is not in the package`);
    assert.ok(existsSync(join(installed, 'dist', 'webview.js')), 'dist/webview.js is not in the package');
    assert.ok(!existsSync(join(installed, 'node_modules')), 'node_modules was packaged');
    assert.ok(!existsSync(join(installed, 'src')), 'src/ was packaged');
  });

  it('activates on "Optimizer Lens: Open Dashboard" and opens its panel', async () => {
    await runFromPalette(page, 'Optimizer Lens: Open Dashboard');
    await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lens' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const records = await waitUntil('the activation record', () => {
      const r = activationRecords(extensionHostLog(server.dirs.userData), extensionId);
      return r.length > 0 && r;
    });
    assert.equal(records[0].event, 'onCommand:optimizerLens.openDashboard');
    const log = extensionHostLog(server.dirs.userData);
    assert.doesNotMatch(log, /Activating extension '?optimizer-lens\.optimizer-lens'? failed/i);
  });
});
