// `npm test`: every check of the project, in order, with one summary at the end.
//
//   node scripts/test-all.mjs                          everything
//   node scripts/test-all.mjs --only unit,integration  just these stages (plus what they need, unless --no-deps)
//   node scripts/test-all.mjs --themes dark            UI tests in one theme only
//
// Stages: typecheck, lint, build (with tests), unit, package (VSIX < 2 MB), harness (code-server etc.,
// installed on first use, started in the background at once), integration (mocha inside the VS Code
// extension host), ui (Playwright on the packaged VSIX, light and dark theme).
// Typecheck, lint, build, package and harness count as one check each; test stages count their tests.
// The last line is `N passed, N failed`; the exit code is non-zero when anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repoRoot);

const stageNames = ['typecheck', 'lint', 'build', 'unit', 'package', 'harness', 'integration', 'ui'];
const needs = { unit: ['build'], integration: ['build', 'harness'], ui: ['package', 'harness'] };
const maxVsixBytes = 2 * 1024 * 1024;

const { values } = parseArgs({ options: {
  only: { type: 'string' }, 'no-deps': { type: 'boolean', default: false }, themes: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} });
if (values.help) {
  console.log(`usage: node scripts/test-all.mjs [--only ${stageNames.join(',')}] [--no-deps] [--themes light,dark]`);
  process.exit(0);
}

const selected = new Set(values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : stageNames);
for (const name of selected) {
  if (!stageNames.includes(name)) {
    console.error(`unknown stage "${name}"; stages are: ${stageNames.join(', ')}`);
    process.exit(2);
  }
}
if (!values['no-deps']) {
  for (const name of [...selected]) for (const dep of needs[name] ?? []) selected.add(dep);
}

const started = Date.now();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const banner = (text) => console.log(`\n${paint('1;36', `━━ ${text} `.padEnd(78, '━'))}`);

/** Runs a command with inherited output; resolves to its exit code. */
function exec(command, args, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', (err) => { console.error(`${command}: ${err.message}`); resolvePromise(127); });
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const check = (ok, note = '') => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, note });

// The harness install takes minutes when cold: start it now, in parallel with the fast stages.
let harnessPromise;
if (selected.has('harness')) {
  const { ensureHarness } = await import('../test/vscode/ensureHarness.mjs');
  harnessPromise = ensureHarness({ log: (line) => console.log(paint('2', line)) })
    .then((r) => ({ ok: true, ...r }), (err) => ({ ok: false, error: err }));
}

