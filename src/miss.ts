// Everything only a cache miss needs: the AWS SDK, the lock and the MFA prompt. The build embeds
// this module as a separate, lazily compiled script (scripts/build.mjs), so a cache hit never parses it.
export { getSourceCredentials } from './aws/source-credentials';
export { assumeRole } from './aws/assume-role';
export { readProfileSettings } from './aws/profile-settings';
export { getSessionToken } from './aws/session-token';
export { lockIsFresh, tryLock } from './cache/lock';
export { withMfaCode } from './mfa/code-attempts';
export { mfaCodeSource } from './mfa/mfa-code-source';
