import type { Command } from './command';
import { credentialProcessCommand } from './credential-process';
import { doctorCommand } from './doctor';
import { printCommand } from './print';
import { setupCommand } from './setup';
import { envCommand } from './env';
import { execCommand } from './exec';
import { cacheCommand } from './cache';

/** Every subcommand; the first is the default when argv starts with an option. */
export const COMMANDS: readonly Command[] = [
  credentialProcessCommand,
  printCommand,
  doctorCommand,
  setupCommand,
  envCommand,
  execCommand,
  cacheCommand,
];
