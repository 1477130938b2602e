// The AWS SDK adapters: the one layer that loads the SDK. The build embeds it compressed in the
// CLI layer and compiles it only when a call must reach STS or IAM (scripts/build.mjs), so this
// entry exports the adapters and nothing else; what they share with the layers above them (the
// errors, the cache entry's shape) comes from there.
export { fromAssumeRole } from './assume-role';
export { rotationCalls } from './iam-rotation';
export { fromMfaSession } from './mfa-session';
export { readProfileSettings } from './profile-settings';
export { resolveWithSdk } from './sdk-profile';
export { fromSourceProfile } from './source-profile';
export { stsAt } from './sts';
export { nestedSeparator, parseAwsFiles } from './shared-config';
