/**
 * Refresh cost of the config diagnostics (issue 6: at most 5 ms per refresh of a 1,000-line file, rules
 * included). Times `extractSettings` + `runRules` on a generated 1,000-line PyTorch training script, a 1,000-line
 * YAML config and a 1,000-line DeepSpeed-style JSON, against the bound measured in the same run: the bare
 * parse of the same text by the same parser (@lezer/python, yaml's parseAllDocuments, jsonc-parser's
 * parseTree), which any extraction built on a real parser must pay. The ratio is the price of the walk,
 * the name resolution and the ranges.
 */
import { parser as pythonParser } from '@lezer/python';
import { parseTree, type ParseError } from 'jsonc-parser';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { createSettingsExtractor, extractSettings } from '../src/core/config';
import { runRules } from '../src/core/config/rules';

const LINES = 1000;
const BUDGET_MS = 5;

/** A training script the way pytorch/examples write them, repeated blocks until it has `LINES` lines. */
export function pythonScript(): string {
  const head = [
    'import argparse', 'import math', 'import torch', 'import torch.nn as nn', 'import torch.nn.functional as F',
    'import torch.optim as optim', 'from torch.optim.lr_scheduler import StepLR, OneCycleLR', '',
    'parser = argparse.ArgumentParser(description="bench")',
    "parser.add_argument('--lr', type=float, default=0.1, help='learning rate')",
    "parser.add_argument('--momentum', type=float, default=0.9)",
    "parser.add_argument('--learning-rate', type=float, default=3e-4)",
    'args = parser.parse_args()', '',
  ];
  const lines = [...head];
  for (let k = 0; lines.length < LINES - 20; k++) {
    lines.push(
      `class Block${k}(nn.Module):`,
      '    """A residual block; optim.SGD(params, lr=10) in a docstring is not a setting."""',
      '    def __init__(self, width):',
      '        super().__init__()',
      '        self.fc1 = nn.Linear(width, width)',
      '        self.fc2 = nn.Linear(width, width)',
      '',
      '    def forward(self, x):',
      '        # x = F.dropout(x, p=0.1)',
      '        return x + self.fc2(F.relu(self.fc1(x)))',
      '',
      '',
      `def train_${k}(model, loader, epochs=${k + 1}):`,
      `    optimizer = optim.SGD(model.parameters(), args.lr, momentum=args.momentum, weight_decay=${k}e-5)`,
      '    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)',
      '    for epoch in range(epochs):',
      '        for data, target in loader:',
      '            optimizer.zero_grad()',
      '            loss = F.cross_entropy(model(data), target)',
      '            loss.backward()',
      '            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
      '            optimizer.step()',
      '        scheduler.step()',
      `    print(f"epoch {epoch} loss {loss.item():.4f}")`,
      '',
    );
  }
  while (lines.length < LINES) lines.push('');
  return lines.slice(0, LINES).join('\n') + '\n';
}

export function yamlConfig(): string {
  const lines = ['# Lightning CLI + Hydra-style config', 'trainer:', '  max_epochs: 90', '  gradient_clip_val: 0.5'];
  for (let k = 0; lines.length < LINES - 12; k++) {
    lines.push(
      `experiment_${k}:`, '  optimizer:', '    class_path: torch.optim.AdamW', '    init_args:', `      lr: ${k + 1}e-4`,
      '      weight_decay: 0.05', '  scheduler:', '    _target_: torch.optim.lr_scheduler.CosineAnnealingLR', '    T_max: 100',
      '  data: {batch_size: 64, workers: 8}  # lr: 10 in a comment',
    );
  }
  while (lines.length < LINES) lines.push('');
  return lines.slice(0, LINES).join('\n') + '\n';
}

