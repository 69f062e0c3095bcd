// Starts and stops code-server (VS Code 1.139 server + node extension host) in an isolated run folder.
//
// Everything a run writes stays in <repo>/.test-runs/<name>/: user data, extensions, logs, TMPDIR
// (VS Code puts its ipc sockets there; unix socket paths must stay under 108 characters) and XDG_*.
// The server runs in its own process group and is killed with it on stop(), on process exit and on
// SIGINT/SIGTERM, so a failing or interrupted test never leaves a server behind.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry, node24, runsRoot, sampleWorkspace } from './paths.mjs';
import { endProcess } from './endProcess.mjs';

export const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

/** Resolves 'light' | 'dark' or a full theme label to the label VS Code knows. */
export function themeLabel(theme) {
  return themes[theme] ?? theme;
}

/** Settings that keep a test workbench quiet, offline and deterministic. */
export function baseUserSettings(theme = 'dark') {
  return {
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': themeLabel(theme),
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
  };
}

/** Creates (or reuses) the run folder and returns its layout. Paths are kept short. */
export function prepareRunDir(name, { fresh = true } = {}) {
  const root = join(runsRoot, name);
  killLeftoverServer(root);
  if (fresh) rmSync(root, { recursive: true, force: true });
  const dirs = {
    root,
    userData: join(root, 'ud'),
    extensions: join(root, 'exts'),
    tmp: join(root, 'tmp'),
    xdgConfig: join(root, 'xdg', 'config'),
    xdgData: join(root, 'xdg', 'data'),
    xdgCache: join(root, 'xdg', 'cache'),
    config: join(root, 'config.yaml'),
    serverLog: join(root, 'code-server.log'),
  };
  for (const dir of [dirs.userData, join(dirs.userData, 'User'), dirs.extensions, dirs.tmp, dirs.xdgConfig, dirs.xdgData, dirs.xdgCache]) {
    mkdirSync(dir, { recursive: true });
  }
  const probe = join(dirs.tmp, 'vscode-ipc-00000000-0000-0000-0000-000000000000.sock');
  if (Buffer.byteLength(probe) >= 108) {
    throw new Error(`run folder path is too long for unix sockets (${Buffer.byteLength(probe)} >= 108 bytes): ${probe}`);
  }
  return dirs;
}

/**
 * A run that was killed hard (SIGKILL, CI timeout) cannot stop its server: the next run of the same
 * name ends that server's process group, identified by the pid file and its command line.
 */
function killLeftoverServer(root) {
  const pidFile = join(root, 'server.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = '';
  try { cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return; }
  if (!cmdline.includes(codeServerEntry) || !cmdline.includes(root)) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}

/** Environment for processes of a run: TMPDIR and XDG_* inside the run folder, nothing in $HOME or /tmp. */
export function runEnv(dirs, extra = {}) {
  const env = { ...process.env, ...extra };
  env.TMPDIR = dirs.tmp;
  env.XDG_CONFIG_HOME = dirs.xdgConfig;
  env.XDG_DATA_HOME = dirs.xdgData;
  env.XDG_CACHE_HOME = dirs.xdgCache;
  // A VS Code terminal or an npm script around us must not redirect the server's own IPC.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  for (const key of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/i.test(key)) delete env[key];
  return env;
}

export function writeUserSettings(dirs, settings) {
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

function portIsFree(port, host) {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, host, () => server.close(() => resolvePromise(true)));
  });
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** The preferred port when it is free, otherwise any free port. */
export async function pickPort(preferred, host = '127.0.0.1') {
  if (preferred && await portIsFree(preferred, host)) return preferred;
  return freePort(host);
}

/**
 * Installs a .vsix into the run's extensions folder with code-server's own CLI
 * (the same path a user takes), so a broken package fails here.
 */
