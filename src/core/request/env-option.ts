import { UsageError } from '../errors';
import { hasControlChars } from '../text/control-chars';

/**
 * A variable that stands in for an option, held to the option's rule (cli.ts): no control
 * characters. Read only where the precedence reaches it, so a variable an option overrides is not judged.
 */
export function envOption(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value !== undefined && hasControlChars(value)) {
    throw new UsageError(`${name} must not contain control characters such as a newline`, `fix or unset ${name}`);
  }
  return value;
}
