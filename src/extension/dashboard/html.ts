/**
 * The dashboard's HTML shell: a strict Content-Security-Policy (nothing but our own bundles, loaded
 * through asWebviewUri, and one script carrying a fresh nonce per load), and no inline styles.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = createNonce()): string {
  const uri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${uri('dist', 'uPlot.min.css')}" rel="stylesheet">
<link href="${uri('media', 'dashboard.css')}" rel="stylesheet">
<link href="${uri('media', 'findings.css')}" rel="stylesheet">
<link href="${uri('media', 'paths.css')}" rel="stylesheet">
<link href="${uri('media', 'logOverlay.css')}" rel="stylesheet">
<title>Optimizer Lens</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
