/**
 * What every optlens command writes to, and the one error class for bad input (a missing path, a file that
 * cannot be read or parsed): main.ts turns it into exit code 2 with its message, whichever command threw it.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export class CliInputError extends Error {
  constructor(message: string, name: string) {
    super(message);
    this.name = name;
  }
}
