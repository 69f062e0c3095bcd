/** The editor's config diagnostics without vscode: which documents, README links, severities, settings. */
import * as assert from 'node:assert/strict';
import {
  codeTarget, configDiagnosticsSettings, DEFAULT_DEBOUNCE_MS, extractionPath, repositoryUrlOf, severityIndex,
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

  it('links a code to its row of the README\'s Config rules table', () => {
    assert.equal(codeTarget('https://github.com/o/optimizer-lens.git', 'OL004'), 'https://github.com/o/optimizer-lens#config-rules-ol004');
    assert.equal(codeTarget('git+https://github.com/o/r/', 'OL001'), 'https://github.com/o/r#config-rules-ol001');
    assert.equal(codeTarget(undefined, 'OL001'), undefined);
    assert.equal(codeTarget('git@github.com:o/r.git', 'OL001'), undefined, 'an ssh address is no link');
    assert.equal(repositoryUrlOf({ repository: { type: 'git', url: 'https://x/r.git' } }), 'https://x/r.git');
    assert.equal(repositoryUrlOf({ repository: 'https://x/r' }), 'https://x/r');
    assert.equal(repositoryUrlOf({}), undefined);
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
