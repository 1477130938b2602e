import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectOneLineError, expectNoSecretsOnStderr, ROLE } from '../support/cli-env';
import type { CliResult } from '../support/run-cli';
import type { Fault } from '../support/sts-server';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

const sts = useLoopbackSts();
const cli = sts.cli;

/** Neither a whole issued secret or token nor either half of one (around the planted character) is on stderr. */
function expectNoSecretPieces(result: CliResult) {
  expectNoSecretsOnStderr(result, sts.server);
  for (const c of sts.server.issued) {
    for (const secret of [c.SecretAccessKey, c.SessionToken]) {
      const middle = secret.length >> 1;
      expect(result.stderr).not.toContain(secret.slice(0, middle));
      expect(result.stderr).not.toContain(secret.slice(middle + 1));
    }
  }
}

describe('control characters from STS make the answer malformed: exit 1, nothing cached, no secret shown', () => {
  type Field = NonNullable<Fault['controlChar']>['field'];
  const fields: Field[] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Arn'];
  const cases = fields.flatMap((field) => [
    [field, 'NUL', '\u0000'],
    [field, 'ESC', '\u001b'],
  ]) as Array<[Field, string, string]>;

  test.each(cases)('%s with %s', async (field, _name, char) => {
    sts.server.inject({ action: 'AssumeRole', controlChar: { field, char } });
    const result = await cli.run(['--role', ROLE]);
    const shown = field === 'Arn' ? 'AssumedRoleUser.Arn' : field;
    expectOneLineError(
      result,
      1,
      new RegExp(`sent a malformed answer to AssumeRole: its ${shown} holds a control character; nothing was cached`),
    );
    expectNoSecretPieces(result);
    expect(cli.cacheFiles()).toEqual([]);
  });

  test('print and exec refuse it the same way, and print sends nothing raw to the terminal', async () => {
    sts.server.inject({ action: 'AssumeRole', controlChar: { field: 'SecretAccessKey' } });
    const print = await cli.run(['print', '--role', ROLE]);
    expectOneLineError(print, 1, /malformed answer to AssumeRole: its SecretAccessKey holds a control character/);
    sts.server.clearFaults();
    // print's refusal answers the same request for a few seconds (concurrency.test.ts); this is about exec meeting its own.
    for (const name of readdirSync(cli.home.cacheDir)) if (name.endsWith('.refused')) rmSync(join(cli.home.cacheDir, name));
    sts.server.inject({ action: 'AssumeRole', controlChar: { field: 'SessionToken', char: '\u0000' } });
    const exec = await cli.run(['exec', '--role', ROLE, '--', 'true']);
    expectOneLineError(exec, 1, /malformed answer to AssumeRole: its SessionToken holds a control character/);
    for (const result of [print, exec]) {
      expectNoSecretPieces(result);
      expect(result.stderr).not.toMatch(/unexpected error/);
    }
    expect(cli.cacheFiles()).toEqual([]);
  });

  test('an MFA session (GetSessionToken) is checked the same way', async () => {
    sts.server.inject({ action: 'GetSessionToken', controlChar: { field: 'SessionToken' } });
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', 'echo 123456']);
    expectOneLineError(result, 1, /malformed answer to GetSessionToken: its SessionToken holds a control character/);
    expectNoSecretPieces(result);
    expect(sts.server.count('AssumeRole')).toBe(0);
    expect(cli.cacheFiles()).toEqual([]);
  });
});

describe('the cause is named, not "STS refused AssumeRole ... check the role ARN"', () => {
  test('an Expiration that is not a timestamp: a malformed answer from the endpoint', async () => {
    sts.server.inject({ action: 'AssumeRole', malformed: 'bad-expiration' });
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(
      result,
      1,
      /^sts-refresh: STS at http:\/\/127\.0\.0\.1:\d+ sent a malformed answer to AssumeRole: its Expiration is not a timestamp/,
    );
    expect(result.stderr).not.toMatch(/refused|role ARN/);
    expectNoSecretPieces(result);
  });

  test('an answer too large to be STS: said so, after one call (not retried)', async () => {
    sts.server.inject({ action: 'AssumeRole', malformed: 'oversized' });
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(result, 1, /sent an answer larger than 1024 KiB, which is not an STS answer/);
    expect(result.stderr).not.toMatch(/refused|role ARN/);
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(cli.cacheFiles()).toEqual([]);
  });

  test.each([['AWS_ENDPOINT_URL_STS'], ['AWS_ENDPOINT_URL']])(
    'a blank %s: the setting is named, before any call, on a hit too',
    async (name) => {
      const primed = await cli.run(['--role', ROLE]);
      expect(primed.exitCode).toBe(0);
      const result = await cli.run(['--role', ROLE], { AWS_ENDPOINT_URL_STS: undefined, [name]: ' ' });
      expectOneLineError(result, 2, new RegExp(`${name} is set but blank; the AWS SDK would take it as the STS endpoint; unset ${name}`));
      expect(sts.server.count()).toBe(1);
    },
  );
});
