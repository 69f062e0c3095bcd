import { CONFIG_RULES } from '../core/config/rules';
import { PROBLEM_NAMES } from '../core/problems';
import { OPTIMIZER_PRESET_IDS, UNTUNED_OPTIMIZER_IDS } from '../core/train/presets';

export const DEFAULT_PROBLEM = 'ill-conditioned-quadratic';
export const DEFAULT_STEPS = 500;
export const DEFAULT_TOLERANCE = 1e-4;

export function mainHelp(): string {
  return `optlens - run optimizers with PyTorch's and Keras's exact update rules, headless

Usage:
  optlens compare [options]     run optimizers side by side on a test problem and print the results
  optlens simulate SPEC.json    run the runs of a JSON spec file and print every step as JSON
  optlens read PATH... [--json] read training logs (TensorBoard, CSV, JSONL, trainer_state.json...)
  optlens diagnose PATH...      find divergence, NaN, oscillation, stalls... in logs or simulate output
  optlens lint PATH...          check the optimizer settings of training scripts and configs (.py, .yaml, .json)
  optlens help [command]        show this help, or the help of one command
  optlens --help                same as optlens help
  optlens --version             print the version

Run 'optlens help compare' (or simulate, read, diagnose, lint) for the options of each command.

Exit codes: 0 success, 1 the run failed (diagnose: findings at or above --fail-on), 2 bad command line or
bad input (the message goes to stderr).
`;
}

export function compareHelp(): string {
  return `optlens compare - run optimizers side by side on a test problem

Usage:
  optlens compare [--problem NAME] [--optimizers LIST] [--steps N] [--tolerance X] [--json]

Options:
  --problem NAME      test problem: ${PROBLEM_NAMES.join(' or ')} (default ${DEFAULT_PROBLEM})
  --optimizers LIST   comma-separated, in the order to show them: the presets
                      ${OPTIMIZER_PRESET_IDS.join(', ')} (the default), whose learning rates
                      are tuned per problem (momentum and nesterov use 0.9), and
                      ${UNTUNED_OPTIMIZER_IDS.join(', ')} at PyTorch's defaults.
  --steps N           optimizer updates per run, 1 to 1000000 (default ${DEFAULT_STEPS})
  --tolerance X       a run has converged at the first step where loss - minimum <= X
                      (default ${DEFAULT_TOLERANCE})
  --json              print a JSON summary instead of the table; losses that are not
                      finite (a diverged run) are null
  --convention NAME   pytorch (default) or keras: which framework's update rules the
                      optimizers follow (Keras: SGD velocity form, Adam's epsilon-hat, ...)
  --schedule SPEC     learning-rate schedule NAME[:key=value,...] for every optimizer, e.g.
                      linear_warmup:warmup_steps=50, step:step_size=100,gamma=0.5,
                      cosine:t_max=500, exponential:gamma=0.99, one_cycle:total_steps=500,
                      warmup_cosine:warmup_steps=50,total_steps=500, reduce_on_plateau:patience=10
  --clip-norm X       clip the gradient's global L2 norm to X (torch.nn.utils.clip_grad_norm_)
  --help, -h          show this help

Options take their value as the next argument or after '=' (--steps=1000).

The table shows each optimizer's final loss, the first step within the tolerance ("—" if none)
and whether the run diverged (its loss passed 1e6 times the starting gap, or became NaN/Infinity).

Examples:
  optlens compare
  optlens compare --problem rosenbrock --optimizers sgd,momentum,adam --steps 2000
  optlens compare --json > results.json
  optlens compare --optimizers momentum,nesterov --convention keras --schedule linear_warmup:warmup_steps=50
`;
}