const stages = {
  async typecheck() {
    return check(await exec(bin('tsc'), ['--noEmit', '-p', '.']) === 0);
  },
  async lint() {
    return check(await exec(bin('eslint'), ['.']) === 0);
  },
  async build() {
    return check(await exec(process.execPath, ['scripts/build.mjs', '--tests']) === 0);
  },
  async unit() {
    const resultsFile = join(repoRoot, '.test-runs', 'unit-results.json');
    rmSync(resultsFile, { force: true });
    const code = await exec(process.execPath, [join('node_modules', 'mocha', 'bin', 'mocha.js'), '--config', '.mocharc.json',
      '--reporter', join('scripts', 'lib', 'mocha-count-reporter.cjs')], { env: { ...process.env, OPTLENS_MOCHA_RESULTS: resultsFile } });
    if (!existsSync(resultsFile)) return { passed: 0, failed: 1, note: `mocha exited ${code} before reporting` };
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    const failed = results.failed.length + (code !== 0 && results.failed.length === 0 ? 1 : 0);
    return { passed: results.passed.length, failed, note: results.pending.length ? `${results.pending.length} pending` : '' };
  },
  async package() {
    const vsix = join(repoRoot, 'optimizer-lens.vsix');
    rmSync(vsix, { force: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const code = await exec(npm, ['run', '--silent', 'package']);
    if (code !== 0 || !existsSync(vsix)) return check(false, `npm run package exited ${code}`);
    const bytes = statSync(vsix).size;
    const size = `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(`optimizer-lens.vsix: ${size} (limit ${maxVsixBytes / 1024 / 1024} MiB)`);
    return check(bytes < maxVsixBytes, bytes < maxVsixBytes ? `VSIX ${size}` : `VSIX ${size} is not under 2 MiB`);
  },
  async harness() {
    const result = await harnessPromise;
    if (!result.ok) console.error(result.error?.message ?? result.error);
    return check(result.ok, result.ok ? (result.installed ? `installed in ${(result.ms / 1000).toFixed(0)} s` : 'already installed') : 'install failed');
  },
  async integration() {
    const { runIntegration } = await import('../test/vscode/runIntegration.mjs');
    const result = await runIntegration();
    for (const failure of result.failures) console.log(`\n${paint('31', `✗ ${failure.title}`)}\n${failure.error ?? ''}`);
    const crashed = result.exitCode !== 0 && result.failed === 0;
    return { passed: result.passed, failed: result.failed + (crashed ? 1 : 0),
      note: crashed ? `suite exited ${result.exitCode}` : `in code-server, ${(result.ms / 1000).toFixed(0)} s` };
  },
  async ui() {
    const { runUiTests } = await import('../test/ui/run.mjs');
    const themes = values.themes ? values.themes.split(',') : ['light', 'dark'];
    const result = await runUiTests({ themes });
    return { passed: result.passed, failed: result.failed, note: `${themes.join('+')}, ${(result.ms / 1000).toFixed(0)} s` };
  },
};

const outcomes = [];
const failedStages = new Set();
for (const name of stageNames) {
  if (!selected.has(name)) continue;
  const blockedBy = (needs[name] ?? []).filter((dep) => failedStages.has(dep));
  if (blockedBy.length) {
    outcomes.push({ name, status: 'skipped', passed: 0, failed: 0, ms: 0, note: `needs ${blockedBy.join(', ')}` });
    continue;
  }
  banner(name);
  const stageStarted = Date.now();
  let outcome;
  try {
    outcome = await stages[name]();
  } catch (err) {
    console.error(paint('31', `${name} crashed: ${err instanceof Error ? err.stack ?? err.message : err}`));
    outcome = { passed: 0, failed: 1, note: `error: ${String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 60)}` };
  }
  const ms = Date.now() - stageStarted;
  const status = outcome.failed > 0 ? 'FAIL' : 'ok';
  if (status === 'FAIL') failedStages.add(name);
  outcomes.push({ name, status, ms, ...outcome });
  console.log(paint(status === 'ok' ? '32' : '31', `${name}: ${outcome.passed} passed, ${outcome.failed} failed (${(ms / 1000).toFixed(1)} s)`));
}

const totals = outcomes.reduce((t, o) => ({ passed: t.passed + o.passed, failed: t.failed + o.failed }), { passed: 0, failed: 0 });
const wallSeconds = (Date.now() - started) / 1000;
banner('summary');
const header = `${'stage'.padEnd(12)} ${'result'.padEnd(8)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'time'.padStart(8)}  note`;
console.log(header);
console.log('-'.repeat(header.length + 20));
for (const o of outcomes) {
  const line = `${o.name.padEnd(12)} ${o.status.padEnd(8)} ${String(o.passed).padStart(6)} ${String(o.failed).padStart(6)} ${`${(o.ms / 1000).toFixed(1)}s`.padStart(8)}  ${o.note ?? ''}`;
  console.log(o.status === 'FAIL' ? paint('31', line) : o.status === 'skipped' ? paint('33', line) : line);
}
console.log(`total wall time: ${wallSeconds.toFixed(1)} s`);
const skipped = outcomes.filter((o) => o.status === 'skipped').length;
if (skipped) console.log(`${skipped} stage(s) skipped because a stage they need failed`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
// Exit explicitly: nothing started here may keep the process alive after the summary.
process.exit(totals.failed > 0 || skipped > 0 ? 1 : 0);
