import { explainStsError } from '../../src/core/sts/sts-errors';

const ctx = { roleArn: 'arn:aws:iam::123456789012:role/Prod', sourceProfile: 'user1', endpoint: 'https://sts.us-east-1.amazonaws.com' };
const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });

describe('explainStsError', () => {
  test.each<[string, unknown, RegExp, boolean]>([
    [
      'ExpiredToken blames the source profile',
      sdkError('ExpiredToken', 'The security token included in the request is expired', 403),
      /source profile 'user1'.*ExpiredToken/,
      false,
    ],
    [
      'InvalidClientTokenId blames the source profile',
      sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      /source profile 'user1'/,
      false,
    ],
    [
      'AccessDenied names the principal and the role',
      sdkError(
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: x',
        403,
      ),
      /^arn:aws:iam::123456789012:user\/alice may not assume arn:aws:iam::123456789012:role\/Prod/,
      false,
    ],
    ['Throttling is an outage', sdkError('Throttling', 'Rate exceeded', 400), /throttling/, true],
    ['a 503 is an outage', sdkError('ServiceUnavailable', 'unavailable', 503), /HTTP 503/, true],
    [
      'ECONNREFUSED is an outage',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      /could not reach STS at https:\/\/sts.us-east-1/,
      true,
    ],
    ['a timeout is an outage', sdkError('TimeoutError', 'socket timed out'), /could not reach STS/, true],
    ['an abort (deadline) is an outage', sdkError('AbortError', 'aborted'), /could not reach STS/, true],
    ['broken XML', sdkError('Error', '@aws-sdk XML parse error: unexpected end of input.'), /could not be read/, false],
    ['an unreadable response', sdkError('Error', 'Deserialization error: to see the raw response...'), /could not be read/, false],
    [
      'a 200 the SDK could not deserialize is a malformed answer, not a refusal',
      sdkError('TypeError', 'Invalid RFC3339 timestamp format next Tuesday\n  Deserialization error: to see the raw response...', 200),
      /^STS at https:\/\/sts.us-east-1.amazonaws.com sent a malformed answer to AssumeRole: its Expiration is not a timestamp$/,
      false,
    ],
    [
      'an endpoint that is not a URL names the endpoint settings',
      Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }),
      /^the STS endpoint is not a valid URL/,
      false,
    ],
    [
      'an error before any answer is not called a refusal',
      new RangeError('Invalid string length'),
      /^the call to STS at https:\/\/sts.us-east-1.amazonaws.com failed before STS answered \(RangeError: Invalid string length\)/,
      false,
    ],
    [
      'anything else passes the message on',
      sdkError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
      /ValidationError.*MaxSessionDuration/,
      false,
    ],
  ])('%s', (_name, error, message, outage) => {
    const failure = explainStsError(error, ctx);
    expect(failure.message).toMatch(message);
    expect(failure.hint.length).toBeGreaterThan(0);
    expect(failure.outage).toBe(outage);
    expect(failure.hint.includes('role ARN')).toBe(/refused/.test(failure.message));
  });
});

describe('explainStsError for MFA', () => {
  const mfaCtx = { ...ctx, mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' };

  test('a refused code names the device and is marked as worth one more code', () => {
    const failure = explainStsError(
      sdkError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403),
      mfaCtx,
    );
    expect(failure.message).toMatch(/^STS refused the MFA code for arn:aws:iam::123456789012:mfa\/alice/);
    expect(failure.mfaRejected).toBe(true);
  });

  test('any other AccessDenied on the MFA session is about the device, not worth a retry', () => {
    const failure = explainStsError(
      sdkError('AccessDenied', 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:GetSessionToken', 403),
      mfaCtx,
    );
    expect(failure.message).toMatch(/may not get an MFA session with arn:aws:iam::123456789012:mfa\/alice/);
    expect(failure.mfaRejected).toBeUndefined();
  });
});
