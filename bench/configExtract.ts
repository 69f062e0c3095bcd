/**
 * Refresh cost of the config diagnostics' extraction (issue 6: at most 5 ms per refresh of a 1,000-line file,
 * rules included). Times `extractSettings` on a generated 1,000-line PyTorch training script, a 1,000-line
 * YAML config and a 1,000-line DeepSpeed-style JSON, against the bound measured in the same run: the bare
 * parse of the same text by the same parser (@lezer/python, yaml's parseAllDocuments, jsonc-parser's
 * parseTree), which any extraction built on a real parser must pay. The ratio is the price of the walk,
 * the name resolution and the ranges.
 */
import { parser as pythonParser } from '@lezer/python';
import { parseTree, type ParseError } from 'jsonc-parser';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { extractSettings } from '../src/core/config';

const LINES = 1000;
const BUDGET_MS = 5;

/** A training script the way pytorch/examples write them, repeated blocks until it has `LINES` lines. */
function pythonScript(): string {
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

function yamlConfig(): string {
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

function jsonConfig(): string {
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

/** Medians of alternating samples, so a busy machine slows both alike and the ratio stays meaningful. */
function paired(a: () => void, b: () => void, reps = 41, inner = 5): [number, number] {
  for (let i = 0; i < 20; i++) {
    a();
    b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    for (let i = 0; i < inner; i++) a();
    sa.push((performance.now() - t0) / inner);
    t0 = performance.now();
    for (let i = 0; i < inner; i++) b();
    sb.push((performance.now() - t0) / inner);
  }
  return [median(sa), median(sb)];
}

let sink = 0;

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
  write(`\nconfig extraction: median ms per refresh of a generated file (budget ${BUDGET_MS} ms per refresh, rules included)\n`);
  write(`${'file'.padEnd(16)}${'lines'.padStart(7)}${'settings'.padStart(10)}${'extract ms'.padStart(12)}${'bare parse ms'.padStart(15)}${'ratio'.padStart(8)}${'of budget'.padStart(11)}\n`);
  for (const [, path, text, bare] of cases) {
    const settings = extractSettings(path, text).settings.length;
    const [extractMs, bareMs] = paired(() => void (sink += extractSettings(path, text).settings.length), bare);
    const lineCount = text.split('\n').length - 1;
    write(`${path.padEnd(16)}${String(lineCount).padStart(7)}${String(settings).padStart(10)}${extractMs.toFixed(3).padStart(12)}` +
      `${bareMs.toFixed(3).padStart(15)}${(extractMs / bareMs).toFixed(2).padStart(8)}${`${((100 * extractMs) / BUDGET_MS).toFixed(0)}%`.padStart(11)}\n`);
  }
  write(`ratio = extraction / bare parse of the same text by the same parser (the floor); checksum ${Number.isFinite(sink) ? 'ok' : sink}\n`);
}
