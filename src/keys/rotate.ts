import { StsRefreshError } from '../core/errors';
import { keyIdTail, type AccessKeys } from './access-keys';
import type { Keyring } from './backends/keyring';
import { storeChecked } from './store-checked';

/**
 * The IAM and STS calls of a rotation, each made with the keys it is given. A failure's `name` is
 * the AWS error code; `answerLost` (or an HTTP `status` of 500 and up) says the call may have been
 * carried out though no answer says so.
 */
export interface RotationCalls {
  createAccessKey(using: AccessKeys): Promise<AccessKeys>;
  /** The user's access keys: ids and creation times, never secrets. */
  listAccessKeys(using: AccessKeys): Promise<Array<{ accessKeyId: string; createdMs?: number | undefined }>>;
  deleteAccessKey(using: AccessKeys, accessKeyId: string): Promise<void>;
  /** Resolves when STS accepts the keys (GetCallerIdentity); rejects with STS's answer otherwise. */
  checkKeys(keys: AccessKeys): Promise<void>;
}

export interface RotateInit {
  profile: string;
  keyring: Keyring;
  /** Opens the keyring afresh, for the read-back check (store-checked.ts). */
  reopen: () => Promise<Keyring>;
  calls: RotationCalls;
  /** Removes the sessions cached from the old key, once it is gone; resolves to how many. */
  forgetSessions: () => Promise<number>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

// IAM is eventually consistent: a new key may be refused for a few seconds after it is made
// (aws-vault waits for it the same way). Doubling from 1 s, nine tries wait about 4 minutes at most.
const CHECK_TRIES = 9;
const FIRST_WAIT_MS = 1_000;
const MAX_WAIT_MS = 60_000;

/**
 * aws-vault's rotate: create, store, check, delete the old, forget its sessions. At every failure
 * the key that works is the one stored, and the message says which key exists where.
 */
export async function rotate(init: RotateInit): Promise<string[]> {
  const { profile, keyring, calls } = init;
  const old = await keyring.get(profile);
  if (!old)
    throw new StsRefreshError(`no keys for '${profile}' in ${keyring.backend}`, `store them first with sts-refresh keys add ${profile}`);
  let created: AccessKeys;
  const started = init.now();
  try {
    created = await calls.createAccessKey(old);
  } catch (error) {
    if (outcomeUnknown(error)) throw await lostCreate(init, old, started, error);
    throw new StsRefreshError(
      `IAM refused a new access key for '${profile}': ${reason(error)}; the old key ${keyIdTail(old.accessKeyId)} is still stored and unchanged`,
      createHint(error),
      { cause: error },
    );
  }
  const fresh = keyIdTail(created.accessKeyId);
  const undo = async (what: string, cause: unknown): Promise<never> => {
    // The new key is no use to anyone if it is not the stored one: take it back out of IAM.
    let left = `deleted the new key ${fresh} again`;
    try {
      await keyring.set(profile, old);
      await calls.deleteAccessKey(old, created.accessKeyId);
    } catch (error) {
      left = `the new key ${created.accessKeyId} still exists in IAM and is stored nowhere (${reason(error)})`;
    }
    throw new StsRefreshError(
      `${what}: ${reason(cause)}; ${left}; the old key ${keyIdTail(old.accessKeyId)} is stored and still works`,
      left.startsWith('deleted')
        ? 'try keys rotate again later'
        : `delete it: aws iam delete-access-key --access-key-id ${created.accessKeyId} --profile ${profile}`,
      { cause },
    );
  };
  try {
    await storeChecked(keyring, profile, created, init.reopen);
  } catch (error) {
    return undo(`could not store the new key ${fresh} in ${keyring.backend}`, error);
  }
  try {
    await retried(() => calls.checkKeys(created), init.sleep);
  } catch (error) {
    return undo(`STS did not accept the new key ${fresh}`, error);
  }
  const lines = [`created ${fresh}, stored it in ${keyring.backend} and checked it with STS`];
  try {
    // With the new key, as aws-vault does: proof that it works, and the old one may be spent already.
    await retried(() => calls.deleteAccessKey(created, old.accessKeyId), init.sleep);
  } catch (error) {
    throw new StsRefreshError(
      `the new key ${fresh} is stored and works, but IAM did not delete the old key ${old.accessKeyId}: ${reason(error)}`,
      `delete it: aws iam delete-access-key --access-key-id ${old.accessKeyId} --profile ${profile}`,
      { cause: error },
    );
  }
  lines.push(`deleted the old key ${keyIdTail(old.accessKeyId)} from IAM`);
  const sessions = await init.forgetSessions();
  lines.push(`removed ${sessions} cached ${sessions === 1 ? 'session' : 'sessions'} made from the old key`);
  return lines;
}

async function retried(call: () => Promise<void>, sleep: (ms: number) => Promise<void>): Promise<void> {
  let wait = FIRST_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= CHECK_TRIES || !mayPass(error)) throw error;
      await sleep(wait);
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    }
  }
}