export function jsonConfig(): string {
  const blocks: string[] = [];
  let lines = 3;
  for (let k = 0; lines < LINES - 12; k++) {
    blocks.push(`  "stage_${k}": {\n    "optimizer": {"type": "AdamW", "params": {"lr": ${k + 1}e-5, "betas": [0.9, 0.999]}},\n    "scheduler": {"type": "WarmupLR", "params": {"warmup_num_steps": 500}},\n    "note": "lr 10 in a string"\n  }`);
    lines += 5;
  }
  return `{\n  "gradient_clipping": 1.0,\n  "train_batch_size": 32,\n${blocks.join(',\n')}\n}\n`;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

interface Timing {
  wallMs: number;
  /** CPU time of this process per call (user + system): on a loaded machine it is far closer to the work done. */
  cpuMs: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Medians of alternating samples, so a busy machine slows both alike and the ratio stays meaningful. */
function paired(a: () => void, b: () => void, reps = 41, inner = 5): [Timing, Timing] {
  for (let i = 0; i < 20; i++) {
    a();
    b();
  }
  const samples: [number[], number[], number[], number[]] = [[], [], [], []];
  for (let r = 0; r < reps; r++) {
    for (const [fn, wall, cpu] of [[a, samples[0], samples[1]], [b, samples[2], samples[3]]] as const) {
      const t0 = performance.now();
      const c0 = cpuNow();
      for (let i = 0; i < inner; i++) fn();
      cpu.push((cpuNow() - c0) / inner);
      wall.push((performance.now() - t0) / inner);
    }
  }
  return [{ wallMs: median(samples[0]), cpuMs: median(samples[1]) }, { wallMs: median(samples[2]), cpuMs: median(samples[3]) }];
}

let sink = 0;

/** Settings the editor path gives for `edited` after `original` (with a confined YAML error: more than a whole read). */
function editorCount(path: string, original: string, edited: string): number {
  const extractor = createSettingsExtractor();
  extractor(path, original);
  return extractor(path, edited).settings.length;
}

export async function benchConfigExtract(write: (line: string) => void): Promise<void> {
  const cases: [string, string, string, () => void][] = [];
  const py = pythonScript();
  const yml = yamlConfig();
  const json = jsonConfig();
  cases.push(['python', 'train.py', py, () => void (sink += pythonParser.parse(py).length)]);
  cases.push(['yaml', 'config.yaml', yml, () => void (sink += parseAllDocuments(yml).length)]);
  cases.push(['json', 'ds_config.json', json, () => {
    const errors: ParseError[] = [];
    sink += parseTree(json, errors, { allowTrailingComma: true })?.length ?? 0;
  }]);
  write(`\nconfig diagnostics (extraction + rules): median ms per refresh of a generated file (budget ${BUDGET_MS} ms per refresh, rules included)\n`);
  const header = ['file', 'lines', 'settings', 'refresh ms', 'refresh cpu ms', 'bare parse ms', 'ratio', 'cpu of budget'];
  write(header.map((h, i) => (i === 0 ? h.padEnd(16) : h.padStart(h.length + 2))).join('') + '\n');
  for (const [, path, text, bare] of cases) {
    const settings = extractSettings(path, text).settings.length;
    const [refresh, parse] = paired(() => void (sink += runRules(extractSettings(path, text)).length), bare);
    const cells = [String(text.split('\n').length - 1), String(settings), refresh.wallMs.toFixed(3), refresh.cpuMs.toFixed(3),
      parse.wallMs.toFixed(3), (refresh.wallMs / parse.wallMs).toFixed(2), `${((100 * refresh.cpuMs) / BUDGET_MS).toFixed(0)}%`];
    write(path.padEnd(16) + cells.map((c, i) => c.padStart(header[i + 1].length + 2)).join('') + '\n');
  }
  // An editor refresh after a keystroke: the document's extractor re-parses incrementally and re-reads only the
  // pieces the edit touched. Two versions of the file alternate, so every call sees an edit.
  const mid = py.indexOf('momentum=args.momentum', py.length >> 1);
  const edits: [string, string, string][] = [
    ['edit: token', 'train.py', `${py.slice(0, mid)}momentum=0.95${py.slice(mid + 'momentum=args.momentum'.length)}`],
    // A new line moves every later piece: their settings are moved, not read again.
    ['edit: new line', 'train.py', `${py.slice(0, mid)}\n    ${py.slice(mid)}`],
    // An unclosed bracket (then closed again): the incremental tree with its error is kept (python/incremental.ts)
    // and the chunks at the error and the edit are read from it.
    ['edit: syntax err', 'train.py', `${py.slice(0, mid)}(${py.slice(mid)}`],
    ['edit: yaml', 'config.yaml', yml.replace('lr: 20e-4', 'lr: 21e-4')],
    // A new line near the top moves every later block: their trees are moved, not parsed again.
    ['edit: yaml line', 'config.yaml', yml.replace('  max_epochs: 90\n', '  max_epochs: 90\n  precision: 16\n')],
    // An unclosed quote, confined to the edited block: the other blocks keep their trees, that block's own parse
    // (with its error) is used (yaml/incremental.ts).
    ['edit: yaml err', 'config.yaml', yml.replace('lr: 20e-4', 'lr: "20e-4')],
    ['edit: json', 'ds_config.json', json.replace('"lr": 20e-5', '"lr": 21e-5')],
    // A new top-level property: the run of properties the edit touched is parsed alone, inside braces.
    ['edit: json key', 'ds_config.json', json.replace('"train_batch_size": 32,', '"train_batch_size": 32, "steps_per_print": 10,')],
  ];
  // Typing while the file stays broken: both versions have the unclosed bracket, one a character more after it.
  const broken = `${py.slice(0, mid)}(${py.slice(mid)}`;
  edits.splice(3, 0, ['edit: py err', 'train.py', `${py.slice(0, mid)}(x${py.slice(mid)}`]);
  for (const [label, path, edited] of edits) {
    const original = path === 'train.py' ? (label === 'edit: py err' ? broken : py) : path === 'config.yaml' ? yml : json;
    if (edited === original) throw new Error(`bench: the ${label} edit changed nothing`);
    const bare = cases.find((c) => c[1] === path)?.[3] as () => void;
    const extractor = createSettingsExtractor();
    let flip = false;
    const [keystroke, parse] = paired(() => {
      flip = !flip;
      sink += runRules(extractor(path, flip ? edited : original)).length;
    }, bare);
    const cells = [String(edited.split('\n').length - 1), String(editorCount(path, original, edited)), keystroke.wallMs.toFixed(3), keystroke.cpuMs.toFixed(3),
      parse.wallMs.toFixed(3), (keystroke.wallMs / parse.wallMs).toFixed(2), `${((100 * keystroke.cpuMs) / BUDGET_MS).toFixed(0)}%`];
    write(label.padEnd(16) + cells.map((c, i) => c.padStart(header[i + 1].length + 2)).join('') + '\n');
  }
  write('edit rows = the editor path (createSettingsExtractor, one per document) after a one-token edit, rules included (settings: what it gives);\n');
  write('YAML: only the top-level blocks whose text changed are parsed (an error outside the one edited block, or anything linking blocks: whole read);\n');
  write('JSON: only the top-level value, or run of top-level properties, the edit fell in is parsed (a file with errors: whole read).\n');
  write(`refresh = extractSettings + runRules; ratio = refresh / bare parse of the same text by the same parser (the floor); checksum ${Number.isFinite(sink) ? 'ok' : sink}\n`);
}
