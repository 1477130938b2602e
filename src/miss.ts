// Everything only a cache miss needs: the AWS SDK and the lock. The build embeds this module as a
// separate, lazily compiled script (scripts/build.mjs), so a cache hit never parses it.
export { getSourceCredentials } from './aws/source-credentials';
export { assumeRole } from './aws/assume-role';
export { tryLock } from './cache/lock';
export { stsRegion } from './aws/sts-region';
