/**
 * The three-step QuickPick flow of "Run optimizer comparison": problem, optimizers (multi-select,
 * all presets picked), step count. Escape at any step cancels and returns undefined.
 */
import * as vscode from 'vscode';
import { PROBLEM_NAMES, problemTitle } from '../../core/problems';
import { defaultEntries } from '../../core/train/presets';
import type { ComparisonRequest } from '../../core/train/types';
import type { ComparisonEntry } from '../../core/train/types';
import type { ProblemName } from '../../core/problems/types';
import { MAX_STEPS } from './comparisonArgs';
import type { ComparisonDefaults } from './comparisonArgs';

const TITLE = 'Run optimizer comparison';
const TOTAL_STEPS = 3;

const PROBLEM_DETAILS: Record<ProblemName, string> = {
  'ill-conditioned-quadratic': 'Condition number 100: plain SGD zig-zags across the valley; momentum fixes it.',
  rosenbrock: 'A curved, narrow valley with its minimum at (1, 1): the classic test of adaptivity.',
};

interface ProblemItem extends vscode.QuickPickItem {
  name: ProblemName;
}

interface EntryItem extends vscode.QuickPickItem {
  entry: ComparisonEntry;
}

function pickOne<T extends vscode.QuickPickItem>(items: T[], step: number, placeholder: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    Object.assign(pick, { title: TITLE, step, totalSteps: TOTAL_STEPS, placeholder, items, ignoreFocusOut: true });
    let result: T | undefined;
    pick.onDidAccept(() => {
      result = pick.selectedItems[0] ?? pick.activeItems[0];
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}

function pickMany<T extends vscode.QuickPickItem>(items: T[], step: number, placeholder: string): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    Object.assign(pick, { title: TITLE, step, totalSteps: TOTAL_STEPS, placeholder, items, canSelectMany: true, ignoreFocusOut: true });
    pick.selectedItems = items;
    let result: T[] | undefined;
    pick.onDidAccept(() => {
      if (pick.selectedItems.length === 0) {
        // QuickPick has no validation message in the stable API: say it in the placeholder.
        pick.placeholder = 'Pick at least one optimizer (Space toggles), then press Enter';
        return;
      }
      result = [...pick.selectedItems];
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}

function validateSteps(text: string): string | undefined {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= MAX_STEPS ? undefined : `Enter a whole number from 1 to ${MAX_STEPS}.`;
}

export async function pickComparison(defaults: ComparisonDefaults): Promise<ComparisonRequest | undefined> {
  const problemItems: ProblemItem[] = PROBLEM_NAMES.map((name) => ({
    name,
    label: problemTitle({ name } as never),
    detail: PROBLEM_DETAILS[name],
  }));
  const problem = await pickOne(problemItems, 1, 'Problem to optimize');
  if (!problem) return undefined;

  const entryItems: EntryItem[] = defaultEntries(problem.name).map((entry) => ({
    entry,
    label: entry.label,
    description: describeHyperparameters(entry),
  }));
  const picked = await pickMany(entryItems, 2, 'Optimizers to compare (Space toggles, Enter runs)');
  if (!picked) return undefined;

  const stepsText = await vscode.window.showInputBox({
    title: `${TITLE} (3/${TOTAL_STEPS})`,
    prompt: 'Number of updates per optimizer',
    value: String(defaults.steps),
    ignoreFocusOut: true,
    validateInput: validateSteps,
  });
  if (stepsText === undefined) return undefined;

  return {
    problem: { name: problem.name } as ComparisonRequest['problem'],
    entries: picked.map((item) => item.entry),
    steps: Number(stepsText.trim()),
    tolerance: defaults.tolerance,
  };
}

function describeHyperparameters(entry: ComparisonEntry): string {
  const { name, ...rest } = entry.optimizer;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(', ')})` : String(v)}`);
  return `torch.optim.${name === 'sgd' ? 'SGD' : name === 'adam' ? 'Adam' : 'RMSprop'}(${parts.join(', ')})`;
}
