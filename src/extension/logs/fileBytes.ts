/**
 * Reading a byte range of a log file. `workspace.fs` has no ranged read, and reading a whole 1 GB event file
 * to take its last few KiB would break the memory bound, so `file:` URIs are read with Node's fs at an offset.
 * That still covers Remote-SSH, WSL and dev containers: there, workspace extensions run in the remote extension
 * host next to the files, where the workspace's URIs are `file:` URIs of that machine. Other schemes (virtual
 * file systems) go through `workspace.fs.readFile` and a slice from the offset.
 */
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';

/**
 * Bytes [start, end) of the file (fewer when it is shorter now). The result owns its whole ArrayBuffer, so it
 * can be transferred to the worker.
 */
export async function readFileRange(uri: vscode.Uri, start: number, end: number): Promise<Uint8Array> {
  const length = Math.max(0, end - start);
  if (length === 0) return new Uint8Array(0);
  if (uri.scheme === 'file') {
    const handle = await open(uri.fsPath, 'r');
    try {
      const bytes = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(bytes, filled, length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? bytes : bytes.slice(0, filled);
    } finally {
      await handle.close();
    }
  }
  const whole = await vscode.workspace.fs.readFile(uri);
  return whole.slice(start, Math.min(end, whole.length));
}

/** The first `bytes` of a file, for format detection. */
export function readHead(uri: vscode.Uri, bytes = 4096): Promise<Uint8Array> {
  return readFileRange(uri, 0, bytes);
}
