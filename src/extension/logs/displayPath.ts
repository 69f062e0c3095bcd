import * as vscode from 'vscode';

/** A path as the user knows it: workspace-relative (with the folder name only in a multi-root workspace), else absolute. */
export function displayPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
