import { UsageError } from '../core/errors';

// Narrower than a profile name may be: the name becomes a keyring attribute, a Keychain account
// in a `security -i` command line and a Credential Manager target, none of which may need quoting.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=,-]{0,63}$/;

export function checkProfileName(name: string | undefined, command: string): string {
  if (name === undefined) throw new UsageError(`keys ${command} needs a profile name`, `for example: sts-refresh keys ${command} user1`);
  if (!NAME.test(name)) {
    throw new UsageError(`'${name}' cannot name a profile for keys`, 'use letters, digits and . _ @ + = , - (up to 64 characters)');
  }
  return name;
}
