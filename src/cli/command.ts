import type { ParseArgsConfig } from 'node:util';

/** The edges a command may touch; cli.ts supplies the real ones, tests may supply fakes. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** Bytes too: setup --dry-run prints a file's bytes it could not decode as they are. */
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  warn: (message: string) => void;
}

/** One subcommand, in the manner of aws-vault's cli/ files: parse, call the core, print. */
export interface Command {
  name: string;
  /** Full `<command> --help` text, with a real example. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /** Resolves to the exit code when the command chooses one (exec passes its child's through). */
  run: (values: Record<string, unknown>, positionals: string[], io: CommandIo) => Promise<number | void>;
}
