// Everything a cache hit does not need: the AWS SDK, the MFA prompt and the commands
// other than credential-process and print. The build embeds this module as a separate, lazily
// compiled script (scripts/build.mjs), so a cache hit never parses it.
export { fromSourceProfile } from './aws/source-profile';
export { resolveWithSdk } from './aws/sdk-profile';
export { checkSharedFiles } from './config/shared-files';
export { fromAssumeRole } from './aws/assume-role';
export { fromMfaSession } from './aws/mfa-session';
export { stsAt } from './aws/sts';
export { readProfileSettings } from './aws/profile-settings';
export { mfaCodeSource } from './mfa/mfa-code-source';
export { doctorCommand } from './commands/doctor';
export { setupCommand } from './commands/setup';
export { envCommand } from './commands/env';
export { execCommand } from './commands/exec';
export { cacheCommand } from './commands/cache';
export { readProfileRequest } from './request/read-profile-request';
export { rotationCalls } from './aws/iam-rotation';