export function simulateHelp(): string {
  return `optlens simulate - run a JSON run spec and print every step of every run as JSON

Usage:
  optlens simulate SPEC.json [--output FILE]

Options:
  --output FILE, -o FILE   write the JSON to FILE instead of standard output
  --help, -h               show this help

A spec is one run or a list of runs:
  spec := run | [run, ...]
  run  := {"id"?: string, "steps": int, "seed"?: int,
           "problem":   {"name": "rosenbrock", "start"?: [x, y], ...} | {"name": "quadratic", "A": [[...]], ...} | ...,
           "optimizer": {"name": "sgd" | "adam" | ..., "convention"?: "pytorch" | "keras", ...hyperparameters},
           "schedule"?: {"name": "linear_warmup", "warmup_steps": 50} | ...,
           "clip"?:     {"max_norm": 1.0} | {"clip_value": 0.5} | {"clipnorm": 1.0} | {"global_clipnorm": 1.0}}
Hyperparameters are spelled as the framework spells them (betas/eps for PyTorch, beta_1/epsilon for Keras;
lr works for both). The JSON Schema schemas/optlens-spec.schema.json lists every name with its default;
name files *.optlens.json to get completion and checking in VS Code. "seed" seeds a stochastic problem
that has no seed of its own. Ids default to run-1, run-2, ...

Output:
  {"runs": [{"id", "label", "problem", "problem_title", "optimizer" (every default written out),
             "schedule"?, "clip"?, "steps", "steps_run", "diverged", "diverged_at_step",
             "final_loss", "best_loss", "steps_to_tolerance",
             "loss", "params", "lr", "grad_norm", "update_norm", "velocity_norm", "param_norm",
             "val_loss"? (dataset problems only)}]}
Runs are in input order. Columns have steps_run + 1 entries: entry 0 is the start, entry k is after update k
(params holds one array per entry). lr, update_norm and velocity_norm are null at entry 0; velocity_norm is
null throughout for optimizers without a momentum buffer. param_norm is the L2 norm of each entry's params.
val_loss is the loss on a held-out validation set (a quarter of n_samples, same distribution, own seed
stream), evaluated at entry 0, every 10th entry and the last, null elsewhere. Every number that is not finite (NaN, Infinity:
a diverged run) is written as null. A run stops at the update where it diverged (loss not finite or
1e6 times the starting gap), so steps_run can be less than steps.

Errors in the spec are reported as FILE:LINE:COLUMN with the JSON path of the bad value
(e.g. [1].optimizer.betas) and exit code 2.

Example:
  optlens simulate sample-workspace/specs/adam-keras-vs-pytorch.optlens.json --output result.json
`;
}

export function readHelp(): string {
  return `optlens read - read training logs and print their scalar series

Usage:
  optlens read PATH... [--json]

PATH is a log file or a folder; a folder is searched recursively (node_modules and .git are skipped)
and every file in a format optlens reads is used: TensorBoard event files (events.out.tfevents.*),
Lightning and Keras CSVLogger files and other CSV/TSV with a header, Hugging Face trainer_state.json,
JSON lines, and the formats added by later readers. Files are grouped into runs: a folder of event
files is one run, lightning_logs/version_N is one run, a trainer_state.json is the run of its folder
(checkpoint-N/ copies are ignored), any other file is a run of its own.

Options:
  --json       print JSON instead of a table per run
  --help, -h   show this help

JSON output:
  {"runs": [{"path", "format", "series": {TAG: {"step": [...], "wall_time": [...], "value": [...]}},
             "warnings": [...], "records"?: N, "crc_errors"?: N}]}
- path is the run's folder (or the file for a lone file); format is its first file's format (a run can mix
  formats, e.g. a Lightning version with metrics.csv and event files).
- step, wall_time and value have one entry per point, in step order. wall_time is seconds since the epoch,
  null where the format records none. Values that are not finite numbers (NaN, Infinity, -Infinity: a
  diverged run) are written as null.
- When a tag's step goes backwards (a run resumed from a checkpoint), the points at that step and later
  are dropped, as TensorBoard does, and a warning says so.
- warnings name the file and the place: "FILE:LINE: message" for text formats, "FILE@OFFSET: message"
  (byte offset) for event files. A file given explicitly in no known format is a run with that warning.
- records (verified records) and crc_errors (records skipped for a bad CRC) are given for TensorBoard runs.

Exit codes: 0 success (even with warnings), 2 a PATH that does not exist or a bad command line.

Examples:
  optlens read runs/
  optlens read lightning_logs/version_3 --json > metrics.json
`;
}

