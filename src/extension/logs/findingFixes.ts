/**
 * "Show Fixes": the ranked fixes of a finding in a QuickPick, each one's sentence with its numbers. A watched
 * log belongs to a training script Optimizer Lens cannot edit, so picking a fix copies its text to the
 * clipboard (to paste into the script, a note or an issue) and says so; nothing pretends to apply it.
 */
import * as vscode from 'vscode';
import type { Finding, Fix } from '../../core/diagnose/types';
import { findingTitle } from '../../core/logs/findingText';

export function fixDetail(fix: Fix): string {
  const change = fix.parameter !== undefined ? `${fix.parameter}${fix.from !== undefined ? ` ${fix.from}` : ''}${fix.to !== undefined ? ` -> ${fix.to}` : ''}` : '';
  return [fix.action, change].filter(Boolean).join(': ');
}

/** Resolves to the fix picked (its text now on the clipboard), or undefined. */
export async function showFixes(finding: Finding, runLabel: string): Promise<Fix | undefined> {
  if (finding.fixes.length === 0) {
    void vscode.window.showInformationMessage(`No fix is known for ${findingTitle(finding)} in ${runLabel}.`);
    return undefined;
  }
  const items = finding.fixes.map((fix, i) => ({ label: `${i + 1}. ${fix.text}`, description: fixDetail(fix), fix }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Fixes for ${findingTitle(finding)} (${runLabel}), best first: pick one to copy it`,
    // The why, with its numbers, above the fixes.
    placeHolder: finding.message,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  await vscode.env.clipboard.writeText(picked.fix.text);
  void vscode.window.showInformationMessage(`Copied to the clipboard: ${picked.fix.text}`);
  return picked.fix;
}
