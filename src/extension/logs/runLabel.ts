/** How a run is named in the tree and the status bar (pure: no vscode, unit-tested). */
/**
 * At least the run's last two path segments (`runs/tb`, `live/metrics.csv`, `lightning_logs/version_0`): a lone
 * `metrics.csv` or `version_0` says nothing, and the label must not change with which other runs were found in
 * the same search (the watch command groups one folder, discovery the whole workspace). groupRuns' label wins
 * when it is longer (an MLflow `<experiment>/<run>`).
 */
export function runLabel(groupLabel: string, runPath: string): string {
  const tail = runPath.split('/').filter(Boolean).slice(-2).join('/');
  return groupLabel.split('/').length > tail.split('/').length ? groupLabel : tail || groupLabel;
}
