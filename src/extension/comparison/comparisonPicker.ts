/**
 * The QuickPick flow of "Run optimizer comparison":
 *   1. problem (or "Run a spec file…", which lists the workspace's *.optlens.json files instead),
 *   2. optimizers (multi-select: the tuned presets picked, the other optimizers at their framework defaults),
 *   3. step count,
 *   4. options: Enter runs at once (PyTorch rules, constant lr, no clipping); or change the convention,
 *      the schedule or the clipping first.
 * Escape at any step cancels and returns undefined.
 */
import * as vscode from 'vscode';
import { parseClipSpec, parseScheduleSpec } from '../../core/optim';
import { SCHEDULE_NAMES } from '../../core/optim/types';
import type { ClipSpec, ScheduleName, ScheduleSpec } from '../../core/optim/types';
import { PROBLEM_NAMES, problemTitle } from '../../core/problems';
import type { ProblemName, ProblemSpec } from '../../core/problems/types';
import { formatKeyValues, KeyValueSyntaxError, parseKeyValues } from '../../core/keyValues';
import { SpecError } from '../../core/specError';
import { describeEntryOptions, withEntryOptions, type EntryOptions } from '../../core/train/entryOptions';
import { allEntries, OPTIMIZER_PRESET_IDS } from '../../core/train/presets';
import type { ComparisonEntry, ComparisonRequest } from '../../core/train/types';
import { SPEC_FILE_GLOB } from '../specs/specFile';
import { MAX_STEPS } from './comparisonArgs';
import type { ComparisonDefaults } from './comparisonArgs';

const TITLE = 'Run optimizer comparison';
const TOTAL_STEPS = 4;

const PROBLEM_DETAILS: Partial<Record<ProblemName, string>> = {
  'ill-conditioned-quadratic': 'Condition number 100: plain SGD zig-zags across the valley; momentum fixes it.',
  rosenbrock: 'A curved, narrow valley with its minimum at (1, 1): the classic test of adaptivity.',
  quadratic: 'A quadratic with a chosen spectrum (here the default one): the textbook case for step-size theory.',
  beale: 'Sharp ridges and a flat basin around the minimum at (3, 0.5).',
  himmelblau: 'Four minima of equal depth: which one an optimizer reaches depends on its path.',
  rastrigin: 'Many regular local minima around the global one: momentum can hop over them, plain SGD gets stuck.',
  saddle: 'A saddle point: gradient descent slows near it; momentum and adaptive methods escape faster.',
  logistic_regression: 'Logistic regression on a synthetic two-class dataset with minibatches (stochastic).',
  mlp: 'A small tanh MLP on the two-moons dataset with minibatches (stochastic, non-convex).',
};

export type PickedComparison = ComparisonRequest | { specFile: vscode.Uri };

interface ProblemItem extends vscode.QuickPickItem {
  name?: ProblemName;
  specFile?: true;
}

interface EntryItem extends vscode.QuickPickItem {
  entry: ComparisonEntry;
}

interface Step {
  step: number;
  totalSteps: number;
}

function pickOne<T extends vscode.QuickPickItem>(items: T[], step: Step | null, placeholder: string, active?: T): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    Object.assign(pick, { title: TITLE, placeholder, items, ignoreFocusOut: true, matchOnDescription: true }, step ?? {});
    if (active) pick.activeItems = [active];
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

function pickMany<T extends vscode.QuickPickItem>(items: T[], selected: T[], step: Step, placeholder: string): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    Object.assign(pick, { title: TITLE, ...step, placeholder, items, canSelectMany: true, ignoreFocusOut: true, matchOnDescription: true });
    pick.selectedItems = selected;
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

/** The workspace's spec files, to pick one; undefined if none (after saying so) or cancelled. */
async function pickSpecFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(SPEC_FILE_GLOB, '**/node_modules/**', 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Optimizer Lens: no *.optlens.json spec files in this workspace. Create one (the schema completes it as you type) and try again.');
    return undefined;
  }
  const items = files
    .map((uri) => ({ uri, label: `$(file-code) ${vscode.workspace.asRelativePath(uri)}` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await pickOne(items, null, 'Spec file to run (every run in it)');
  return picked?.uri;
}

/** The presets tuned for `problem`, then every other optimizer at its PyTorch defaults (not preselected). */
export function optimizerEntries(problem: ProblemName): { entries: ComparisonEntry[]; preselected: number } {
  return { entries: allEntries(problem), preselected: OPTIMIZER_PRESET_IDS.length };
}

function describeHyperparameters(entry: ComparisonEntry): string {
  const { name, convention, ...rest } = entry.optimizer;
  void convention;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(', ')})` : String(v)}`);
  return `${name}(${parts.join(', ')})`;
}

