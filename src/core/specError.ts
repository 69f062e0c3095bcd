/**
 * An invalid spec or setting, with the JSON path of the offending value (e.g. `runs[2].optimizer.betas[1]`),
 * so the CLI, the editor and the dashboard can all say exactly where the problem is.
 */
export class SpecError extends Error {
  constructor(readonly path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'SpecError';
  }
}
