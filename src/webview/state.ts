/**
 * What the dashboard remembers across reloads and while hidden: the last comparison and the log-scale
 * toggle. Saved with VS Code's `setState`, restored (after validation) on load.
 */
import { PROTOCOL_VERSION, validateWebviewState, type WireComparison, type WebviewState } from '../core/protocol';

export function initialState(): WebviewState {
  return { version: PROTOCOL_VERSION, comparison: null, logScale: true };
}

/** The saved state if it is valid, else the initial state and the reason it was rejected. */
export function restoreState(saved: unknown): { state: WebviewState; rejected: string | null } {
  if (saved === undefined || saved === null) return { state: initialState(), rejected: null };
  const result = validateWebviewState(saved);
  return result.ok ? { state: result.value, rejected: null } : { state: initialState(), rejected: result.error };
}

export function withComparison(state: WebviewState, comparison: WireComparison): WebviewState {
  return { ...state, comparison };
}

export function withLogScale(state: WebviewState, logScale: boolean): WebviewState {
  return { ...state, logScale };
}
