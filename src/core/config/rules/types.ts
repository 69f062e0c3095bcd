/** The vocabulary of the config rules (issue 6 item 2): a diagnostic at a setting's place, with its why in numbers. */
import type { Severity } from '../../diagnose/types';
import type { ConfigExtraction, SourceRange } from '../types';
import type { RuleOptions } from './options';

export type { Severity };

/** A replacement of one range by new text; the editor turns it into an undoable WorkspaceEdit. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

export interface SuggestedFix {
  title: string;
  edits: TextEdit[];
}

export interface ConfigDiagnostic {
  /** Stable code ("OL001"), the key of its README entry and of its quick fix. */
  code: string;
  severity: Severity;
  /** Why, with the numbers of this config. */
  message: string;
  range: SourceRange;
  /** Index into extraction.settings of the setting it is about. */
  setting: number;
  /** The parameter it is about, when one is. */
  param?: string;
  fix?: SuggestedFix;
  /** Other fixes for the same problem, after `fix` (the preferred one), e.g. lower the momentum instead of warming up. */
  alternatives?: SuggestedFix[];
}

export interface RuleContext {
  extraction: ConfigExtraction;
  options: RuleOptions;
}

export interface ConfigRule {
  code: string;
  /** Short name for lists and SARIF (`momentum-out-of-range`). */
  id: string;
  /** One line on what it catches. */
  summary: string;
  /** Severity of its most common diagnostic (SARIF's default level for it). */
  severity: Severity;
  check(ctx: RuleContext): ConfigDiagnostic[];
}