/** Parameters the QuickPick prefills for each schedule, sized to the run's length. */
export function scheduleDefaults(name: ScheduleName, steps: number): Record<string, unknown> {
  const tenth = Math.max(1, Math.round(steps / 10));
  switch (name) {
    case 'constant':
      return {};
    case 'linear_warmup':
      return { warmup_steps: tenth };
    case 'step':
      return { step_size: Math.max(1, Math.round(steps / 4)), gamma: 0.1 };
    case 'cosine':
      return { t_max: steps, eta_min: 0 };
    case 'exponential':
      return { gamma: Number(Math.pow(0.01, 1 / steps).toPrecision(6)) };
    case 'one_cycle':
      return { total_steps: steps };
    case 'warmup_cosine':
      return { warmup_steps: tenth, total_steps: steps, eta_min: 0 };
    case 'reduce_on_plateau':
      return { factor: 0.1, patience: 10 };
  }
}

const SCHEDULE_DETAILS: Record<ScheduleName, string> = {
  constant: 'The same learning rate at every update',
  linear_warmup: 'lr · min(1, t / warmup_steps)',
  step: 'StepLR: lr · gamma^floor((t−1) / step_size)',
  cosine: 'CosineAnnealingLR down to eta_min over t_max updates',
  exponential: 'ExponentialLR: lr · gamma^(t−1)',
  one_cycle: 'OneCycleLR: warm up to max_lr, then anneal',
  warmup_cosine: 'Linear warm-up, then cosine decay',
  reduce_on_plateau: 'ReduceLROnPlateau on the training loss',
};

async function pickSchedule(current: ScheduleSpec | undefined, steps: number): Promise<ScheduleSpec | undefined | null> {
  const items = SCHEDULE_NAMES.map((name) => ({ name, label: name, detail: SCHEDULE_DETAILS[name] }));
  const picked = await pickOne(items, null, 'Learning-rate schedule', items.find((i) => i.name === (current?.name ?? 'constant')));
  if (!picked) return null;
  if (picked.name === 'constant') return undefined;
  const prefill = current?.name === picked.name
    ? (({ name, ...rest }) => (void name, rest))(current as unknown as Record<string, unknown>)
    : scheduleDefaults(picked.name, steps);
  let parsed: ScheduleSpec | undefined;
  const text = await vscode.window.showInputBox({
    title: `${TITLE}: ${picked.name} schedule`,
    prompt: `Parameters as key=value, separated by commas (${SCHEDULE_DETAILS[picked.name]})`,
    value: formatKeyValues(prefill),
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parsed = parseScheduleSpec({ name: picked.name, ...parseKeyValues(value) }, 'schedule');
        return undefined;
      } catch (error) {
        if (error instanceof SpecError || error instanceof KeyValueSyntaxError) return error.message;
        throw error;
      }
    },
  });
  if (text === undefined) return null;
  return parsed ?? parseScheduleSpec({ name: picked.name, ...parseKeyValues(text) }, 'schedule');
}

const CLIP_MODES: { key: keyof ClipSpec | 'none'; label: string; detail: string; value: number }[] = [
  { key: 'none', label: 'No clipping', detail: 'Use the raw gradient', value: 0 },
  { key: 'max_norm', label: 'Global norm (PyTorch clip_grad_norm_)', detail: 'Scale the whole gradient down to norm max_norm', value: 1 },
  { key: 'clip_value', label: 'By value (clip_grad_value_ / Keras clipvalue)', detail: 'Clip every coordinate to [−v, v]', value: 1 },
  { key: 'clipnorm', label: 'Per variable (Keras clipnorm)', detail: 'Clip the norm of each weight matrix and bias separately', value: 1 },
  { key: 'global_clipnorm', label: 'Global norm (Keras global_clipnorm)', detail: 'Scale the whole gradient down to norm v', value: 1 },
];

