import { checkAwsCli } from '../../src/doctor/checks/aws-cli';
import { checkClock } from '../../src/doctor/checks/clock';
import { checkCredentialSource, credentialSource } from '../../src/doctor/checks/credential-source';
import { checkEnvironment } from '../../src/doctor/checks/environment';
import { checkFileModes } from '../../src/doctor/checks/file-modes';
import { checkPlaintextKeys } from '../../src/doctor/checks/plaintext-keys';
import { checkSessionTokens, expiryNotes } from '../../src/doctor/checks/session-tokens';
import { checkStaleCaches } from '../../src/doctor/checks/stale-caches';

const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('aws cli', () => {
  test.each([
    [{}, 'warn', /no `aws` on PATH/],
    [{ path: '/bin/aws', versionOutput: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64' }, 'ok', /2\.15\.30 .*\(v2\)/],
    [{ path: '/bin/aws', versionOutput: 'aws-cli/1.29.0 Python/3.8 Linux botocore/1.31.0' }, 'warn', /v1, in maintenance/],
    [{ path: '/bin/aws', versionOutput: 'aws-cli/1.15.2 Python/2.7' }, 'warn', /older than 1\.16\.36/],
    [{ path: '/bin/aws', versionOutput: '', error: 'no answer within 4.5 s' }, 'warn', /no answer/],
  ] as const)('%j is %s', (facts, status, saw) => {
    const result = checkAwsCli(facts);
    expect(result.status).toBe(status);
    expect(result.saw).toMatch(saw);
    if (status !== 'ok') expect(result.fix).toMatch(/install AWS CLI v2/);
  });
});

describe('clock', () => {
  // The words matter as much as the status: a drift of 1 to 5 minutes once read "more than 5 minutes off".
  const WARN = /; more than a minute off, and AWS rejects requests once it is 5 minutes off$/;
  const FAIL = /; more than 5 minutes off, so AWS rejects its requests$/;
  test.each([
    [0, 'ok', /^this machine is 0 s behind https:\/\/sts\.us-east-1\.amazonaws\.com$/],
    [59_000, 'ok', /^this machine is 59 s behind \S+$/],
    [-61_000, 'warn', /^this machine is 61 s ahead of \S+; more than a minute off,/],
    [4 * 60_000, 'warn', /^this machine is 240 s behind \S+; more than a minute off,/],
    [5 * 60_000 + 1000, 'fail', /^this machine is 301 s behind \S+; more than 5 minutes off,/],
    [-10 * 60_000, 'fail', /^this machine is 600 s ahead of \S+; more than 5 minutes off,/],
  ] as const)('offset %d ms is %s', (offsetMs, status, saw) => {
    const result = checkClock({ endpoint: 'https://sts.us-east-1.amazonaws.com', offsetMs });
    expect(result.status).toBe(status);
    expect(result.saw).toMatch(saw);
    if (status === 'warn') expect(result.saw).toMatch(WARN);
    if (status === 'fail') expect(result.saw).toMatch(FAIL);
    if (status !== 'ok') expect(result.fix).toMatch(/timedatectl set-ntp true/);
  });

  test('an unreachable STS is a warning, not a failure', () => {
    expect(checkClock({ endpoint: 'https://x', error: 'ENOTFOUND' })).toMatchObject({
      status: 'warn',
      saw: expect.stringMatching(/ENOTFOUND/),
    });
  });
});

describe('environment', () => {
  test('nothing set is ok; AWS_PROFILE alone is ok and named', () => {
    expect(checkEnvironment({}, NOW).status).toBe('ok');
    expect(checkEnvironment({ AWS_PROFILE: 'prod' }, NOW)).toMatchObject({ status: 'ok', saw: 'only AWS_PROFILE=prod' });
  });

  test('keys are named, the key id masked to its last 4, secrets never shown, and unset printed', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'ASIAABCDEFGH12345678',
      AWS_SECRET_ACCESS_KEY: 'very/secret',
      AWS_SESSION_TOKEN: 'tok3n',
      AWS_PROFILE: 'p',
    };
    const result = checkEnvironment(env, NOW);
    expect(result.status).toBe('warn');
    expect(result.saw).toContain('AWS_ACCESS_KEY_ID=****5678');
    expect(result.saw).not.toMatch(/very\/secret|tok3n|ASIAABCD/);
    expect(result.fix).toBe('unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE');
  });

  test('an AWS_CREDENTIAL_EXPIRATION in the past fails', () => {
    const env = { AWS_ACCESS_KEY_ID: 'ASIA1234', AWS_CREDENTIAL_EXPIRATION: '2026-01-01T11:00:00Z' };
    expect(checkEnvironment(env, NOW).status).toBe('fail');
  });
});

