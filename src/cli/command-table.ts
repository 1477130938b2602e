import type { Command } from './command';
import { credentialProcessCommand } from '../commands/credential-process';
import { printCommand } from '../commands/print';

/** A subcommand as the dispatcher sees it; its code is loaded only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

// credential-process and print are the CLI layer's own: a miss runs them. The rest are layers of
// their own (scripts/build.mjs), compiled only when one of them runs.
const cold = async () => import('../commands/cold');

/** Every subcommand; the first is the default when argv starts with an option. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'credential-process',
    summary: 'print credentials as credential_process JSON (the default command)',
    load: async () => credentialProcessCommand,
  },
  { name: 'print', summary: 'show what credential-process would return, secrets hidden', load: async () => printCommand },
  { name: 'doctor', summary: 'check this machine for the usual causes of ExpiredToken', load: async () => (await cold()).doctorCommand },
  {
    name: 'setup',
    summary: 'write credential_process = sts-refresh ... into a profile of ~/.aws/config',
    load: async () => (await cold()).setupCommand,
  },
  { name: 'env', summary: 'print shell lines that set AWS_ACCESS_KEY_ID and the rest', load: async () => (await cold()).envCommand },
  {
    name: 'exec',
    summary: 'run a command with credentials that renew themselves (a loopback endpoint)',
    load: async () => (await cold()).execCommand,
  },
  {
    name: 'console',
    summary: 'open the AWS console in a browser as the role, with its cached session',
    load: async () => (await cold()).consoleCommand,
  },
  {
    name: 'keys',
    summary: 'keep long-term access keys in the OS keyring (keys add | import | list | remove | rotate)',
    load: async () => (await import('../commands/keys')).keysCommand(async () => import('../aws/layer')),
  },
  { name: 'cache', summary: 'list or clear cached credentials (cache list | cache clear)', load: async () => (await cold()).cacheCommand },
];
