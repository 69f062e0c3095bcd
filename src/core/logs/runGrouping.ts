/**
 * Which log files make up which run, from their paths alone (pure: the caller lists the files and detects
 * their formats; paths use '/').
 *
 * - TensorBoard: a directory holding event files is one run (a restarted writer adds files to the same
 *   directory); its files are read in file-name order, which is their creation order (the name holds the time).
 * - Lightning CSVLogger: `.../version_N/metrics.csv` is the run `.../version_N`. Lightning's TensorBoardLogger
 *   writes its event files to the same folder, so both loggers of one version make one run.
 * - MLflow file store: `mlruns/<experiment>/<run>/metrics/<key>` files (format 'mlflow-metric'; the key may
 *   contain '/') are one run `mlruns/<experiment>/<run>`; each file carries its key as `tag`.
 * - Hugging Face Trainer: a folder's `trainer_state.json` is the run of that folder. The copies the Trainer saves
 *   in `checkpoint-N/` subfolders are ignored when the folder has its own file; otherwise the highest-numbered
 *   checkpoint's copy (the most recent state) stands for the folder.
 * - Any other file is a run of its own.
 * Files sharing a run path make one run (its files in path order). Runs come in path order.
 */
import type { LogFormat } from './types';

export interface LogFile {
  path: string;
  format: LogFormat;
}

export interface RunFile extends LogFile {
  /** The metric key, for an MLflow metric file (its path below `metrics/`). */
  tag?: string;
}

export interface RunDescriptor {
  /** Stable identifier: the run's path. */
  id: string;
  /** The run's folder, or the file for a lone file. */
  path: string;
  /** The shortest path suffix that tells this run apart from the others (at least `parent/version_N` and `<experiment>/<run>`). */
  label: string;
  files: RunFile[];
}

export function groupRuns(files: readonly LogFile[]): RunDescriptor[] {
  const runs = new Map<string, { files: RunFile[]; minLabelSegments: number }>();
  const add = (runPath: string, file: RunFile, minLabelSegments = 1): void => {
    const run = runs.get(runPath) ?? { files: [], minLabelSegments };
    run.files.push(file);
    run.minLabelSegments = Math.max(run.minLabelSegments, minLabelSegments);
    runs.set(runPath, run);
  };
  const trainerStates = files.filter((f) => baseName(f.path) === 'trainer_state.json');
  const trainerStateDirs = new Set(trainerStates.map((f) => dirName(f.path)));
  const latestCheckpoint = latestCheckpointCopies(trainerStates, trainerStateDirs);

  for (const file of files) {
    const name = baseName(file.path);
    const dir = dirName(file.path);
    if (file.format === 'mlflow-metric') {
      const run = mlflowRun(file.path);
      if (run) {
        add(run.path, { path: file.path, format: file.format, tag: run.key }, 2);
        continue;
      }
    }
    if (name === 'trainer_state.json') {
      const parent = checkpointParent(dir);
      if (parent === null) add(dir || file.path, { ...file });
      else if (latestCheckpoint.get(parent) === file.path) add(parent || '.', { ...file });
      continue;
    }
    if (file.format === 'tfevents' || /^events\.out\.tfevents\./.test(name)) {
      add(dir || '.', { ...file }, isLightningVersion(dir) ? 2 : 1);
      continue;
    }
    if (name === 'metrics.csv' && isLightningVersion(dir)) {
      add(dir, { ...file }, 2);
      continue;
    }
    add(file.path, { ...file });
  }

  const paths = [...runs.keys()].sort();
  const segments = new Map(paths.map((p) => [p, p.split('/').filter((s) => s !== '')]));
  return paths.map((path) => {
    const run = runs.get(path)!;
    run.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { id: path, path, label: shortestLabel(path, run.minLabelSegments, segments), files: run.files };
  });
}

/** The shortest suffix of `path` (at least `min` segments) that no other run's suffix of the same length equals. */
function shortestLabel(path: string, min: number, segments: Map<string, string[]>): string {
  const own = segments.get(path)!;
  if (own.length === 0) return path;
  for (let k = Math.min(min, own.length); k <= own.length; k++) {
    const label = own.slice(-k).join('/');
    let clash = false;
    for (const [other, parts] of segments) {
      if (other !== path && parts.slice(-k).join('/') === label) {
        clash = true;
        break;
      }
    }
    if (!clash) return label;
  }
  return own.join('/');
}

/** For folders without their own trainer_state.json: the path of the highest-numbered checkpoint's copy. */
function latestCheckpointCopies(trainerStates: readonly LogFile[], ownDirs: ReadonlySet<string>): Map<string, string> {
  const best = new Map<string, { n: number; path: string }>();
  for (const file of trainerStates) {
    const dir = dirName(file.path);
    const parent = checkpointParent(dir);
    if (parent === null || ownDirs.has(parent)) continue;
    const n = Number(/checkpoint-(\d+)$/.exec(dir)![1]);
    const current = best.get(parent);
    if (!current || n > current.n) best.set(parent, { n, path: file.path });
  }
  return new Map([...best].map(([parent, { path }]) => [parent, path]));
}

/** The folder above a `checkpoint-N` folder ('' at the top), or null when `dir` is no checkpoint folder. */
function checkpointParent(dir: string): string | null {
  if (!/(^|\/)checkpoint-\d+$/.test(dir)) return null;
  return dirName(dir);
}

function isLightningVersion(dir: string): boolean {
  return /^version_\d+$/.test(baseName(dir));
}

/** The run folder and metric key of an MLflow metric file, or null when the path has no such shape. */
function mlflowRun(path: string): { path: string; key: string } | null {
  const parts = path.split('/');
  // Prefer the layout under a folder named mlruns (the default tracking folder): mlruns/<exp>/<run>/metrics/...
  let metricsAt = -1;
  const root = parts.lastIndexOf('mlruns');
  if (root >= 0 && parts[root + 3] === 'metrics') metricsAt = root + 3;
  else metricsAt = parts.indexOf('metrics', 2);
  if (metricsAt < 2 || metricsAt >= parts.length - 1) return null;
  return { path: parts.slice(0, metricsAt).join('/'), key: parts.slice(metricsAt + 1).join('/') };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}
