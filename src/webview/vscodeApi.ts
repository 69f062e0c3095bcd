/**
 * The one handle on VS Code's webview API (it may only be acquired once per page), typed with the
 * messages and state of src/core/protocol.ts.
 */
import type { WebviewMessage, WebviewState } from '../core/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  post(message: WebviewMessage): void;
  /** The raw saved state; validate before use. */
  loadState(): unknown;
  saveState(state: WebviewState): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
