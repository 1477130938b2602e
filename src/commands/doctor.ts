import { cacheDirFor } from '../cache/cache-location';
import { worst } from '../doctor/check';
import { awsPaths } from '../config/aws-paths';
import { readProfiles } from '../doctor/gather';
import { formatJson, formatReport } from '../doctor/report';
import { runDoctor } from '../doctor/run-doctor';
import { configuredEndpoint, requestedRegion, stsRegion, stsUrl } from '../core/sts/sts-endpoint';
import type { Command } from '../cli/command';

export const doctorCommand: Command = {
  name: 'doctor',
  usage: `Usage: sts-refresh doctor [--profile NAME] [--json] [--region REGION] [--endpoint-url URL] [--cache-dir DIR]

Checks the AWS CLI version, the clock against STS, AWS_* variables that override profiles,
profiles holding a pasted aws_session_token (with its expiry, when a '# Credentials expire at:'
comment gives it), expired cache entries, file permissions and, with --profile, which credentials
the AWS CLI would use for that profile (running its credential_process when it is sts-refresh;
for an aws login session, whether it is signed in on this machine and how it renews).
Each check prints ok, warn or fail, what it saw and the fix.
Exits 1 when any check fails. No check takes longer than 11 s.
Example:
  sts-refresh doctor --profile prod

Options:
  --profile NAME           also check which credentials the AWS CLI would use for this profile
  --json                   print the findings as JSON
  --region REGION          STS region for the clock check (default: as for credential-process)
  --endpoint-url URL       STS endpoint for the clock check
  --cache-dir DIR          sts-refresh's cache directory (absolute; default: STS_REFRESH_CACHE_DIR, ~/.cache/sts-refresh)`,
  options: {
    profile: { type: 'string' },
    json: { type: 'boolean' },
    region: { type: 'string' },
    'endpoint-url': { type: 'string' },
    'cache-dir': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const profile = values.profile as string | undefined;
    const { config } = await readProfiles(awsPaths(io.env)).catch(() => ({
      config: { profiles: {} as Record<string, Record<string, string>> },
    }));
    const profileRegion = config.profiles[profile ?? io.env.AWS_PROFILE ?? 'default']?.region;
    const endpoint = stsUrl({
      region: stsRegion(requestedRegion(values.region as string | undefined, io.env), profileRegion),
      endpoint: configuredEndpoint((values['endpoint-url'] as string | undefined)?.trim() || undefined, io.env),
    });
    const results = await runDoctor({
      env: io.env,
      now: io.now,
      ...(profile !== undefined && { profile }),
      endpoint,
      ownCacheDir: cacheDirFor(values['cache-dir'] as string | undefined, io.env),
    });
    io.stdout(values.json ? formatJson(results) : formatReport(results));
    return worst(results.map((r) => r.status)) === 'fail' ? 1 : 0;
  },
};
