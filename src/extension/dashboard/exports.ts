/**
 * The dashboard's exports on the host side: a save dialog (the user picks where; nothing is written without
 * it) for a chart's PNG or CSV, and the clipboard for "Copy findings as Markdown". The messages were validated
 * (protocol.ts: a plain file name, a PNG data: URL, bounded sizes) before they get here.
 */
import * as vscode from 'vscode';
import type { ExportFormat } from '../../core/protocol';
import { log } from '../log';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  csv: { 'CSV (comma-separated values)': ['csv'] },
  md: { Markdown: ['md'] },
};

/** The file's bytes: a PNG's data: URL decoded, text as UTF-8. */
export function exportBytes(format: ExportFormat, data: string): Uint8Array {
  if (format === 'png') return Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
  return Buffer.from(data, 'utf8');
}

/** Where the save dialog opens: the first workspace folder, else the home folder. */
function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Asks where to save and writes the file; resolves to its Uri, or undefined when the user cancelled. */
export async function saveExport(format: ExportFormat, fileName: string, data: string): Promise<vscode.Uri | undefined> {
  const folder = defaultFolder();
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    filters: FILTERS[format],
    title: `Optimizer Lens: save ${fileName}`,
    saveLabel: 'Save',
  });
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, exportBytes(format, data));
    log().info(`Dashboard export saved to ${target.toString(true)}.`);
    void vscode.window.setStatusBarMessage(`Optimizer Lens: saved ${target.path.split('/').pop() ?? fileName}`, 4000);
    return target;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Optimizer Lens: could not save ${fileName}: ${message}`);
    return undefined;
  }
}

export async function copyExport(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`Optimizer Lens: copied the ${what} as Markdown`, 4000);
}
