/**
 * Hand-written argument parsing for `optlens`: few enough options that a parser library would cost more
 * than it saves, and every mistake gets a message that names the option and what it expects.
 */
import { KeyValueSyntaxError, parseNamedKeyValues } from '../core/keyValues';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command =
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' }
  | {
      kind: 'compare';
      problem: string | null;
      optimizers: string[] | null;
      steps: number | null;
      tolerance: number | null;
      json: boolean;
      convention: 'pytorch' | 'keras' | null;
      /** `NAME[:k=v,...]` as typed; parsed by parseScheduleOption. */
      schedule: string | null;
      clipNorm: number | null;
    }
  | { kind: 'simulate'; file: string; output: string | null }
  | { kind: 'read'; paths: string[]; json: boolean }
  | DiagnoseCommand;

/** `optlens diagnose PATH... [--json] [--fail-on error|warning] [--prove|--no-prove]`. */
export interface DiagnoseCommand {
  kind: 'diagnose';
  paths: string[];
  json: boolean;
  failOn: 'error' | 'warning';
  /** Re-run the top fix of each finding of simulate output: null = the default (on). */
  prove: boolean | null;
}

export const COMMANDS = ['compare', 'simulate', 'read', 'diagnose', 'help'] as const;

/** Splits `--name=value` and `--name value`; returns the value or throws when it is missing. */
function takeValue(name: string, inline: string | undefined, rest: string[]): string {
  if (inline !== undefined) return inline;
  const next = rest.shift();
  if (next === undefined || next.startsWith('--')) throw new UsageError(`option ${name} needs a value.`);
  return next;
}

function parseWholeNumber(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`option ${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return n;
}

function parsePositiveNumber(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`option ${name} must be a positive number such as 1e-4, got "${text}".`);
  }
  return n;
}

export const MAX_CLI_STEPS = 1_000_000;

function parseCompare(rest: string[]): Command {
  const cmd: Extract<Command, { kind: 'compare' }> = {
    kind: 'compare', problem: null, optimizers: null, steps: null, tolerance: null, json: false,
    convention: null, schedule: null, clipNorm: null,
  };
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help', topic: 'compare' };
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (compare takes only options).`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    switch (name) {
      case '--problem':
        cmd.problem = takeValue(name, inline, rest);
        break;
      case '--optimizers': {
        const list = takeValue(name, inline, rest).split(',').map((s) => s.trim()).filter((s) => s !== '');
        if (list.length === 0) throw new UsageError('option --optimizers needs at least one optimizer id.');
        cmd.optimizers = list;
        break;
      }
      case '--steps':
        cmd.steps = parseWholeNumber(name, takeValue(name, inline, rest), 1, MAX_CLI_STEPS);
        break;
      case '--tolerance':
        cmd.tolerance = parsePositiveNumber(name, takeValue(name, inline, rest));
        break;
      case '--json':
        if (inline !== undefined) throw new UsageError('option --json takes no value.');
        cmd.json = true;
        break;
      case '--convention': {
        const value = takeValue(name, inline, rest);
        if (value !== 'pytorch' && value !== 'keras') throw new UsageError(`option --convention must be pytorch or keras, got "${value}".`);
        cmd.convention = value;
        break;
      }
      case '--schedule':
        cmd.schedule = takeValue(name, inline, rest);
        break;
      case '--clip-norm':
        cmd.clipNorm = parsePositiveNumber(name, takeValue(name, inline, rest));
        break;
      default:
        throw new UsageError(`unknown option ${name} for compare.`);
    }
  }
  return cmd;
}

function parseSimulate(rest: string[]): Command {
  let file: string | null = null;
  let output: string | null = null;
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help', topic: 'simulate' };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      if (name !== '--output') throw new UsageError(`unknown option ${name} for simulate.`);
      output = takeValue(name, inline, rest);
    } else if (arg === '-o') {
      output = takeValue(arg, undefined, rest);
    } else if (file === null) {
      file = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg}"; simulate takes one spec file.`);
    }
  }
  if (file === null) throw new UsageError('simulate needs a spec file: optlens simulate SPEC.json');
  return { kind: 'simulate', file, output };
}

function parseRead(rest: string[]): Command {
  const paths: string[] = [];
  let json = false;
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help', topic: 'read' };
    if (arg === '--json') json = true;
    else if (arg.startsWith('--json=')) throw new UsageError('option --json takes no value.');
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg.split('=')[0]} for read.`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('read needs at least one file or folder: optlens read PATH... [--json]');
  return { kind: 'read', paths, json };
}

function parseDiagnose(rest: string[]): Command {
  const cmd: DiagnoseCommand = { kind: 'diagnose', paths: [], json: false, failOn: 'error', prove: null };
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help', topic: 'diagnose' };
    if (!arg.startsWith('-') || arg === '-') {
      cmd.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const flag = (): true => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value.`);
      return true;
    };
    switch (name) {
      case '--json':
        cmd.json = flag();
        break;
      case '--prove':
        cmd.prove = flag();
        break;
      case '--no-prove':
        cmd.prove = !flag();
        break;
      case '--fail-on': {
        const value = takeValue(name, inline, rest);
        if (value !== 'error' && value !== 'warning') throw new UsageError(`option --fail-on must be error or warning, got "${value}".`);
        cmd.failOn = value;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name} for diagnose.`);
    }
  }
  if (cmd.paths.length === 0) throw new UsageError('diagnose needs at least one log, folder or simulate output: optlens diagnose PATH... [--json] [--fail-on error|warning]');
  return cmd;
}

/** `--schedule NAME[:k=v,...]` as a raw schedule object for parseScheduleSpec (e.g. `one_cycle:total_steps=500`). */
export function parseScheduleOption(text: string): Record<string, unknown> {
  try {
    return parseNamedKeyValues(text);
  } catch (error) {
    if (error instanceof KeyValueSyntaxError) throw new UsageError(`option --schedule: ${error.message}`);
    throw error;
  }
}

/** Parses the arguments after `node dist/cli.js`. Throws UsageError for anything it does not understand. */
export function parseArgs(argv: readonly string[]): Command {
  const rest = [...argv];
  const first = rest.shift();
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help', topic: null };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  switch (first) {
    case 'help': {
      const topic = rest.shift() ?? null;
      if (topic !== null && !(COMMANDS as readonly string[]).includes(topic)) {
        throw new UsageError(`no help for "${topic}"; commands are ${COMMANDS.join(', ')}.`);
      }
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" after help ${topic}.`);
      return { kind: 'help', topic };
    }
    case 'compare':
      return parseCompare(rest);
    case 'simulate':
      return parseSimulate(rest);
    case 'read':
      return parseRead(rest);
    case 'diagnose':
      return parseDiagnose(rest);
    default:
      throw new UsageError(
        first.startsWith('-') ? `unknown option ${first}.` : `unknown command "${first}"; commands are ${COMMANDS.join(', ')}.`,
      );
  }
}
