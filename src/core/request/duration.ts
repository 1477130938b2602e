import { UsageError } from '../errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Parses `3600`, `90s`, `15m` or `1h` into whole seconds. */
export function parseDuration(text: string, optionName: string): number {
  const match = /^(\d{1,6})([smh]?)$/.exec(text.trim());
  if (!match) {
    throw new UsageError(`${optionName} must be a duration such as 3600, 90s, 15m or 1h, not '${text}'`, `for example ${optionName} 1h`);
  }
  return Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
}
