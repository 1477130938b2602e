// Everything a cache hit does not need: the AWS SDK, the MFA prompt and the commands
// other than credential-process and print. The build embeds this module as a separate, lazily
// compiled script (scripts/build.mjs), so a cache hit never parses it.
export { getSourceCredentials } from './aws/source-credentials';
export { assumeRole } from './aws/assume-role';
export { readProfileSettings } from './aws/profile-settings';
export { getSessionToken } from './aws/session-token';
export { withMfaCode } from './mfa/code-attempts';
export { mfaCodeSource } from './mfa/mfa-code-source';
export { doctorCommand } from './commands/doctor';
export { setupCommand } from './commands/setup';
export { envCommand } from './commands/env';
export { execCommand } from './commands/exec';
export { cacheCommand } from './commands/cache';
export { readProfileRequest } from './profiles/read-profile-request';
export { rotationCalls } from './keys/rotate-aws';
