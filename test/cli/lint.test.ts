import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

interface JsonParam {
  text: string;
  value?: unknown;
  line: number;
  resolved_from?: string;
}
interface JsonSetting {
  kind: string;
  name: string;
  framework: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  params: Record<string, JsonParam>;
}
interface JsonFile {
  path: string;
  settings: JsonSetting[];
  diagnostics: Record<string, unknown>[];
  problems: string[];
}

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('optlens lint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'optlens-lint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(rel: string, text: string): string {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  it('--json gives each setting with 1-based places, params with text, value and line, and empty diagnostics', () => {
    const path = write('train.py', "import argparse, torch\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=0.1)\nargs = p.parse_args()\nopt = torch.optim.SGD(m.parameters(), args.lr, momentum=0.9)\n");
    const r = cli(['lint', path, '--json']);
    assert.equal(r.code, 0, r.err);
    const files = (JSON.parse(r.out) as { files: JsonFile[] }).files;
    assert.equal(files.length, 1);
    assert.equal(files[0].path, path.split('\\').join('/'));
    assert.deepEqual(files[0].diagnostics, []);
    const [s] = files[0].settings;
    assert.deepEqual([s.kind, s.name, s.framework, s.line, s.column, s.end_line, s.end_column], ['optimizer', 'torch.optim.SGD', 'pytorch', 5, 7, 5, 61]);
    assert.deepEqual(s.params.lr, { text: 'args.lr', value: 0.1, line: 5, resolved_from: 'argparse default of --lr at line 3' });
    assert.deepEqual(s.params.momentum, { text: '0.9', value: 0.9, line: 5 });
    assert.deepEqual(s.params.params, { text: 'm.parameters()', line: 5 }, 'no value for an expression');
  });

  it('searches folders for .py/.yaml/.yml/.json in name order, skipping node_modules, .git and virtual environments', () => {
    write('conf/a.yaml', 'lr: 0.1\n');
    write('conf/b.yml', 'momentum: 0.9\n');
    write('ds.json', '{"gradient_clipping": 1.0, "train_batch_size": 8}');
    write('notes.txt', 'lr: 1');
    write('node_modules/x/c.yaml', 'lr: 1\n');
    write('.venv/lib/d.py', 'torch.optim.SGD(p, lr=1)\n');
    const r = cli(['lint', dir, '--json']);
    assert.equal(r.code, 0, r.err);
    const files = (JSON.parse(r.out) as { files: JsonFile[] }).files;
    const root = dir.split('\\').join('/');
    assert.deepEqual(files.map((f) => f.path), [`${root}/conf/a.yaml`, `${root}/conf/b.yml`, `${root}/ds.json`]);
    assert.deepEqual(files.map((f) => f.settings.map((s) => s.kind)), [['optimizer'], ['optimizer'], ['clipping']]);
  });

  it('prints one path:line:column line per setting, resolved values explained, and a count', () => {
    const path = write('cfg.yaml', 'base: 0.02\noptimizer:\n  _target_: torch.optim.SGD\n  lr: ${base}\n  momentum: 0.9\n');
    const r = cli(['lint', path]);
    assert.equal(r.code, 0, r.err);
    const p = path.split('\\').join('/');
    assert.ok(r.out.includes(`${p}:2:1  optimizer  torch.optim.SGD (hydra)  lr=\${base} (= 0.02: interpolation \${base} -> line 1), momentum=0.9\n`), r.out);
    assert.match(r.out, /\n0 diagnostics, 1 setting in 1 file\n$/, 'base: is no optimizer key, so only the Hydra block counts');
  });

  it('lists the problems of a broken file and still its settings', () => {
    const path = write('bad.py', 'opt = torch.optim.Adam(p, lr=1e-3\ndef f(:\n');
    const r = cli(['lint', path, '--json']);
    assert.equal(r.code, 0);
    const [f] = (JSON.parse(r.out) as { files: JsonFile[] }).files;
    assert.equal(f.settings[0].params.lr.value, 1e-3);
    assert.ok(f.problems.some((p) => p.includes('syntax error')));
  });

  it('exit code 2 for a missing path (nothing printed), no path, an unknown option or --json=value', () => {
    const missing = cli(['lint', join(dir, 'nope.py')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.out, '');
    assert.match(missing.err, /cannot read .*nope\.py/);
    assert.equal(cli(['lint']).code, 2);
    const unknown = cli(['lint', dir, '--xml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option --xml for lint[\s\S]*optlens help lint/);
    assert.equal(cli(['lint', dir, '--json=1']).code, 2);
    assert.match(cli(['lint', dir, '--json', '--sarif']).err, /exclude each other/);
  });

  it('reports the rules\' diagnostics: JSON with code, severity, message, 1-based place and an exact fix; text lines first', () => {
    const path = write('c.yaml', 'optimizer: sgd\nlr: 1e-2\nmomentum: 1.0\n');
    const r = cli(['lint', path, '--json']);
    assert.equal(r.code, 0, r.err);
    const [f] = (JSON.parse(r.out) as { files: JsonFile[] }).files;
    assert.deepEqual(f.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.end_column]), [['OL007', 'warning', 2, 5, 9], ['OL001', 'error', 3, 11, 14]]);
    assert.deepEqual(f.diagnostics[0].fix, { title: 'Write 1.0e-2', edits: [{ line: 2, column: 5, end_line: 2, end_column: 9, new_text: '1.0e-2' }] });
    assert.match(String(f.diagnostics[1].message), /momentum = 1 >= 1/);
    const text = cli(['lint', path]).out;
    assert.ok(text.startsWith(`${path.split('\\').join('/')}:2:5  warning  OL007  lr: 1e-2 is a number`), text);
    assert.match(text, /2 diagnostics, 1 setting in 1 file\n$/);
  });

  it('--sarif writes SARIF 2.1.0: every rule in the driver, one result per diagnostic with its region and fix', () => {
    const path = write('conf/c.yaml', 'optimizer: sgd\nlr: 1e-2\nmomentum: 1.0\n');
    const r = cli(['lint', path, '--sarif']);
    assert.equal(r.code, 0, r.err);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: { tool: { driver: { name: string; informationUri?: string;
        rules: { id: string; helpUri?: string; help: { text: string }; defaultConfiguration: { level: string } }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
          fixes?: { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.name, 'optlens');
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ['OL001', 'OL002', 'OL003', 'OL004', 'OL005', 'OL006', 'OL007', 'OL008', 'OL009']);
    // No made-up web address: SARIF's helpUri must be an absolute URI and the project has no page; the help says where to look.
    assert.ok(!r.out.includes('example.invalid'));
    assert.equal(run.tool.driver.informationUri, undefined);
    for (const rule of run.tool.driver.rules) {
      assert.equal(rule.helpUri, undefined, rule.id);
      assert.ok(rule.help.text.includes(rule.id) && rule.help.text.includes(`config-rules-${rule.id.toLowerCase()}`), rule.help.text);
    }
    assert.deepEqual(run.results.map((x) => [x.ruleId, run.tool.driver.rules[x.ruleIndex].id, x.level]), [['OL007', 'OL007', 'warning'], ['OL001', 'OL001', 'error']]);
    const loc = run.results[0].locations[0].physicalLocation;
    assert.ok(loc.artifactLocation.uri.endsWith('conf/c.yaml'), loc.artifactLocation.uri);
    assert.deepEqual(loc.region, { startLine: 2, startColumn: 5, endLine: 2, endColumn: 9 });
    assert.equal(run.results[0].fixes?.[0].artifactChanges[0].replacements[0].insertedContent.text, '1.0e-2');
  });

  it('help lint documents the JSON fields, the empty diagnostics and the exit codes; --help lists lint', () => {
    const r = cli(['help', 'lint']);
    assert.equal(r.code, 0);
    for (const text of ['--json', '"end_column"', '"params"', '"diagnostics"', '"severity"', 'OL001', 'OL009', 'Exit codes', 'argparse default']) assert.ok(r.out.includes(text), text);
    assert.equal(cli(['lint', '--help']).out, r.out);
    assert.ok(cli(['--help']).out.includes('optlens lint PATH'));
  });
});
