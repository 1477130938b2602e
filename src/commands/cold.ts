// The commands other than credential-process, print and keys: a layer of their own (scripts/build.mjs),
// compiled only when one of them runs, so neither a hit nor a miss parses them.
export { cacheCommand } from './cache';
export { consoleCommand } from './console';
export { doctorCommand } from './doctor';
export { envCommand } from './env';
export { execCommand } from './exec';
export { setupCommand } from './setup';