async function pickClip(current: ClipSpec | undefined): Promise<ClipSpec | undefined | null> {
  const currentKey = current ? Object.keys(current)[0] : 'none';
  const picked = await pickOne(CLIP_MODES, null, 'Gradient clipping', CLIP_MODES.find((m) => m.key === currentKey));
  if (!picked) return null;
  if (picked.key === 'none') return undefined;
  const key = picked.key;
  const prefill = current && key in current ? String((current as Record<string, unknown>)[key]) : String(picked.value);
  const text = await vscode.window.showInputBox({
    title: `${TITLE}: ${picked.label}`,
    prompt: `${key} (a positive number)`,
    value: prefill,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parseClipSpec({ [key]: Number(value.trim()) }, 'clip');
        return value.trim() === '' ? 'Enter a positive number.' : undefined;
      } catch (error) {
        if (error instanceof SpecError) return error.message;
        throw error;
      }
    },
  });
  if (text === undefined) return null;
  return parseClipSpec({ [key]: Number(text.trim()) }, 'clip');
}

interface OptionItem extends vscode.QuickPickItem {
  action: 'run' | 'convention' | 'schedule' | 'clip';
}

/** Step 4: Enter runs; the other items change one option and come back here. Undefined if cancelled. */
async function pickOptions(entries: ComparisonEntry[], steps: number): Promise<ComparisonEntry[] | undefined> {
  const options: EntryOptions = {};
  for (;;) {
    const summary = describeEntryOptions(options) || 'PyTorch rules · constant learning rate · no clipping';
    const items: OptionItem[] = [
      { action: 'run', label: '$(play) Run', description: summary },
      { action: 'convention', label: `$(symbol-namespace) Convention: ${options.convention === 'keras' ? 'Keras' : 'PyTorch'}`, detail: 'Which framework\'s update rules and defaults the optimizers follow (switches to the other one)' },
      { action: 'schedule', label: `$(graph-line) Schedule: ${options.schedule?.name ?? 'constant'}`, detail: 'Learning-rate schedule for every optimizer' },
      { action: 'clip', label: `$(fold) Clipping: ${options.clip ? Object.entries(options.clip).map(([k, v]) => `${k}=${v}`).join(', ') : 'none'}`, detail: 'Gradient clipping before every update' },
    ];
    const picked = await pickOne(items, { step: 4, totalSteps: TOTAL_STEPS }, 'Press Enter to run, or change an option first');
    if (!picked) return undefined;
    if (picked.action === 'run') {
      try {
        return withEntryOptions(entries, options);
      } catch (error) {
        if (!(error instanceof SpecError)) throw error;
        void vscode.window.showErrorMessage(`Optimizer Lens: ${error.message}`);
        continue;
      }
    }
    if (picked.action === 'convention') options.convention = options.convention === 'keras' ? 'pytorch' : 'keras';
    if (picked.action === 'schedule') {
      const schedule = await pickSchedule(options.schedule, steps);
      if (schedule !== null) options.schedule = schedule;
    }
    if (picked.action === 'clip') {
      const clip = await pickClip(options.clip);
      if (clip !== null) options.clip = clip;
    }
  }
}

export async function pickComparison(defaults: ComparisonDefaults): Promise<PickedComparison | undefined> {
  const problemItems: ProblemItem[] = [
    ...PROBLEM_NAMES.map((name) => ({ name, label: problemTitle({ name } as ProblemSpec), detail: PROBLEM_DETAILS[name] })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { specFile: true, label: '$(file-code) Run a spec file…', detail: 'Run the runs of a *.optlens.json file in this workspace' },
  ];
  const problem = await pickOne(problemItems, { step: 1, totalSteps: TOTAL_STEPS }, 'Problem to optimize, or a spec file to run');
  if (!problem) return undefined;
  if (problem.specFile) {
    const specFile = await pickSpecFile();
    return specFile ? { specFile } : undefined;
  }
  const name = problem.name as ProblemName;

  const { entries, preselected } = optimizerEntries(name);
  const entryItems: EntryItem[] = entries.map((entry) => ({ entry, label: entry.label, description: describeHyperparameters(entry) }));
  const picked = await pickMany(entryItems, entryItems.slice(0, preselected), { step: 2, totalSteps: TOTAL_STEPS },
    'Optimizers to compare (Space toggles, Enter continues)');
  if (!picked) return undefined;

  const stepsText = await vscode.window.showInputBox({
    title: `${TITLE} (3/${TOTAL_STEPS})`,
    prompt: 'Number of updates per optimizer',
    value: String(defaults.steps),
    ignoreFocusOut: true,
    validateInput: validateSteps,
  });
  if (stepsText === undefined) return undefined;
  const steps = Number(stepsText.trim());

  const finalEntries = await pickOptions(picked.map((item) => item.entry), steps);
  if (!finalEntries) return undefined;
  return { problem: { name } as ProblemSpec, entries: finalEntries, steps, tolerance: defaults.tolerance };
}
