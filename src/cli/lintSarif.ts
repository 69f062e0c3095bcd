/**
 * `optlens lint --sarif`: SARIF 2.1.0 for code scanning (GitHub and other viewers). One run, the rules as the
 * driver's rules (their summary, and where the README explains them), one result per diagnostic at its 1-based region
 * (UTF-16 columns, SARIF's default), and the exact fixes as replacements.
 */
import { CONFIG_RULES, type ConfigDiagnostic } from '../core/config/rules';
import type { SourceRange } from '../core/config';
import type { LintedFile } from './lintOutput';
import { VERSION } from './version';

/**
 * No helpUri: SARIF wants an absolute URI there and the project publishes no web page; the help text says
 * where the explanation is instead (the README shipped with the extension and the CLI's package).
 */
function helpOf(code: string): { text: string; markdown: string } {
  return {
    text: `See ${code} in the "Config rules" table of the Optimizer Lens README (anchor config-rules-${code.toLowerCase()}).`,
    markdown: `See **${code}** in the "Config rules" table of the Optimizer Lens README (anchor \`#config-rules-${code.toLowerCase()}\`).`,
  };
}

function level(severity: ConfigDiagnostic['severity']): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

function region(r: SourceRange): Record<string, number> {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

/**
 * A path as a URI reference (forward slashes, each segment percent-encoded, `./` dropped so `optlens lint .`
 * gives the repository-relative paths code scanning expects).
 */
export function uriOf(path: string): string {
  let p = path;
  while (p.startsWith('./')) p = p.slice(2);
  return p.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

export function lintSarif(files: readonly LintedFile[]): Record<string, unknown> {
  const ruleIndex = new Map(CONFIG_RULES.map((r, i) => [r.code, i]));
  const results = files.flatMap((f) => f.diagnostics.map((d) => {
    const artifactLocation = { uri: uriOf(f.path) };
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: level(d.severity),
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(d.range) } }],
    };
    if (d.fix) {
      result.fixes = [{
        description: { text: d.fix.title },
        artifactChanges: [{ artifactLocation, replacements: d.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) }],
      }];
    }
    return result;
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'optlens',
          version: VERSION,
          rules: CONFIG_RULES.map((r) => ({
            id: r.code,
            name: r.id,
            shortDescription: { text: r.summary },
            help: helpOf(r.code),
            defaultConfiguration: { level: level(r.severity) },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}
