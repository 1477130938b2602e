import { UsageError } from '../core/errors';

// A name both botocore and the JS SDK read back (core/profile/profile-name.ts: not = or , which
// botocore reads and the JS SDK does not), narrowed further because it also becomes a keyring
// attribute, a Keychain account in a `security -i` command line and a Credential Manager target,
// none of which may need quoting.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function checkProfileName(name: string | undefined, command: string): string {
  if (name === undefined) throw new UsageError(`keys ${command} needs a profile name`, `for example: sts-refresh keys ${command} user1`);
  if (!NAME.test(name)) {
    throw new UsageError(
      `'${name}' cannot name a profile for keys`,
      'use letters, digits and . _ @ + - (up to 64 characters), which the AWS CLI, the SDKs and every keyring read alike',
    );
  }
  return name;
}
