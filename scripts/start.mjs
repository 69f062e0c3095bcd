// `npm start`: the extension running in a real VS Code you open in your browser.
//
// Builds for production and packages optimizer-lens.vsix (`npm run package`), installs the VS Code
// server harness on first use (test/vscode, ~3.5 min once), installs the VSIX into the persistent run
// folder .test-runs/start (settings and state survive restarts), then serves VS Code with
// sample-workspace/ on http://127.0.0.1:$PORT (8080 unless PORT is set; any free port when taken)
// and stays in the foreground until Ctrl+C.
//
//   npm start                   PORT=9000 npm start                npm start -- --skip-package
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repoRoot);

const { values } = parseArgs({ options: {
  'skip-package': { type: 'boolean', default: false },
  theme: { type: 'string', default: 'dark' },
  help: { type: 'boolean', short: 'h', default: false },
} });
if (values.help) {
  console.log('usage: [PORT=8080] node scripts/start.mjs [--skip-package] [--theme light|dark]');
  process.exit(0);
}

const { ensureHarness } = await import('../test/vscode/ensureHarness.mjs');
const { setSignalExitCode, startCodeServer } = await import('../test/vscode/codeServer.mjs');
const { extensionId, sampleWorkspace, vsixPath } = await import('../test/vscode/paths.mjs');

const step = (text) => console.log(`\n▶ ${text}`);
const started = Date.now();

// The harness install is slow the first time: let it run while we build and package.
const harness = ensureHarness({ log: (line) => console.log(`  ${line}`) });
harness.catch(() => {});

if (!values['skip-package']) {
  step('building (production) and packaging optimizer-lens.vsix');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise((resolvePromise) => {
    const child = spawn(npm, ['run', '--silent', 'package'], { stdio: 'inherit' });
    child.on('error', () => resolvePromise(127));
    child.on('close', (c) => resolvePromise(c ?? 1));
  });
  if (code !== 0) {
    console.error(`\nnpm run package failed (exit ${code}); nothing started.`);
    process.exit(code);
  }
} else if (!existsSync(vsixPath)) {
  console.error(`${vsixPath} is missing: run without --skip-package`);
  process.exit(1);
}

step('preparing the VS Code server (code-server, Node 24)');
await harness;

step('installing the VSIX and starting VS Code');
const requestedPort = Number(process.env.PORT) || 8080;
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
setSignalExitCode(0);
const server = await startCodeServer({
  name: 'start',
  fresh: false,
  keepUserSettings: true,
  theme: values.theme,
  port: requestedPort,
  vsix: vsixPath,
  workspace: sampleWorkspace,
  smokeTestDriver: false,
  log: (line) => console.log(`  ${line}`),
});
if (server.port !== requestedPort) console.log(`  port ${requestedPort} is taken; using ${server.port}`);

const url = server.workbenchUrl(undefined, sampleWorkspace);
console.log(`
Optimizer Lens ${version} (${extensionId}) is installed in VS Code ${server.url}
ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Open:  ${url}

  Then: F1 → "Optimizer Lens: Run optimizer comparison".
  State lives in ${server.dirs.root} (delete it for a fresh start); server log: ${server.dirs.serverLog}
  Ctrl+C stops the server.
`);

server.child.on('exit', (code, signal) => {
  if (server.stopRequested) return;
  console.error(`code-server exited unexpectedly (code ${code}, signal ${signal}); see ${server.dirs.serverLog}`);
  process.exit(1);
});
// Stay in the foreground: the server's pipes keep the event loop alive until Ctrl+C.
process.on('SIGINT', () => console.log('\nstopping VS Code...'));
