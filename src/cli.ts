import { parseArgs } from 'node:util';
import type { CommandIo } from './cli/command';
import { COMMANDS, type CommandEntry } from './cli/command-table';
import { PROFILE_LINE, REQUEST_USAGE } from './core/request/request-usage';
import { escapeControlChars, hasControlChars } from './core/text/control-chars';
import { closest } from './core/text/suggest';
import { isUserFacing, UsageError } from './core/errors';
import { writeAll } from './stdio';

const VERSION = typeof __STS_REFRESH_VERSION__ === 'string' ? __STS_REFRESH_VERSION__ : '0.0.0-dev';

function mainUsage(): string {
  return `sts-refresh ${VERSION}: assume an IAM role for credential_process, cached and renewed before it expires

Usage:
  sts-refresh [credential-process] --role ARN [options]
  sts-refresh print|env|exec|console (--role ARN | --profile NAME) [options]
  sts-refresh <command> [options]
  sts-refresh --help | --version
  sts-refresh <command> --help

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(20)}${c.summary}`).join('\n')}

Options of credential-process, print, env, exec, console and setup:
${REQUEST_USAGE}
print, env, exec and console also take, in place of --role:
${PROFILE_LINE}
`;
}

function defaultIo(): CommandIo {
  return {
    env: process.env,
    now: Date.now,
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    warn: (message) => writeAll(2, `sts-refresh: warning: ${oneLine(message)}\n`),
  };
}

/** argv in, exit code out: the one place that turns errors into a stderr line and an exit status. */
export async function runMain(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  try {
    return (await dispatch(argv, io)) ?? 0;
  } catch (error) {
    if (io.env.STS_REFRESH_DEBUG === '1') io.stderr(`${debugText(error)}\n`);
    if (isUserFacing(error)) {
      io.stderr(`sts-refresh: ${oneLine(error.message)}${error.hint ? `; ${oneLine(error.hint)}` : ''}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`sts-refresh: unexpected error: ${oneLine(message)}; run again with STS_REFRESH_DEBUG=1 and report it\n`);
    return 1;
  }
}

async function dispatch(argv: string[], io: CommandIo): Promise<number | void> {
  const first = argv[0];
  if (first === '--version' || first === '-v') return void io.stdout(`${VERSION}\n`);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return void io.stdout(mainUsage());
  const names = COMMANDS.map((c) => c.name);
  let entry = COMMANDS[0] as CommandEntry;
  let rest = argv;
  if (!first.startsWith('-')) {
    const named = COMMANDS.find((c) => c.name === first);
    if (!named) {
      const guess = closest(first, names);
      throw new UsageError(`unknown command '${first}'`, `${guess ? `did you mean ${guess}? ` : ''}the commands are: ${names.join(', ')}`);
    }
    entry = named;
    rest = argv.slice(1);
  }
  const command = await entry.load();
  // Only before a `--`: what follows it belongs to the program `exec` runs.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) return void io.stdout(`${command.usage}\n`);
  if (own.includes('--version')) return void io.stdout(`${VERSION}\n`);
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: command.allowPositionals ?? false,
    }));
  } catch (error) {
    throw parseError(error, Object.keys(command.options), command.name);
  }
  refuseControlChars(values, command.name);
  return command.run(values, positionals, io);
}

/**
 * Every option of every command, in one place: a newline in a value would otherwise reach a file
 * (setup's credential_process line could add a profile of its own) or a terminal. Positionals are
 * left alone: after exec's `--` they are another program's arguments.
 */
function refuseControlChars(values: Record<string, unknown>, name: string): void {
  for (const [option, value] of Object.entries(values)) {
    for (const text of [value].flat()) {
      if (typeof text === 'string' && hasControlChars(text)) {
        throw new UsageError(
          `--${option} must not contain control characters such as a newline (got '${text.length > 80 ? `${text.slice(0, 80)}...` : text}')`,
          `remove them; run sts-refresh ${name} --help for the options`,
        );
      }
    }
  }
}

/** util.parseArgs's own messages, reworded, with the option the user most likely meant. */
function parseError(error: unknown, known: string[], name: string): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const help = `run sts-refresh ${name} --help for the options`;
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown) {
    const guess = closest(
      unknown.replace(/=.*$/, ''),
      known.map((o) => `--${o}`),
    );
    return new UsageError(`unknown option '${unknown}'`, guess ? `did you mean ${guess}? ${help}` : help);
  }
  const missingValue = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)?.[1];
  if (missingValue) return new UsageError(`${missingValue} needs a value`, help);
  const positional = /Unexpected argument '([^']+)'/.exec(message)?.[1];
  if (positional) return new UsageError(`unexpected argument '${positional}'`, help);
  return new UsageError(oneLine(message), help);
}

/** One printable line: a hostile value echoed in a message must not break the line or repaint the terminal. */
function oneLine(text: string): string {
  return escapeControlChars(text.replace(/\s*\n\s*/g, ' ').trim());
}

function debugText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  return parts.join('\ncaused by: ');
}
