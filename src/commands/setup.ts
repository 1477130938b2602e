import { unifiedDiff } from '../config/unified-diff';
import { keptBytes } from '../core/text/kept-bytes';
import { commandLineForIni } from '../config/ini-value';
import { masked, planSetup } from '../config/plan-setup';
import { editAwsFiles, readAwsTexts, type AwsTexts } from '../config/edit-aws-files';
import type { RequestArgs } from '../core/request/resolve-options';
import { awsPaths } from '../config/aws-paths';
import { UsageError } from '../core/errors';
import { selfWords } from '../config/self-path';
import { READABLE_PROFILE_CHARS, READABLE_PROFILE_NAME } from '../core/profile/profile-name';
import type { Command } from '../cli/command';
import { loadOptions } from '../request/load-options';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { REQUEST_USAGE } from '../core/request/request-usage';
import { sectionOf } from '../core/profile/profile-section';

export const setupCommand: Command = {
  name: 'setup',
  usage: `Usage: sts-refresh setup --profile NAME --role ARN [options] [--replace] [--dry-run]

Writes credential_process = <absolute path of sts-refresh> --role ARN [options] into the profile
in the config file (AWS_CONFIG_FILE, else ~/.aws/config), creating the profile if needed. Every
other line stays byte for byte; the old file is kept as <file>.sts-refresh-backup-<time>.
Concurrent setups wait for each other (a lock beside the config file).
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
    if (!READABLE_PROFILE_NAME.test(profile))
      throw new UsageError(
        `--profile '${profile}' is not a name the AWS SDKs read back (botocore would, the JS SDK would not find it)`,
        `use ${READABLE_PROFILE_CHARS}`,
      );
    const args = values as RequestArgs;
    // Validated now, so a typo fails here rather than inside every later AWS CLI call.
    const options = await loadOptions(args, io.env);
    if (options.request.sourceProfile === profile) {
      throw new UsageError(
        `profile '${profile}' cannot be its own --source-profile: its credential_process would call itself`,
        'name the profile that holds the long-term credentials with --source-profile',
      );
    }
    const command = credentialProcessLine(selfWords(), values);
    const files = awsPaths(io.env);
    const plan = (texts: AwsTexts) =>
      planSetup({ profile, command, configText: texts.config, credentialsText: texts.credentials, replace: values.replace === true });
    if (values['dry-run']) {
      const texts = readAwsTexts(files);
      const { configText, credentialsText } = plan(texts);
      // As bytes: a byte the file holds that is not UTF-8 is shown as it is, so the diff applies.
      io.stdout(keptBytes(unifiedDiff(texts.config, configText, files.configFile, masked)));
      if (credentialsText !== undefined)
        io.stdout(keptBytes(unifiedDiff(texts.credentials, credentialsText, files.credentialsFile, masked)));
      return;
    }
    const { result, backups } = await editAwsFiles(
      files,
      (texts) => {
        const made = plan(texts);
        return { edit: { config: made.configText, credentials: made.credentialsText }, result: made };
      },
      { backup: true, nowMs: io.now() },
    );
    const lines = [`${sectionOf(profile)} in ${files.configFile}: credential_process = ${command}`];
    if (result.previous !== undefined) lines.push(`replaced: credential_process = ${result.previous}`);
    lines.push(...result.removed.map((r) => `removed: ${r}`));
    lines.push(...backups.map((b) => `backup: ${b}`), `check it: aws sts get-caller-identity --profile ${profile}`);
    io.stdout(`${lines.join('\n')}\n`);
  },
};

/**
 * `<this executable> --role ARN` plus each request option the user gave, quoted for shlex and sh
 * alike (on Windows for its C runtime and cmd.exe), and so that the AWS CLI and the SDKs read the
 * same line (a ' #' in a value is no comment).
 */
export function credentialProcessLine(self: readonly string[], values: Record<string, unknown>): string {
  const words = [...self];
  for (const [name, spec] of Object.entries(REQUEST_OPTIONS)) {
    const value = values[name];
    if (value === undefined || value === false) continue;
    words.push(`--${name}`);
    if (spec.type === 'string') words.push(String(value));
  }
  return commandLineForIni(words);
}
