import { newEndpointToken, tokenMatches } from '../../src/server/endpoint-token';
import { routeRequest } from '../../src/server/route-request';
import { credentialsAnswer, failureAnswer } from '../../src/server/endpoint-answer';
import { StsCallError } from '../../src/core/errors';
import { entryExpiringIn } from '../support/entries';

const TOKEN = newEndpointToken();
const PATH = '/credentials';

describe('newEndpointToken', () => {
  test('32 random bytes, header-safe, different each time', () => {
    expect(Buffer.from(TOKEN, 'base64url')).toHaveLength(32);
    expect(TOKEN).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(newEndpointToken()).not.toBe(TOKEN);
  });
});

describe('tokenMatches', () => {
  test.each<[string, string[] | undefined, boolean]>([
    ['the token', [TOKEN], true],
    ['no header', undefined, false],
    ['an empty header', [''], false],
    ['a wrong token of the same length', ['x'.repeat(TOKEN.length)], false],
    ['one byte short', [TOKEN.slice(1)], false],
    ['one byte more', [`${TOKEN}x`], false],
    ['a Bearer prefix', [`Bearer ${TOKEN}`], false],
    ['two headers', [TOKEN, TOKEN], false],
    ['different case', [TOKEN.toUpperCase() === TOKEN ? TOKEN.toLowerCase() : TOKEN.toUpperCase()], false],
  ])('%s', (_what, sent, expected) => {
    expect(tokenMatches(sent, TOKEN)).toBe(expected);
  });
});

describe('routeRequest', () => {
  test.each<[string, string | undefined, string | undefined, string[] | undefined, number | 'credentials']>([
    ['GET with the token', 'GET', PATH, [TOKEN], 'credentials'],
    ['no token', 'GET', PATH, undefined, 403],
    ['wrong token', 'GET', PATH, ['nope'], 403],
    ['no token on an unknown path', 'GET', '/x', undefined, 403],
    ['no token with POST', 'POST', PATH, undefined, 403],
    ['POST with the token', 'POST', PATH, [TOKEN], 405],
    ['HEAD with the token', 'HEAD', PATH, [TOKEN], 405],
    ['an unknown path', 'GET', '/x', [TOKEN], 404],
    ['a query string', 'GET', `${PATH}?a=1`, [TOKEN], 404],
    ['a trailing slash', 'GET', `${PATH}/`, [TOKEN], 404],
  ])('%s', (_what, method, url, authorization, expected) => {
    const route = routeRequest({ method, url, authorization }, TOKEN, PATH);
    expect(route.kind === 'credentials' ? 'credentials' : route.status).toBe(expected);
  });
});

describe('answers', () => {
  test('credentials in the container format, Expiration in RFC 3339', () => {
    const entry = entryExpiringIn(30, Date.parse('2026-11-25T09:00:00Z'));
    const answer = credentialsAnswer(entry);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      AccessKeyId: entry.credentials.AccessKeyId,
      SecretAccessKey: entry.credentials.SecretAccessKey,
      Token: entry.credentials.SessionToken,
      Expiration: '2026-11-25T09:30:00.000Z',
      AccountId: entry.accountId,
    });
  });

  test("a failure is 503 with credential_process's words as Message", () => {
    const answer = failureAnswer(new StsCallError('STS refused AssumeRole', 'check the role ARN', false));
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).Message).toBe('sts-refresh: STS refused AssumeRole; check the role ARN');
  });
});
