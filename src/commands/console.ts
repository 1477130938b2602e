import type { Command } from '../cli/command';
import { consoleDestination } from '../core/console/console-destination';
import { checkConsoleRegion, consolePartition, inPartition } from '../core/console/console-partition';
import { checkLongEnough, describeConsole, parseConsoleDuration, sessionDurationToSend } from '../core/console/console-session';
import { federationEndpoint, loginUrl } from '../core/console/federation-urls';
import { fetchSigninToken } from '../core/console/signin-token';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { PROFILE_REQUEST_USAGE } from '../core/request/request-usage';
import { httpsGet } from '../console/https-get';
import { openInBrowser } from '../console/open-browser';
import { obtainCredentials } from '../providers/obtain-credentials';
import { PROFILE_OPTION, requestFromValues } from '../request/request-from-values';

// Far more than a sign-in token's JSON (one to two kilobytes).
const MAX_ANSWER_BYTES = 64 * 1024;
// xdg-open and open return within a second once the browser has the URL.
const OPENER_WAIT_MS = 5_000;

// --region names the console's region here: as the request's STS region it would be part of the
// cache key, and a console in another region would miss the session credential_process keeps.
const { region: _stsRegion, ...CONSOLE_REQUEST_OPTIONS } = REQUEST_OPTIONS;

export const consoleCommand: Command = {
  name: 'console',
  usage: `Usage: sts-refresh console (--profile NAME | --role ARN [options]) [--region REGION] [--destination DEST]
                          [--console-duration DUR] [--print]

Opens the AWS console in the default browser, signed in as the role, with the session
credential_process keeps: a cache hit when there is one, else one STS call under the lock. The
session goes to AWS's federation endpoint (https://signin.aws.amazon.com/federation, or the
partition's) for a sign-in token; the browser gets a URL holding that token, good for 15 minutes.
The console lasts as long as the role session, or --console-duration when the role was assumed
with long-term keys; AWS allows no longer console for a role assumed with temporary credentials
(an MFA session, SSO, aws login, another role), whose session lasts at most 1 h.
Example:
  sts-refresh console --profile prod
  sts-refresh console --profile prod --destination s3 --region eu-west-1
  sts-refresh console --role arn:aws:iam::123456789012:role/Prod --console-duration 8h --print

Options:
${PROFILE_REQUEST_USAGE.replace(/^ {2}--region[^\n]*\n(?: {20,}[^\n]*\n)*/m, '')}
  --region REGION          the console's region (default: the role session's; the session's own
                           STS region comes from the profile's line or AWS_REGION)
  --destination DEST       the page to open: a service such as s3 or ec2, a console path such as
                           cloudwatch/home#alarms, or a full console URL (default: the console home)
  --console-duration DUR   console session length, 15m..12h, for a role assumed with long-term keys
                           (default: as long as the role session)
  --print                  print the sign-in URL instead of opening it; it is the session: share it
                           with no one
  --federation-url URL     federation endpoint (default: the role's partition's; https, or http to
                           a loopback address)`,
  options: {
    ...CONSOLE_REQUEST_OPTIONS,
    ...PROFILE_OPTION,
    region: { type: 'string' },
    destination: { type: 'string' },
    'console-duration': { type: 'string' },
    print: { type: 'boolean' },
    'federation-url': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const { region: consoleRegion, ...requestValues } = values;
    const requested = parseConsoleDuration(values['console-duration'] as string | undefined);
    const options = await requestFromValues('console', requestValues, io.env);
    const { roleArn } = options.request;
    // Every usage error before any call: the options are checked against the role's partition.
    const partition = consolePartition(roleArn);
    const endpoint = federationEndpoint(partition, values['federation-url'] as string | undefined);
    const chosenRegion = consoleRegion === undefined ? undefined : checkConsoleRegion(consoleRegion as string, partition);
    consoleDestination(partition, values.destination as string | undefined, chosenRegion);

    const { entry } = await obtainCredentials(options, io);
    // Else the session's region, unless it is not one of the role's partition (us-east-1, the STS
    // default, for a role in aws-cn): the console then picks one itself.
    const sessionRegion = options.request.region ?? entry.stsRegion;
    const region = chosenRegion ?? (inPartition(sessionRegion, partition) ? sessionRegion : undefined);
    const destination = consoleDestination(partition, values.destination as string | undefined, region);
    const sessionDuration = sessionDurationToSend(requested, entry.chained);
    const expiresMs = Date.parse(entry.credentials.Expiration);
    checkLongEnough(sessionDuration, expiresMs, io.now(), roleArn);
    const signin = await fetchSigninToken({
      get: (url) => httpsGet(url, { timeoutMs: options.timeoutSeconds * 1000, maxBytes: MAX_ANSWER_BYTES }),
      endpoint,
      session: entry.credentials,
      sessionDuration,
      roleArn,
    });
    const url = loginUrl(endpoint, signin.token, destination);
    const printed = values.print === true;
    if (printed) io.stdout(`${url}\n`);
    else await openInBrowser(url, { platform: process.platform, env: io.env, waitMs: OPENER_WAIT_MS });
    io.stderr(
      describeConsole({
        roleArn,
        accountId: entry.accountId,
        region,
        requested,
        sent: signin.sent,
        chained: entry.chained,
        refused: signin.refused,
        expiresMs,
        nowMs: io.now(),
        printed,
      }),
    );
  },
};
