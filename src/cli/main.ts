/**
 * `optlens`: the engine without VS Code. Bundled into dist/cli.js by scripts/build.mjs.
 * `runCli` takes its output streams as arguments so tests can call it in-process as well as spawn it.
 */
import { parseClipSpec, parseScheduleSpec } from '../core/optim';
import { isProblemName, PROBLEM_NAMES } from '../core/problems';
import { SpecError } from '../core/specError';
import { runComparison } from '../core/train/compare';
import { withEntryOptions } from '../core/train/entryOptions';
import { defaultEntries, resolveEntries } from '../core/train/presets';
import { comparisonSummaryJson, formatResultsTable } from '../core/train/table';
import { parseArgs, parseScheduleOption, UsageError, type Command } from './args';
import { diagnoseCommand } from './diagnose';
import { compareHelp, DEFAULT_PROBLEM, DEFAULT_STEPS, DEFAULT_TOLERANCE, diagnoseHelp, lintHelp, mainHelp, readHelp, simulateHelp } from './help';
import { lintCommand, LintInputError } from './lint';
import { readCommand, ReadInputError } from './read';
import { simulateFile, SpecInputError, writeOutput } from './simulate';
import type { CliIo } from './io';
import { VERSION } from './version';

export type { CliIo };

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function usageFailure(io: CliIo, message: string, topic: string | null): number {
  const hint = topic ? `optlens help ${topic}` : 'optlens --help';
  io.stderr(`optlens: error: ${message}\nRun '${hint}' for usage.\n`);
  return EXIT_USAGE;
}

function compare(cmd: Extract<Command, { kind: 'compare' }>, io: CliIo): number {
  const problem = cmd.problem ?? DEFAULT_PROBLEM;
  if (!isProblemName(problem)) {
    return usageFailure(io, `unknown problem "${problem}"; choose one of ${PROBLEM_NAMES.join(', ')}.`, 'compare');
  }
  let entries;
  try {
    entries = cmd.optimizers ? resolveEntries(cmd.optimizers, problem) : defaultEntries(problem);
    const schedule = cmd.schedule === null ? undefined : parseScheduleSpec(parseScheduleOption(cmd.schedule), '--schedule');
    const clip = cmd.clipNorm === null ? undefined : parseClipSpec({ max_norm: cmd.clipNorm }, '--clip-norm');
    entries = withEntryOptions(entries, { convention: cmd.convention ?? undefined, schedule, clip }, '--convention');
  } catch (error) {
    return usageFailure(io, error instanceof Error ? error.message : String(error), 'compare');
  }
  const result = runComparison({
    problem: { name: problem },
    entries,
    steps: cmd.steps ?? DEFAULT_STEPS,
    tolerance: cmd.tolerance ?? DEFAULT_TOLERANCE,
  });
  if (cmd.json) {
    io.stdout(JSON.stringify(comparisonSummaryJson(result), null, 2) + '\n');
  } else {
    io.stdout(`${result.problemTitle}: ${result.steps} steps, tolerance ${result.tolerance}\n\n`);
    io.stdout(formatResultsTable(result));
  }
  return EXIT_OK;
}

function simulate(cmd: Extract<Command, { kind: 'simulate' }>, io: CliIo): number {
  try {
    const text = simulateFile(cmd.file);
    if (cmd.output === null) io.stdout(text);
    else writeOutput(cmd.output, text);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof SpecInputError || error instanceof SpecError) {
      io.stderr(`optlens: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function read(cmd: Extract<Command, { kind: 'read' }>, io: CliIo): number {
  try {
    readCommand(cmd.paths, cmd.json, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ReadInputError) {
      io.stderr(`optlens: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function diagnose(cmd: Extract<Command, { kind: 'diagnose' }>, io: CliIo): number {
  try {
    return diagnoseCommand(cmd, io);
  } catch (error) {
    if (error instanceof ReadInputError) {
      io.stderr(`optlens: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function lint(cmd: Extract<Command, { kind: 'lint' }>, io: CliIo): number {
  try {
    return lintCommand(cmd.paths, cmd.format, io) ? EXIT_OK : EXIT_USAGE;
  } catch (error) {
    if (error instanceof LintInputError) {
      io.stderr(`optlens: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

const HELP_TOPICS: Record<string, () => string> = { compare: compareHelp, simulate: simulateHelp, read: readHelp, diagnose: diagnoseHelp, lint: lintHelp };

export function runCli(argv: readonly string[], io: CliIo): number {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io, error.message, argv[0] !== undefined && Object.hasOwn(HELP_TOPICS, argv[0]) ? argv[0] : null);
    }
    throw error;
  }
  switch (cmd.kind) {
    case 'help':
      io.stdout((cmd.topic !== null && Object.hasOwn(HELP_TOPICS, cmd.topic) ? HELP_TOPICS[cmd.topic] : mainHelp)());
      return EXIT_OK;
    case 'version':
      io.stdout(`optlens ${VERSION}\n`);
      return EXIT_OK;
    case 'compare':
      try {
        return compare(cmd, io);
      } catch (error) {
        io.stderr(`optlens: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_FAILED;
      }
    case 'simulate':
      try {
        return simulate(cmd, io);
      } catch (error) {
        io.stderr(`optlens: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_FAILED;
      }
    case 'read':
      try {
        return read(cmd, io);
      } catch (error) {
        io.stderr(`optlens: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_FAILED;
      }
    case 'diagnose':
      // An unexpected failure is not "findings" (1): report it as the bad run it is (2), never a pass.
      try {
        return diagnose(cmd, io);
      } catch (error) {
        io.stderr(`optlens: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_USAGE;
      }
    case 'lint':
      try {
        return lint(cmd, io);
      } catch (error) {
        io.stderr(`optlens: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_FAILED;
      }
  }
}

// Run only as the entry point (node dist/cli.js), not when a test imports this module.
if (require.main === module) {
  // `optlens simulate spec.json | head` closes the pipe early: that is the reader's choice, not an error.
  // runCli is synchronous, so the exit code is already set when the error arrives; only the error is swallowed.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
