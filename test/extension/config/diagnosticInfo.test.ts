/** The editor's config diagnostics without vscode: which documents, README links, severities, settings. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_RULES } from '../../../src/core/config/rules';
import {
  codeTarget, configDiagnosticsSettings, DEFAULT_DEBOUNCE_MS, extractionPath, ruleCodeArgument, ruleDocsLine, RULE_DOCS_COMMAND, severityIndex,
} from '../../../src/extension/config/diagnosticInfo';

describe('config diagnostics: pure mapping', () => {
  it('reads Python, YAML and JSON documents under their own name, untitled ones with their language\'s extension', () => {
    assert.equal(extractionPath('/w/train.py', 'python'), '/w/train.py');
    assert.equal(extractionPath('/w/conf.yml', 'yaml'), '/w/conf.yml');
    assert.equal(extractionPath('/w/ds_config.json', 'jsonc'), '/w/ds_config.json');
    assert.equal(extractionPath('Untitled-1', 'python'), 'Untitled-1.py');
    assert.equal(extractionPath('/w/SConstruct', 'python'), '/w/SConstruct.py');
    assert.equal(extractionPath('/w/run.optlens.json', 'optlens-spec'), null, 'run specs have their own checks');
    assert.equal(extractionPath('/w/notes.md', 'markdown'), null);
  });

  it('links a code to a command that opens the bundled README, with the code as its only argument', () => {
    const target = codeTarget('OL004');
    assert.ok(target.startsWith(`command:${RULE_DOCS_COMMAND}?`), target);
    assert.deepEqual(JSON.parse(decodeURIComponent(target.slice(target.indexOf('?') + 1))), ['OL004']);
    assert.ok(!target.includes('example.invalid') && !target.includes('http'), 'no web address');
  });

  it('accepts only a rule code as the command\'s argument (a link anywhere could call it)', () => {
    assert.equal(ruleCodeArgument('OL007'), 'OL007');
    for (const bad of [undefined, null, 7, 'ol007', 'OL0071', '../README', ['OL001'], { code: 'OL001' }, 'OL001\n']) {
      assert.equal(ruleCodeArgument(bad), null, JSON.stringify(bad));
    }
  });

  it('finds every rule\'s row in the README the extension ships, and none for an unknown code', () => {
    // Compiled to out/test/extension/config/, so the repository root is four levels up.
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const lines = readme.split('\n');
    for (const rule of CONFIG_RULES) {
      const line = ruleDocsLine(readme, rule.code);
      assert.ok(line >= 0, `README has a row for ${rule.code}`);
      assert.ok(lines[line].includes(`>${rule.code} |`), `${rule.code}'s anchor is on its own row: ${lines[line]}`);
    }
    assert.equal(ruleDocsLine(readme, 'OL999'), -1);
  });

  it('maps severities to vscode.DiagnosticSeverity values (info is Information, not Hint)', () => {
    assert.deepEqual((['error', 'warning', 'info'] as const).map(severityIndex), [0, 1, 2]);
  });

  it('settings: on by default, debounce 300 ms, bad values replaced by the defaults', () => {
    assert.deepEqual(configDiagnosticsSettings(undefined, undefined), { enabled: true, debounceMs: DEFAULT_DEBOUNCE_MS });
    assert.deepEqual(configDiagnosticsSettings(false, 0), { enabled: false, debounceMs: 0 });
    assert.equal(configDiagnosticsSettings(true, -5).debounceMs, 300);
    assert.equal(configDiagnosticsSettings(true, 1e9).debounceMs, 300);
    assert.equal(configDiagnosticsSettings(true, '100').debounceMs, 300);
  });
});
