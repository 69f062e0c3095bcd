// Runs the integration suite in a desktop VS Code downloaded by @vscode/test-electron.
// For contributors with a desktop and internet access (CI here has neither: it uses
// test/vscode/runIntegration.mjs, which runs the same suite in code-server).
//
//   node scripts/build.mjs --tests && node out/test/integration/runElectron.js [vscode-version]
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // This file runs as out/test/integration/runElectron.js.
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const runDir = path.join(repoRoot, '.test-runs', 'electron');
  try {
    await runTests({
      version: process.argv[2] ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js'),
      extensionTestsEnv: { OPTLENS_TEST_RESULTS: path.join(runDir, 'results.json') },
      launchArgs: [
        path.join(repoRoot, 'sample-workspace'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', path.join(runDir, 'ud'),
      ],
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}

void main();
