// Its own module so that the cache-hit check (hit-entry.ts) can compare it without loading the
// zod schema in cache-entry.ts. Bump it when an entry's shape changes: older entries then fail
// both checks and become misses.
export const CACHE_SCHEMA_VERSION = 1;