export function diagnoseHelp(): string {
  return `optlens diagnose - find what is wrong with a training run, and what to change

Usage:
  optlens diagnose PATH... [--json] [--fail-on error|warning] [--no-prove]

PATH is a training log or a folder of them (every format 'optlens read' reads, grouped into runs the same
way), or the JSON output of 'optlens simulate' (recognised by its content, whatever its name). Each run goes
through the streaming detectors: nan, divergence, oscillation, stall, spike, overfitting. A finding says
what, where (steps), why (the numbers) and the fixes, best first, with numbers ("lower the learning rate
0.04 -> 0.01").

Simulate output is diagnosed with what its spec tells (optimizer settings, warm-up, clipping, the Hessian's
spectrum for quadratics, the loss floor), and the top fix of each finding is re-run on the same problem and
seed and reported before and after: proven when the re-run no longer shows that kind of finding and has no
new error (a re-run that still hits the trainer's blow-up bound is not proven). A log has no spec to re-run;
its learning rate, when it logs one, is read from its lr tag.

Options:
  --json                 print JSON instead of text
  --fail-on LEVEL        exit 1 when a finding of this severity or worse exists: error (default) or warning
  --prove / --no-prove   re-run the top fix of each simulate-output finding (default: on)
  --help, -h             show this help

JSON output:
  {"runs": [{"path", "id"?, "findings": [{"kind", "metric", "severity", "step_start", "step_end",
             "message", "evidence", "fixes": [{"action", "parameter"?, "from"?, "to"?, "text", "proof"?}]}]}]}
- runs: log runs first (a folder of event files or a Lightning version is one run), then each run of each
  simulate file with its "id".
- severity is error, warning or info; evidence holds the numbers behind the finding (null = not finite).
- action is one of lower_lr, raise_lr, reduce_momentum, add_warmup, clip_grad_norm, switch_optimizer,
  reduce_lr_on_plateau, early_stop, check_data.
- proof (simulate output, the first fix of each finding): {"applicable": true, "proven", "verdict", "note"?,
  "before", "after", "spec"}; before/after hold final_loss, best_loss, steps_to_tolerance, diverged,
  diverged_at_step and the run's findings (kind, metric, severity, step_start, step_end); spec is the run spec
  with the fix applied (run it with 'optlens simulate'); note says what the fix had to replace (e.g. a
  schedule without a warm-up form). A fix that is not a change to the spec (check_data) has
  {"applicable": false, "proven": false, "verdict"}.

Exit codes: 0 no finding at or above --fail-on, 1 there are, 2 a bad command line or bad input: a PATH that
does not exist, a file in no known format, corrupt simulate output, or a simulate run that cannot be rebuilt
(FILE:LINE:COLUMN: runs[i].key: what is wrong). The runs that could be read are still diagnosed and printed.

Examples:
  optlens diagnose runs/
  optlens simulate spec.json -o out.json && optlens diagnose out.json
  optlens diagnose lightning_logs/version_3 --json --fail-on warning
`;
}

export function lintHelp(): string {
  return `optlens lint - check the optimizer settings of training scripts and configs

Usage:
  optlens lint PATH... [--json | --sarif]

PATH is a file or a folder; a folder is searched recursively for *.py, *.yaml, *.yml, *.json and *.jsonc
(node_modules, .git, virtual environments and caches are skipped). Found with real parsers, never from
comments or strings:
  Python   torch.optim.* optimizers (lr by keyword or position, parameter groups), lr_scheduler.*,
           clip_grad_norm_ / clip_grad_value_; keras.optimizers.* (legacy lr=/decay= too) and
           model.compile(optimizer="adam"); Hugging Face TrainingArguments and get_*_schedule_with_warmup;
           Lightning Trainer(gradient_clip_val=); values from args.lr are resolved to the argparse default.
  YAML     Lightning CLI (class_path/init_args), Hydra (_target_ with sibling keys), plain optimizer/lr/
           momentum/warmup*/clipping keys; the scalar text is kept as written (1e-5 vs 1.0e-5).
  JSON     DeepSpeed (optimizer, scheduler, gradient_clipping) and Hugging Face argument dumps.
A file with syntax errors still gives the settings of what parsed; its errors are listed as problems.

Rules (each explained with the numbers of your config; see the README's "Config rules" for the why):
${CONFIG_RULES.map((r) => `  ${r.code}  ${r.summary}`).join('\n')}

Options:
  --json       print JSON instead of one line per diagnostic and per setting
  --sarif      print SARIF 2.1.0 (code scanning: one result per diagnostic, fixes as replacements)
  --help, -h   show this help

JSON output:
  {"files": [{"path", "settings": [{"kind": "optimizer"|"scheduler"|"clipping"|"training_args", "name",
              "framework", "line", "column", "end_line", "end_column",
              "params": {NAME: {"text", "value"?, "line", "resolved_from"?}}, "groups"?, "note"?}],
              "diagnostics": [{"code", "severity": "error"|"warning"|"info", "message", "line", "column",
                               "end_line", "end_column", "fix"?: {"title", "edits": [...]}}],
              "problems": [...]}]}
- Lines and columns are 1-based. "text" is the value as written; "value" is there when it is a literal or
  could be resolved, and "resolved_from" then says how ("argparse default of --lr at line 12").
- Positional arguments are given under their framework names (SGD(params, 0.1) -> lr).
- A diagnostic's place is the value it is about (or the setting); "fix" replaces text where the fix is exact.

Exit codes: 0 success (with or without diagnostics), 2 a PATH that does not exist or cannot be read, or a
bad command line.

Examples:
  optlens lint train.py configs/
  optlens lint ds_config.json --json
  optlens lint . --sarif > optlens.sarif
`;
}