describe('session tokens', () => {
  test('names each profile holding aws_session_token and suggests setup', () => {
    const result = checkSessionTokens(
      [
        { path: '/h/.aws/config', profiles: { default: { region: 'us-east-1' } } },
        {
          path: '/h/.aws/credentials',
          profiles: { pasted: { aws_access_key_id: 'ASIA', aws_session_token: 't' }, keys: { aws_access_key_id: 'AKIA' } },
        },
      ],
      NOW,
    );
    expect(result.status).toBe('warn');
    expect(result.saw).toContain('[pasted] in /h/.aws/credentials');
    expect(result.saw).not.toContain('[keys]');
    expect(result.fix).toMatch(/^sts-refresh setup --profile pasted /);
  });

  test('long-term keys alone are ok', () => {
    expect(checkSessionTokens([{ path: 'c', profiles: { a: { aws_access_key_id: 'AKIA' } } }], NOW).status).toBe('ok');
  });

  test('reads the `# Credentials expire at:` comments of a credentials file, by the section they sit in', () => {
    const text = [
      '# Credentials expire at: 1999-01-01 00:00:00 UTC',
      '[default]',
      'aws_access_key_id = AKIA',
      '[mfa]',
      'aws_access_key_id = ASIA',
      'aws_session_token = t',
      '# Credentials expire at: 2026-11-25 18:06:10 UTC',
      '',
      '[script] ; written by a script',
      ';credentials expire at 2026-01-01T13:00:00Z',
      '[other]',
      '# credentials for the build',
    ].join('\r\n');
    expect(expiryNotes(text)).toEqual({ mfa: '2026-11-25 18:06:10 UTC', script: '2026-01-01T13:00:00Z' });
  });

  const sessionFile = (note: string) => [
    {
      path: '/h/.aws/credentials',
      profiles: { mfa: { aws_access_key_id: 'ASIA', aws_secret_access_key: 's', aws_session_token: 't' } },
      expiryNotes: { mfa: note },
    },
  ];

  test.each<[string, RegExp]>([
    // NOW is 2026-01-01T12:00:00Z.
    [
      '2026-01-01 15:30:00 UTC',
      /\[mfa\] in \/h\/.aws\/credentials \(static session keys, as aws configure mfa-login writes them, expiring 2026-01-01 15:30 UTC, in 3 h\) holds aws_session_token/,
    ],
    ['2026-01-01T12:40:00Z', /expiring 2026-01-01 12:40 UTC, in 40 min/],
    ['2026-01-01 10:00:00 UTC', /expired 2026-01-01 10:00 UTC, 2 h ago: every call with them fails with ExpiredToken/],
    ['next Tuesday', /static session keys whose comment says they expire at 'next Tuesday'/],
  ])('session keys with an expiry note (%s) are the static-token case, with their time', (note, saw) => {
    const result = checkSessionTokens(sessionFile(note), NOW);
    expect(result.status).toBe('warn');
    expect(result.saw).toMatch(saw);
    expect(result.fix).toBe(
      'aws configure mfa-login --update-profile mfa again before then, or let sts-refresh renew an MFA session itself: sts-refresh setup --profile mfa --role arn:aws:iam::ACCOUNT:role/NAME --source-profile LONG_TERM_PROFILE --mfa-serial ARN --replace',
    );
  });
});

