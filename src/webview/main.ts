/**
 * Webview entry point: restores the saved state, renders the dashboard, and handles the messages
 * of src/core/protocol.ts. Every host message is validated first; invalid ones are ignored and
 * reported back to the host as 'webviewError'.
 */
import { validateHostMessage, type HostMessage, type WebviewState } from '../core/protocol';
import { Dashboard } from './dashboard';
import { restoreState, withComparison, withLogScale } from './state';
import { watchTheme } from './theme';
import { connectToHost } from './vscodeApi';

const host = connectToHost();

function reportError(message: string): void {
  host.post({ type: 'webviewError', message: message.slice(0, 9000) });
}

window.addEventListener('error', (event) => reportError(`${event.message} (${event.filename}:${event.lineno})`));
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  reportError(reason instanceof Error ? `${reason.message}\n${reason.stack ?? ''}` : String(reason));
});

const restored = restoreState(host.loadState());
if (restored.rejected) reportError(`ignored saved state: ${restored.rejected}`);
let state: WebviewState = restored.state;
/** Bumped on every render so a slow, superseded render does not report "rendered". */
let renderToken = 0;

const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const dashboard = new Dashboard(app, {
  runComparison: () => host.post({ type: 'runComparison' }),
  setLogScale: (on) => {
    state = withLogScale(state, on);
    host.saveState(state);
    void announceWhenDrawn(dashboard.setLogScale(on));
  },
  reportError,
});

function save(next: WebviewState): void {
  state = next;
  host.saveState(state);
}

/**
 * Tells the host what is on screen once every chart has really drawn. There is deliberately no
 * timeout here: "rendered" is the host's (and the integration tests') proof that the charts drew,
 * so it must never be sent for charts that did not; the host applies its own timeout.
 */
async function announceWhenDrawn(drawn: Promise<void>): Promise<void> {
  const token = ++renderToken;
  await drawn;
  const comparison = state.comparison;
  if (token !== renderToken || !comparison) return;
  host.post({ type: 'rendered', labels: comparison.runs.map((run) => run.label), finishedAt: comparison.finishedAt });
}

function showState(): void {
  void announceWhenDrawn(dashboard.show(state.comparison, state.logScale));
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'comparison':
      save(withComparison(state, message.comparison));
      dashboard.setStatus({ kind: 'idle' });
      showState();
      break;
    case 'running':
      dashboard.setStatus({ kind: 'running', title: message.title });
      break;
    case 'runFailed':
      dashboard.setStatus({ kind: 'failed', message: message.message });
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const result = validateHostMessage(event.data);
  if (result.ok) handle(result.value);
  else reportError(`ignored invalid message from the extension: ${result.error}`);
});

watchTheme(() => dashboard.applyTheme());
showState();
host.post({ type: 'ready' });
