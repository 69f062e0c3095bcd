/**
 * Inline diagnostics of training configs: one incremental extractor per open Python/YAML/JSON document,
 * re-run after the user stops typing for `optimizerLens.config.debounceMs`, its rules' diagnostics in one
 * DiagnosticCollection. Nothing is executed (the file is parsed, never run), so it works in untrusted
 * workspaces. A failure is logged, never thrown into the extension host.
 */
import * as vscode from 'vscode';
import { createSettingsExtractor, type ConfigExtraction } from '../../core/config';
import { runRules, type ConfigDiagnostic } from '../../core/config/rules';
import { log } from '../log';
import { CONFIG_SOURCE, codeTarget, configDiagnosticsSettings, extractionPath, severityIndex, type ConfigDiagnosticsSettings } from './diagnosticInfo';

/** Schemes of documents that are not the user's files (diff views, output): checking them would duplicate Problems. */
const SKIPPED_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'debug', 'private', 'vscode-userdata']);

/** One check of one document version: what the quick fixes and "Simulate this config" work from. */
export interface CheckedDocument {
  version: number;
  /** The path the extractor read it under (decides the language). */
  path: string;
  text: string;
  extraction: ConfigExtraction;
  diagnostics: ConfigDiagnostic[];
  /** The editor's diagnostics, index for index with `diagnostics`. */
  shown: vscode.Diagnostic[];
}

interface DocumentState {
  extract: ReturnType<typeof createSettingsExtractor>;
  timer?: ReturnType<typeof setTimeout>;
  checked?: CheckedDocument;
}

export function readConfigDiagnosticsSettings(): ConfigDiagnosticsSettings {
  const config = vscode.workspace.getConfiguration('optimizerLens.config');
  return configDiagnosticsSettings(config.get('enabled'), config.get('debounceMs'));
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('optimizerLens.config');
  private readonly states = new Map<string, DocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private settings = readConfigDiagnosticsSettings();
  /** Fires after a document was checked (CodeLenses follow it). */
  readonly onDidCheck = this.changed.event;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('optimizerLens.config')) this.reconfigure();
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  private wanted(doc: vscode.TextDocument): string | null {
    if (!this.settings.enabled || SKIPPED_SCHEMES.has(doc.uri.scheme)) return null;
    return extractionPath(doc.uri.path, doc.languageId);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (this.wanted(doc) === null) return;
    const state = this.stateOf(doc.uri);
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.check(doc);
    }, this.settings.debounceMs);
  }

  private stateOf(uri: vscode.Uri): DocumentState {
    const key = uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = { extract: createSettingsExtractor() };
      this.states.set(key, state);
    }
    return state;
  }

  /** Checks the document now (if it is a config) and publishes its diagnostics; never throws. */
  check(doc: vscode.TextDocument): CheckedDocument | undefined {
    const path = this.wanted(doc);
    if (path === null || doc.isClosed) return undefined;
    const state = this.stateOf(doc.uri);
    try {
      const text = doc.getText();
      const extraction = state.extract(path, text);
      const diagnostics = runRules(extraction);
      const shown = diagnostics.map((d) => this.toVscode(doc, d));
      state.checked = { version: doc.version, path, text, extraction, diagnostics, shown };
      this.collection.set(doc.uri, shown);
      this.changed.fire(doc.uri);
      return state.checked;
    } catch (error) {
      log().error(`Config check of ${doc.uri.toString(true)} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The check of the document as it is now (checked at once when the last check is of an older version). */
  current(doc: vscode.TextDocument): CheckedDocument | undefined {
    const checked = this.states.get(doc.uri.toString())?.checked;
    if (checked && checked.version === doc.version) return checked;
    return this.check(doc);
  }

  private toVscode(doc: vscode.TextDocument, d: ConfigDiagnostic): vscode.Diagnostic {
    const range = new vscode.Range(doc.positionAt(d.range.start.offset), doc.positionAt(d.range.end.offset));
    const diagnostic = new vscode.Diagnostic(range, d.message, severityIndex(d.severity) as vscode.DiagnosticSeverity);
    diagnostic.source = CONFIG_SOURCE;
    diagnostic.code = { value: d.code, target: vscode.Uri.parse(codeTarget(d.code)) };
    return diagnostic;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const state = this.states.get(key);
    if (state?.timer !== undefined) clearTimeout(state.timer);
    this.states.delete(key);
    this.collection.delete(uri);
  }

  private reconfigure(): void {
    this.settings = readConfigDiagnosticsSettings();
    if (!this.settings.enabled) {
      for (const state of this.states.values()) if (state.timer !== undefined) clearTimeout(state.timer);
      this.states.clear();
      this.collection.clear();
      return;
    }
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  dispose(): void {
    for (const state of this.states.values()) if (state.timer !== undefined) clearTimeout(state.timer);
    this.states.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }
}