/** A refusal that IAM's propagation explains; anything else (throttled or not) is worth another try as well, but not a malformed request. */
function mayPass(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name !== 'ValidationError' && name !== 'MalformedQueryString';
}

/**
 * CreateAccessKey's answer never came (a reset connection, a timeout, a server error): IAM may have
 * made a key whose secret nobody received, and which would block the next rotation (two keys at
 * most). IAM's list of the user's keys tells: one made since the rotation started is that orphan.
 */
async function lostCreate(init: RotateInit, old: AccessKeys, startedMs: number, cause: unknown): Promise<StsRefreshError> {
  const { profile, calls } = init;
  const head = `IAM gave no answer to CreateAccessKey for '${profile}' (${reason(cause)}); the old key ${keyIdTail(old.accessKeyId)} is still stored and unchanged`;
  let listed: Awaited<ReturnType<RotationCalls['listAccessKeys']>>;
  try {
    listed = await calls.listAccessKeys(old);
  } catch (error) {
    return new StsRefreshError(
      `${head}, and listing the user's keys failed too (${reason(error)}), so a new key may exist whose secret never arrived`,
      `look with aws iam list-access-keys --profile ${profile}, delete any key other than ${old.accessKeyId} that nobody uses, then rotate again`,
      { cause },
    );
  }
  // IAM's clock and ours may differ by a little; a key made minutes before this rotation is not its orphan.
  const orphans = listed.filter(
    (k) => k.accessKeyId !== old.accessKeyId && (k.createdMs === undefined || k.createdMs >= startedMs - 5 * 60_000),
  );
  if (orphans.length === 0) {
    return new StsRefreshError(`${head}; IAM lists no key made since, so none was`, 'run keys rotate again', { cause });
  }
  const ids = orphans.map((k) => k.accessKeyId);
  return new StsRefreshError(
    `${head}; IAM lists ${ids.join(' and ')}, made just now, whose secret never arrived: it is of no use and counts toward the two keys a user may have`,
    `delete it: ${ids.map((id) => `aws iam delete-access-key --access-key-id ${id} --profile ${profile}`).join('; ')}; then rotate again`,
    { cause },
  );
}

function outcomeUnknown(error: unknown): boolean {
  const { answerLost, status } = error as { answerLost?: unknown; status?: unknown };
  return answerLost === true || (typeof status === 'number' && status >= 500);
}

function createHint(error: unknown): string {
  // IAM's Query API says LimitExceeded; the SDKs' exceptions add the suffix.
  if (['LimitExceeded', 'LimitExceededException'].includes(String((error as { name?: unknown }).name))) {
    return 'an IAM user may have two access keys: delete the one not in use (aws iam list-access-keys), then rotate again';
  }
  return 'the key needs iam:CreateAccessKey on its own user';
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).slice(0, 300);
}
