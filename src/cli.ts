import { parseArgs } from 'node:util';
import type { CommandIo } from './commands/command';
import { credentialProcess } from './commands/credential-process';
import { print } from './commands/print';
import { REQUEST_OPTIONS } from './commands/request-options';
import { closest } from './core/suggest';
import { isUserFacing, UsageError } from './errors';

const VERSION = typeof __STS_REFRESH_VERSION__ === 'string' ? __STS_REFRESH_VERSION__ : '0.0.0-dev';

const REQUEST_USAGE = `  --role ARN               the IAM role to assume (required)
  --source-profile NAME    profile whose credentials assume the role (default: default)
  --session-name NAME      role session name (default: sts-refresh-<login name>)
  --duration DUR           session length, 900..43200 s (default: 1h)
  --external-id ID         external id the role's trust policy asks for
  --region REGION          STS region (default: AWS_REGION, AWS_DEFAULT_REGION, the source
                           profile's region, then us-east-1)
  --endpoint-url URL       STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, regional)
  --cache-dir DIR          cache directory (default: STS_REFRESH_CACHE_DIR, ~/.cache/sts-refresh)
  --no-cache               neither read nor write the cache
  --refresh-window DUR     renew when less than this remains (default: 20m, at most half of --duration)
  --timeout DUR            give up after this long, lock wait and retries included (default: 30s)
DUR is seconds (3600) or 90s, 15m, 1h.`;

const COMMANDS = {
  'credential-process': {
    summary: 'print credentials as credential_process JSON (the default command)',
    usage: `Usage: sts-refresh [credential-process] --role ARN [options]

Prints exactly one JSON object for the AWS CLI and SDKs, from the cache when it is fresh.
In ~/.aws/config:
  [profile prod]
  credential_process = sts-refresh --role arn:aws:iam::123456789012:role/Prod --source-profile user1

Options:
${REQUEST_USAGE}`,
    options: REQUEST_OPTIONS,
    run: (values: Record<string, unknown>, io: CommandIo) => credentialProcess(values, io),
  },
  print: {
    summary: 'show what credential-process would return, secrets hidden',
    usage: `Usage: sts-refresh print --role ARN [options] [--json]

Shows the role, cache file, cache status, expiry and clock offset; the secret key and session
token stay hidden unless --json, which prints exactly what credential-process prints.
Example:
  sts-refresh print --role arn:aws:iam::123456789012:role/Prod --source-profile user1

Options:
${REQUEST_USAGE}
  --json                   print the credential_process JSON instead`,
    options: { ...REQUEST_OPTIONS, json: { type: 'boolean' } },
    run: (values: Record<string, unknown>, io: CommandIo) => print(values, io),
  },
} as const;

type CommandName = keyof typeof COMMANDS;

const MAIN_USAGE = `sts-refresh ${VERSION}: assume an IAM role for credential_process, cached and renewed before it expires

Usage:
  sts-refresh [credential-process] --role ARN [options]
  sts-refresh print --role ARN [options] [--json]
  sts-refresh --help | --version
  sts-refresh <command> --help

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(20)}${c.summary}`)
  .join('\n')}

Options:
${REQUEST_USAGE}
`;

export interface MainIo extends CommandIo {
  stderr: (text: string) => void;
}

function defaultIo(): MainIo {
  return {
    env: process.env,
    now: Date.now,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    warn: (message) => process.stderr.write(`sts-refresh: warning: ${message}\n`),
  };
}

/** argv in, exit code out: the one place that turns errors into a stderr line and an exit status. */
export async function runMain(argv: string[], io: MainIo = defaultIo()): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
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

async function dispatch(argv: string[], io: MainIo): Promise<void> {
  const first = argv[0];
  if (first === '--version' || first === '-v') return void io.stdout(`${VERSION}\n`);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return void io.stdout(MAIN_USAGE);
  let name: CommandName = 'credential-process';
  let rest = argv;
  if (!first.startsWith('-')) {
    if (!(first in COMMANDS)) {
      const guess = closest(first, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command '${first}'`,
        `${guess ? `did you mean ${guess}? ` : ''}the commands are: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    name = first as CommandName;
    rest = argv.slice(1);
  }
  const command = COMMANDS[name];
  if (rest.includes('--help') || rest.includes('-h')) return void io.stdout(`${command.usage}\n`);
  if (rest.includes('--version')) return void io.stdout(`${VERSION}\n`);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw parseError(error, Object.keys(command.options), name);
  }
  await command.run(values, io);
}

/** util.parseArgs's own messages, reworded, with the option the user most likely meant. */
function parseError(error: unknown, known: string[], name: CommandName): UsageError {
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

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function debugText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  return parts.join('\ncaused by: ');
}
