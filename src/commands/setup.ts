import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unifiedDiff } from '../config/line-diff';
import { masked, planSetup } from '../config/plan-setup';
import { writeConfigFile } from '../config/write-config';
import type { RequestArgs } from '../core/resolve-options';
import { shellQuote } from '../core/shell-words';
import { awsPaths } from '../doctor/gather';
import { UsageError } from '../errors';
import type { Command } from './command';
import { loadOptions } from './load-options';
import { REQUEST_OPTIONS, REQUEST_USAGE } from './request-options';

export const setupCommand: Command = {
  name: 'setup',
  usage: `Usage: sts-refresh setup --profile NAME --role ARN [options] [--replace] [--dry-run]

Writes credential_process = <absolute path of sts-refresh> --role ARN [options] into the profile
in the config file (AWS_CONFIG_FILE, else ~/.aws/config), creating the profile if needed. Every
other line stays byte for byte; the old file is kept as <file>.sts-refresh-backup-<time>.
If the profile has role_arn, SSO, web identity or static keys, which the AWS CLI would use
instead, setup stops; --replace removes them (static keys also from the credentials file).
Example:
  sts-refresh setup --profile prod --role arn:aws:iam::123456789012:role/Prod --source-profile user1

Options:
  --profile NAME           the profile to write (required)
  --replace                remove settings that would win over credential_process
  --dry-run                print the change as a diff and write nothing
${REQUEST_USAGE}`,
  options: { ...REQUEST_OPTIONS, profile: { type: 'string' }, replace: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run(values, _positionals, io) {
    const profile = values.profile as string | undefined;
    if (!profile)
      throw new UsageError(
        '--profile is required',
        'for example: sts-refresh setup --profile prod --role arn:aws:iam::123456789012:role/Prod',
      );
    if (!/^[^\s[\]]{1,128}$/.test(profile))
      throw new UsageError(`--profile must be a profile name without spaces or brackets (got '${profile}')`);
    const args = values as RequestArgs;
    // Validated now, so a typo fails here rather than inside every later AWS CLI call.
    const options = await loadOptions(args, io.env);
    if (options.request.sourceProfile === profile) {
      throw new UsageError(
        `profile '${profile}' cannot be its own --source-profile: its credential_process would call itself`,
        'name the profile that holds the long-term credentials with --source-profile',
      );
    }
    const command = credentialProcessLine(selfPath(), values);
    const paths = awsPaths(io.env);
    const plan = planSetup({
      profile,
      command,
      configText: readText(paths.configFile),
      credentialsText: readText(paths.credentialsFile),
      replace: values.replace === true,
    });
    if (values['dry-run']) {
      io.stdout(unifiedDiff(readText(paths.configFile), plan.configText, paths.configFile, masked));
      if (plan.credentialsText !== undefined) {
        io.stdout(unifiedDiff(readText(paths.credentialsFile), plan.credentialsText, paths.credentialsFile, masked));
      }
      return;
    }
    const lines = [`[${profile === 'default' ? 'default' : `profile ${profile}`}] in ${paths.configFile}: credential_process = ${command}`];
    if (plan.previous !== undefined) lines.push(`replaced: credential_process = ${plan.previous}`);
    lines.push(...plan.removed.map((r) => `removed: ${r}`));
    const backups: string[] = [];
    if (plan.credentialsText !== undefined)
      backups.push(...written(writeConfigFile(paths.credentialsFile, plan.credentialsText, io.now())));
    backups.push(...written(writeConfigFile(paths.configFile, plan.configText, io.now())));
    lines.push(...backups.map((b) => `backup: ${b}`), `check it: aws sts get-caller-identity --profile ${profile}`);
    io.stdout(`${lines.join('\n')}\n`);
  },
};

/** `<this executable> --role ARN` plus each request option the user gave, quoted for shlex and sh alike. */
export function credentialProcessLine(self: string, values: Record<string, unknown>): string {
  const words = [self];
  for (const [name, spec] of Object.entries(REQUEST_OPTIONS)) {
    const value = values[name];
    if (value === undefined || value === false) continue;
    words.push(`--${name}`);
    if (spec.type === 'string') words.push(String(value));
  }
  return words.map(shellQuote).join(' ');
}

/** The installed script (or, for a single executable, the binary itself), so the line works from any PATH. */
function selfPath(): string {
  return resolve(process.argv[1] ?? process.execPath);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function written(backup: string | undefined): string[] {
  return backup === undefined ? [] : [backup];
}
