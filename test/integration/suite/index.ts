// Entry point VS Code calls inside the extension host (extensionTestsPath = out/test/integration/suite/index.js).
// Runs every *.test.js beside this file with mocha, writes a JSON results file and prints `N passed, N failed`.
// The results file path comes from OPTLENS_TEST_RESULTS, else <repo>/.test-runs/integration-results.json.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passed: TestOutcome[];
  failed: TestOutcome[];
  pending: string[];
  startedAt: string;
  durationMs: number;
  vscodeVersion: string;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export function resultsPath(): string {
  return process.env.OPTLENS_TEST_RESULTS || path.join(repoRoot, '.test-runs', 'integration-results.json');
}

/** activation.test.js runs first: it checks that nothing activated the extension before any command. */
function testFiles(dir: string): string[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.test.js'));
  files.sort((a, b) => Number(b.startsWith('activation')) - Number(a.startsWith('activation')) || a.localeCompare(b));
  return files.map((name) => path.join(dir, name));
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack || `${err.name}: ${err.message}`;
  return String(err);
}

/** Appends human-readable progress to OPTLENS_TEST_LOG so a runner outside the extension host can show it live. */
function progressLog(): (line: string) => void {
  const file = process.env.OPTLENS_TEST_LOG;
  if (!file) return () => undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  return (line) => fs.appendFileSync(file, line + '\n');
}

function writeResults(results: SuiteResults): void {
  const file = resultsPath();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  } catch (err) {
    console.error(`could not write ${file}: ${describeError(err)}`);
  }
}

export function run(): Promise<void> {
  const log = progressLog();
  const started = Date.now();
  const results: SuiteResults = {
    passed: [], failed: [], pending: [], startedAt: new Date(started).toISOString(), durationMs: 0, vscodeVersion: '',
  };
  const finish = (): string => {
    results.durationMs = Date.now() - started;
    writeResults(results);
    const summary = `${results.passed.length} passed, ${results.failed.length} failed`;
    log(summary);
    console.log(summary);
    return summary;
  };

  return new Promise<void>((resolve, reject) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      results.vscodeVersion = (require('vscode') as typeof import('vscode')).version;
      log(`integration suite in VS Code ${results.vscodeVersion}`);
      const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000, reporter: 'spec' });
      const grep = process.env.OPTLENS_TEST_GREP;
      if (grep) mocha.grep(grep);
      for (const file of testFiles(__dirname)) mocha.addFile(file);
      const runner = mocha.run((failures) => {
        finish();
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('suite', (suite) => { if (suite.title) log(`${'  '.repeat(depth(suite))}${suite.title}`); });
      runner.on('pass', (test) => {
        results.passed.push({ title: test.fullTitle(), durationMs: test.duration });
        log(`${'  '.repeat(depth(test))}✔ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on('fail', (test, err) => {
        results.failed.push({ title: test.fullTitle(), error: describeError(err) });
        log(`${'  '.repeat(depth(test))}✗ ${test.title}\n${indent(describeError(err), depth(test) + 2)}`);
      });
      // Reported, not expected: no test of this suite is marked pending, and a pending one would show up here.
      runner.on('pending', (test) => {
        results.pending.push(test.fullTitle());
        log(`${'  '.repeat(depth(test))}- ${test.title} (pending)`);
      });
    } catch (err) {
      // e.g. a test file that does not load: report it as a failure instead of dying silently.
      results.failed.push({ title: 'loading the integration suite', error: describeError(err) });
      log(`✗ loading the integration suite\n${indent(describeError(err), 2)}`);
      finish();
      reject(err);
    }
  });
}

function depth(node: Mocha.Runnable | Mocha.Suite): number {
  let n = 0;
  for (let p = node.parent; p && !p.root; p = p.parent) n++;
  return n;
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');
}