describe('plaintext keys', () => {
  test.each([
    ['a long-term pair warns', { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' }, 'warn'],
    [
      'temporary keys are the session-tokens check',
      { aws_access_key_id: 'ASIA', aws_secret_access_key: 's', aws_session_token: 't' },
      'ok',
    ],
    ['a key id alone holds no secret', { aws_access_key_id: 'AKIA' }, 'ok'],
    ['a keyring profile is ok', { credential_process: '/bin/sts-refresh keys serve a --backend file' }, 'ok'],
  ])('%s', (_, keys, status) => {
    expect(checkPlaintextKeys([{ path: '/h/.aws/credentials', profiles: { a: keys } }]).status).toBe(status);
  });

  test('names each file and profile, and one keys import per profile', () => {
    const pair = { aws_access_key_id: 'AKIA', aws_secret_access_key: 'never-shown' };
    const result = checkPlaintextKeys([
      { path: '/h/.aws/config', profiles: { b: pair } },
      { path: '/h/.aws/credentials', profiles: { a: pair, b: pair } },
    ]);
    expect(result.saw).toContain('[a] in /h/.aws/credentials');
    expect(result.saw).toContain('[b] in /h/.aws/config');
    expect(result.fix).toBe('sts-refresh keys import b; sts-refresh keys import a');
    expect(JSON.stringify(result)).not.toContain('never-shown');
  });

  test('a backup sts-refresh kept is named, and its fix is to delete it; the live file still says keys import', () => {
    const keys = { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' };
    const result = checkPlaintextKeys([
      { path: '/h/.aws/credentials', profiles: { a: keys } },
      { path: '/h/.aws/credentials.sts-refresh-backup-20260101T000000000Z', profiles: { b: keys }, backup: true },
    ]);
    expect(result).toMatchObject({
      status: 'warn',
      saw: '[a] in /h/.aws/credentials, [b] in /h/.aws/credentials.sts-refresh-backup-20260101T000000000Z hold a long-term aws_secret_access_key in plain text',
      fix: 'sts-refresh keys import a; delete the backup sts-refresh kept: rm /h/.aws/credentials.sts-refresh-backup-20260101T000000000Z',
    });
  });

  test('a profile name the shell would read otherwise is quoted in the fix', () => {
    const pair = { aws_access_key_id: 'AKIA', aws_secret_access_key: 'x' };
    expect(checkPlaintextKeys([{ path: '/h/.aws/credentials', profiles: { "o'neil;x": pair } }]).fix).toBe(
      "sts-refresh keys import 'o'\\''neil;x'",
    );
  });
});

describe('stale caches', () => {
  const facts = (cliExpiry: number | undefined, ownExpiry: number | undefined) => ({
    awsCliCacheDir: '/h/.aws/cli/cache',
    awsCliFiles: [{ path: '/h/.aws/cli/cache/a.json', ...(cliExpiry !== undefined && { expiresAtMs: cliExpiry }) }],
    ownCacheDir: '/h/cache',
    ownFiles: [{ path: '/h/cache/b.json', ...(ownExpiry !== undefined && { expiresAtMs: ownExpiry }) }],
  });
  test('fresh entries are ok', () => expect(checkStaleCaches(facts(NOW + 1, NOW + 1), NOW).status).toBe('ok'));
  test('expired or unreadable entries are named with their fixes', () => {
    const result = checkStaleCaches(facts(NOW - 1, undefined), NOW);
    expect(result.status).toBe('warn');
    expect(result.fix).toBe('rm /h/.aws/cli/cache/a.json; sts-refresh cache clear --all');
  });
  test("on Windows, which has no rm, cmd's del with the paths in double quotes", () => {
    const windows = { ...facts(NOW - 1, NOW + 1), awsCliFiles: [{ path: 'C:\\Users\\me\\.aws\\cli\\cache\\a b.json' }] };
    expect(checkStaleCaches(windows, NOW, 'win32').fix).toBe('del "C:\\Users\\me\\.aws\\cli\\cache\\a b.json"');
  });
});

describe('file modes', () => {
  test.each([
    [0o600, 0o700, 'ok'],
    [0o644, 0o700, 'warn'],
    [0o600, 0o755, 'warn'],
    [0o640, 0o700, 'warn'],
  ] as const)('config %o, cache dir %o is %s', (file, dir, status) => {
    const result = checkFileModes([
      { path: '/h/.aws/config', kind: 'file', mode: file },
      { path: '/h/.aws/credentials', kind: 'file' },
      { path: '/h/cache', kind: 'directory', mode: dir },
    ]);
    expect(result.status).toBe(status);
    if (file !== 0o600) expect(result.fix).toContain('chmod 600 /h/.aws/config');
    if (dir !== 0o700) expect(result.fix).toContain('chmod 700 /h/cache');
  });
});

describe('credential source', () => {
  test.each([
    [{}, {}, {}, 'none'],
    [{ credential_process: 'x' }, {}, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, 'environment'],
    [{ role_arn: 'r', source_profile: 's', credential_process: 'x' }, {}, {}, 'role_arn'],
    [{ web_identity_token_file: '/t', sso_session: 's' }, {}, {}, 'web identity'],
    [{ sso_session: 's', credential_process: 'x' }, {}, {}, 'SSO'],
    [{ credential_process: 'x' }, { aws_access_key_id: 'a' }, {}, 'credentials file'],
    [{ credential_process: 'x', aws_access_key_id: 'a' }, {}, {}, 'credential_process'],
    [{ aws_access_key_id: 'a' }, {}, {}, 'config file'],
    [{ login_session: 'arn:aws:iam::1:user/u' }, {}, {}, 'login session'],
    [{ credential_process: 'x' }, { aws_session_token: 't' }, {}, 'credential_process'],
  ] as const)('config %j, credentials %j, env %j: %s', (config, credentials, env, kind) => {
    expect(credentialSource(config, credentials, env).kind).toBe(kind);
  });

  const facts = (run: object) => ({
    profile: 'prod',
    exists: true,
    source: { kind: 'credential_process' as const, shadowed: [] },
    run: { command: 'sts-refresh --role r', resolvedPath: '/bin/sts-refresh', ...run },
  });
  const json = (expiresInMin: number) =>
    JSON.stringify({
      Version: 1,
      AccessKeyId: 'ASIAXXXX1234',
      SecretAccessKey: 's3cr3t',
      SessionToken: 't0k3n',
      Expiration: new Date(NOW + expiresInMin * 60_000).toISOString(),
    });

  test.each([
    [{ exitCode: 0, stdout: json(45) }, 'ok', /ASIA|45 min left/],
    [{ resolvedPath: undefined }, 'fail', /does not resolve on PATH/],
    [{ exitCode: 1, stderr: 'sts-refresh: STS rejected the credentials' }, 'fail', /exited 1: sts-refresh: STS rejected/],
    [{ exitCode: 0, stdout: 'not json' }, 'fail', /other than one JSON object/],
    [{ exitCode: 0, stdout: '{"Version":2}' }, 'fail', /lacks Version 1/],
    [{ exitCode: 0, stdout: json(-1) }, 'fail', /-1 min left/],
    [{ error: 'no answer within 10 s' }, 'fail', /did not finish/],
    // keys serve answers with the long-term keys themselves: no token, no Expiration, and that is right.
    [
      { exitCode: 0, servesKeys: true, stdout: '{"Version":1,"AccessKeyId":"AKIAXXXX5678","SecretAccessKey":"s3cr3t"}' },
      'ok',
      /keys serve .*\*+5678 from the keyring/,
    ],
    [
      { exitCode: 0, stdout: '{"Version":1,"AccessKeyId":"AKIAXXXX5678","SecretAccessKey":"s3cr3t"}' },
      'fail',
      /lacks SessionToken, Expiration/,
    ],
  ] as const)('a run with %j is %s', (run, status, saw) => {
    const result = checkCredentialSource(facts(run), NOW);
    expect(result.status).toBe(status);
    expect(result.saw).toMatch(saw);
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|t0k3n/);
  });

  test('a credential_process shadowed by role_arn is a warning that names --replace', () => {
    const result = checkCredentialSource(
      { profile: 'p', exists: true, source: { kind: 'role_arn', shadowed: ['credential_process'] } },
      NOW,
    );
    expect(result).toMatchObject({ status: 'warn', fix: expect.stringMatching(/--replace/) });
  });

  describe('an aws login profile', () => {
    const login = (state: 'present' | 'missing' | 'unreadable', profile = 'dev') =>
      checkCredentialSource(
        {
          profile,
          exists: true,
          source: credentialSource({ login_session: 'arn:aws:iam::123456789012:user/alice' }, undefined, {}),
          login: {
            session: 'arn:aws:iam::123456789012:user/alice',
            cacheFile: '/h/.aws/login/cache/abc.json',
            state,
            why: 'it is a symbolic link',
          },
        },
        NOW,
      );

    test('is recognised, with how it renews: up to 12 hours, then aws login again', () => {
      expect(login('present')).toEqual({
        id: 'credential-source',
        title: 'profile dev',
        status: 'ok',
        saw: 'the AWS CLI uses an aws login session (login_session = arn:aws:iam::123456789012:user/alice): 15-minute keys, renewed through AWS Sign-In for up to 12 hours after the sign-in, then aws login --profile dev again; as a --source-profile of sts-refresh its roles last at most 1 h (role chaining)',
      });
      expect(login('present', 'default').saw).toMatch(/then aws login again/);
    });

    test('without its cache file it fails and says to sign in', () => {
      expect(login('missing')).toMatchObject({
        status: 'fail',
        saw: expect.stringMatching(/\/h\/.aws\/login\/cache\/abc\.json is missing: not signed in on this machine, or signed out$/),
        fix: 'aws login --profile dev',
      });
      expect(login('unreadable')).toMatchObject({ status: 'warn', saw: expect.stringMatching(/cannot be read: it is a symbolic link/) });
    });

    test('names the login session as the source, after every other', () => {
      expect(credentialSource({ login_session: 'arn' }, undefined, {})).toEqual({ kind: 'login session', shadowed: [] });
      expect(credentialSource({ login_session: 'arn', credential_process: 'x' }, undefined, {})).toEqual({
        kind: 'credential_process',
        shadowed: ['login session'],
      });
    });
  });

  test('a missing profile fails', () => {
    expect(checkCredentialSource({ profile: 'p', exists: false, source: { kind: 'none', shadowed: [] } }, NOW).status).toBe('fail');
  });
});