export function installVsix(dirs, vsix, { log = () => {} } = {}) {
  if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix} (run \`npm run package\` first)`);
  const started = Date.now();
  const result = spawnSync(node24, [codeServerEntry,
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'], {
    env: runEnv(dirs), encoding: 'utf8', timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${output}`);
  }
  log(`installed ${vsix} into ${dirs.extensions} in ${Date.now() - started} ms`);
  return { ms: Date.now() - started, output };
}

const live = new Set();
let hooksInstalled = false;
let signalExitCode;

/**
 * Exit code used after SIGINT/SIGTERM/SIGHUP stopped every server (default 130 / 143 / 129).
 * A long-running command that is meant to end with Ctrl+C (npm start) sets 0.
 */
export function setSignalExitCode(code) {
  signalExitCode = code;
}

function killGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => { for (const server of live) killGroup(server.child, 'SIGKILL'); });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      const servers = [...live];
      const fallback = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal];
      // Our own signal handler replaces Node's default exit, so it must end the process itself once the servers are down.
      Promise.allSettled(servers.map((s) => s.stop())).finally(() => endProcess(signalExitCode ?? fallback));
    });
  }
}

async function waitForHealthz(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(exited
    ? `code-server exited (code ${exited.code}, signal ${exited.signal}) before answering /healthz:\n${tail}`
    : `code-server did not answer ${url}/healthz within ${timeoutMs} ms:\n${tail}`);
}

/**
 * Starts code-server and waits until /healthz answers.
 * @param {object} options
 * @param {string} options.name            run folder name under .test-runs/
 * @param {string} [options.workspace]     folder opened by default (sample-workspace/)
 * @param {string} [options.theme]         'light' | 'dark' | a theme label
 * @param {boolean} [options.fresh]        wipe the run folder first (default true)
 * @param {number} [options.port]          preferred port; a free one is used when it is taken
 * @param {string} [options.host]          bind address (default 127.0.0.1)
 * @param {Record<string, unknown>} [options.settings] extra user settings
 * @param {boolean} [options.keepUserSettings] leave an existing settings.json alone (persistent runs)
 * @param {string} [options.vsix]          install this .vsix before starting
 * @param {Record<string, string>} [options.env] extra environment (reaches the extension host)
 * @param {boolean} [options.smokeTestDriver] pass --vscode-option enable-smoke-test-driver (default true)
 * @param {(line: string) => void} [options.log]
 */
export async function startCodeServer(options) {
  const { name, workspace = sampleWorkspace, theme = 'dark', fresh = true, host = '127.0.0.1',
    settings = {}, keepUserSettings = false, vsix, env = {}, smokeTestDriver = true, log = () => {} } = options;
  if (!existsSync(node24) || !existsSync(codeServerEntry)) {
    throw new Error('code-server harness is not installed: call ensureHarness() first (node test/vscode/ensureHarness.mjs)');
  }
  const dirs = prepareRunDir(name, { fresh });
  if (!keepUserSettings || !existsSync(join(dirs.userData, 'User', 'settings.json'))) {
    writeUserSettings(dirs, { ...baseUserSettings(theme), ...settings });
  }
  let vsixInstall;
  if (vsix) vsixInstall = installVsix(dirs, vsix, { log });

  const port = await pickPort(options.port, host);
  writeFileSync(dirs.config, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);
  const args = [codeServerEntry,
    '--config', dirs.config, '--bind-addr', `${host}:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(workspace);

  const logStream = createWriteStream(dirs.serverLog, { flags: 'a' });
  const started = Date.now();
  const child = spawn(node24, args, {
    cwd: dirs.root, env: runEnv(dirs, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  writeFileSync(join(dirs.root, 'server.pid'), `${child.pid}\n`);
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  const url = `http://${host}:${port}`;

  let stopping;
  const server = {
    url, port, host, dirs, child, workspace, vsixInstall,
    /** Workbench URL for a folder, optionally with a smoke-test-driver payload. */
    workbenchUrl(payload, folder = workspace) {
      let query = `?folder=${encodeURIComponent(folder)}`;
      if (payload) query += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return `${url}/${query}`;
    },
    /** True once stop() was called (so an exit after it is expected). */
    get stopRequested() { return stopping !== undefined; },
    stop() {
      stopping ??= new Promise((resolvePromise) => {
        live.delete(server);
        if (child.exitCode !== null || child.signalCode !== null) { logStream.end(); resolvePromise(); return; }
        const force = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          logStream.end();
          rmSync(join(dirs.root, 'server.pid'), { force: true });
          resolvePromise();
        });
        killGroup(child, 'SIGTERM');
      });
      return stopping;
    },
  };
  live.add(server);
  installExitHooks();
  try {
    await waitForHealthz(url, child, dirs.serverLog, 60_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  log(`code-server ${url} up in ${Date.now() - started} ms (run folder ${dirs.root})`);
  return server;
}
