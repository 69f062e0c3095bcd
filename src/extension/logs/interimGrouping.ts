/**
 * INTERIM until src/core/logs/runGrouping.ts lands (branch i4-store): event files grouped by directory, any
 * other file its own run. Same shape as `groupRuns`, so the switch is one import in logDiscovery.ts.
 */
import type { LogFormat } from '../../core/logs/types';

export interface RunDescriptor {
  id: string;
  path: string;
  label: string;
  files: { path: string; format: LogFormat }[];
}

export function groupRuns(files: { path: string; format: LogFormat }[]): RunDescriptor[] {
  const runs = new Map<string, RunDescriptor>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const runPath = file.format === 'tfevents' ? file.path.slice(0, file.path.lastIndexOf('/')) : file.path;
    let run = runs.get(runPath);
    if (!run) {
      run = { id: runPath, path: runPath, label: runPath.split('/').slice(-2).join('/'), files: [] };
      runs.set(runPath, run);
    }
    run.files.push(file);
  }
  return [...runs.values()];
}
