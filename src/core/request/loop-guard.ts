import { StsRefreshError } from '../errors';

/** Passed to child processes so a source profile whose credential_process calls us back can be caught. */
export const CHAIN_ENV = 'STS_REFRESH_CHAIN';
// Any real chain of roles is short; past this depth something is looping through different keys.
const MAX_DEPTH = 8;

/**
 * Fails when this request is already being resolved further up the process tree: the source
 * profile's credential_process leads back here, and going on would fork without end.
 * Returns the chain value to hand to child processes.
 */
export function enterChain(chain: string | undefined, key: string, roleArn: string, sourceProfile: string): string {
  const links = chain ? chain.split(',').filter(Boolean) : [];
  const id = key.slice(0, 16);
  if (links.includes(id) || links.length >= MAX_DEPTH) {
    throw new StsRefreshError(
      `loop: source profile '${sourceProfile}' gets its credentials by calling sts-refresh for ${roleArn} again`,
      `give --source-profile a profile with credentials of its own (keys, SSO or another role), not one whose credential_process is this same command`,
    );
  }
  return [...links, id].join(',');
}
