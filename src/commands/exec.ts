import type { ResolvedOptions } from '../core/request/role-request';
import { credentialVariables } from '../core/shell/shell-env';
import { isOutage, UsageError } from '../core/errors';
import { ensureMfaSession, obtainCredentials } from '../providers/obtain-credentials';
import { shellLine } from '../core/shell/shell-words';
import { endpointChildEnv, keysChildEnv, type ChildSettings } from '../server/child-env';
import { prepareChildProfile } from '../server/child-profile';
import { collectGarbageSoon } from '../server/collect-garbage';
import { credentialSupplier } from '../server/credential-supplier';
import { newEndpointToken } from '../server/endpoint-token';
import { listenEndpoint } from '../server/listen-endpoint';
import { leaveOptimizingToMaglev } from '../server/optimizing-compiler';
import { runCommand } from '../server/run-command';
import type { Command, CommandIo } from '../cli/command';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { PROFILE_REQUEST_USAGE } from '../core/request/request-usage';
import { PROFILE_OPTION, requestFromValues } from '../request/request-from-values';

export const execCommand: Command = {
  name: 'exec',
  usage: `Usage: sts-refresh exec (--role ARN | --profile NAME) [options] -- COMMAND [ARGS...]

Runs COMMAND with credentials that renew themselves for as long as it runs. sts-refresh serves
them on a loopback credential endpoint (127.0.0.1, a random port, a random token) and gives
COMMAND AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN, which the AWS CLI
and every AWS SDK ask again before the credentials expire; renewals go through the same cache and
lock as credential_process. Key, profile and web-identity variables are removed; when [default]
holds credentials, COMMAND's AWS_PROFILE names a profile without any (in a private copy of the
config file) so that they do not win. With --profile NAME, COMMAND runs with NAME's settings
(region, output, retries, s3...) as 'aws --profile NAME' would, and with AWS_REGION and
AWS_DEFAULT_REGION set to its region unless you exported one. COMMAND gets STS_REFRESH_ROLE_ARN,
and STS_REFRESH_PROFILE with --profile, for a shell prompt; they are never read as credentials.
While a renewal is slow, refused or waits for an MFA code, COMMAND gets the keys it has until they
have 10 minutes left. Exits with COMMAND's exit code (128 + the signal number if a signal ended it),
and waits for it to exit; SIGTERM and SIGHUP are passed on to it, and so are SIGINT and SIGQUIT
unless the terminal already gave them to it (one Ctrl-C is one interrupt).
Example:
  sts-refresh exec --role arn:aws:iam::123456789012:role/Prod --source-profile user1 -- terraform apply
  sts-refresh exec --profile prod -- aws s3 ls

Options:
${PROFILE_REQUEST_USAGE}
  --no-server              put AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
                           AWS_CREDENTIAL_EXPIRATION in COMMAND's environment instead; they expire
                           with the session. Only for tools that cannot use a container endpoint
                           (older SDKs, non-AWS tools that read the key variables)`,
  options: { ...REQUEST_OPTIONS, ...PROFILE_OPTION, 'no-server': { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const [command, ...args] = positionals;
    if (command === undefined) {
      throw new UsageError(
        'exec needs a command after --',
        'for example: sts-refresh exec --role arn:aws:iam::123456789012:role/Prod -- aws s3 ls',
      );
    }
    // Taken before any call: the child's environment must not depend on what obtaining wrote.
    const parentEnv: NodeJS.ProcessEnv = { ...io.env };
    const options = await requestFromValues('exec', values, io.env);
    // First, before the child owns the terminal: a bad role or an MFA prompt surfaces here.
    const { entry, mfaSession } = await obtainCredentials(options, io);
    // A role entry fresh in the cache says nothing of the MFA session it will be renewed from.
    if (mfaSession === undefined && !values['no-server']) await ensureMfaSession(options, io);
    const profileName = values.profile as string | undefined;
    const endpoint = !values['no-server'];
    const profile = await prepareChildProfile({ env: parentEnv, ...(profileName !== undefined && { profile: profileName }), endpoint });
    const settings: ChildSettings = {
      roleArn: options.request.roleArn,
      ...(profileName !== undefined && { profileName }),
      ...(profile.profile && { profile: profile.profile }),
      ...(profile.region !== undefined && { region: profile.region }),
    };
    try {
      if (!endpoint) return await runCommand({ command, args, env: keysChildEnv(parentEnv, credentialVariables(entry), settings) });
      return await serveChild(command, args, options, parentEnv, { settings, remove: profile.remove }, entry, io);
    } finally {
      profile.remove();
    }
  },
};

async function serveChild(
  command: string,
  args: string[],
  options: ResolvedOptions,
  parentEnv: NodeJS.ProcessEnv,
  child: { settings: ChildSettings; remove: () => void },
  initial: Awaited<ReturnType<typeof obtainCredentials>>['entry'],
  io: CommandIo,
): Promise<number> {
  const supplier = credentialSupplier({
    // obtainCredentials writes nothing to the environment, so every renewal starts from the chain
    // exec began with, and the loop guard sees this request once, not once per renewal.
    obtain: async () =>
      (await obtainCredentials(options, { ...io, mfaPurpose: renewalPurpose(options.request.roleArn, [command, ...args]) })).entry,
    afterRenewal: collectGarbageSoon,
    now: io.now,
    windowSeconds: options.cache.refreshWindowSeconds,
    isOutage,
    warn: io.warn,
    initial,
  });
  // The first pass may have loaded the SDK: its garbage need not stay for the whole session.
  collectGarbageSoon();
  leaveOptimizingToMaglev();
  const token = newEndpointToken();
  const endpoint = await listenEndpoint({ token, supply: supplier.supply });
  try {
    const env = endpointChildEnv(parentEnv, { url: endpoint.url, token, settings: child.settings });
    const code = await runCommand({
      command,
      args,
      env,
      ...(endpoint.inheritableFd !== undefined && { inheritFd: endpoint.inheritableFd }),
    });
    // A renewal still under way (an MFA prompt, a lock wait, a slow STS) would keep exec alive for
    // up to its --timeout, or the prompt's three minutes, after the command it served has gone.
    // Nothing needs it now: unref'd, this fires only if something else is keeping the process up.
    // exec has nothing of its own on stdout to flush (the command wrote to it directly), and the
    // cache lock is released by proper-lockfile's exit hook, as when a caller is killed.
    // eslint-disable-next-line no-restricted-properties -- see above: the one exit that cannot wait
    setTimeout(() => process.exit(code), 0).unref();
    return code;
  } finally {
    supplier.stop();
    // Before anything that waits: the exit above may come first.
    child.remove();
    await endpoint.close();
  }
}

// A command line longer than this is cut in the prompt, which must stay one line on a terminal.
const PROMPT_COMMAND_CHARS = 60;

/**
 * What a prompt during the run says a code is for: the role, and the command it is renewed for,
 * its program by name without its directory (`node train.py` for `/opt/node-22/bin/node train.py`),
 * so that what tells commands apart comes before the line must be cut.
 */
function renewalPurpose(roleArn: string, words: string[]): string {
  const [program = '', ...args] = words;
  const line = shellLine([program.split(/[\\/]/).pop() ?? program, ...args]);
  const shown = line.length > PROMPT_COMMAND_CHARS ? `${line.slice(0, PROMPT_COMMAND_CHARS - 1)}…` : line;
  return `to renew ${roleArn} for the command exec runs (${shown})`;
}
