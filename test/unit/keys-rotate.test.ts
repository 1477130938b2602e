import type { AccessKeys } from '../../src/keys/access-keys';
import type { Keyring } from '../../src/keys/backends/keyring';
import { rotate, type RotationCalls } from '../../src/keys/rotate';

const OLD: AccessKeys = { accessKeyId: 'AKIAOLD0000000000001', secretAccessKey: 'old-secret-0000000000000000000' };
const NEW: AccessKeys = { accessKeyId: 'AKIANEW0000000000002', secretAccessKey: 'new-secret-0000000000000000000' };

/** An in-memory keyring that can be told to fail its next write. */
function memoryKeyring(initial: Record<string, AccessKeys> = { user1: OLD }) {
  const items = new Map(Object.entries(initial));
  const keyring = {
    backend: 'file' as const,
    failWrites: 0,
    items,
    async get(profile: string) {
      return items.get(profile);
    },
    async set(profile: string, keys: AccessKeys) {
      if (keyring.failWrites > 0) {
        keyring.failWrites--;
        throw new Error('keyring is read-only');
      }
      items.set(profile, keys);
    },
    async remove(profile: string) {
      return items.delete(profile);
    },
    async list() {
      return [...items.keys()];
    },
    async unlock() {},
    close() {},
  } satisfies Keyring & Record<string, unknown>;
  return keyring;
}

/** IAM as a set of live key ids, STS accepting a key after `checkFailures` refusals. */
const NOW = Date.parse('2026-06-01T12:00:00Z');

function fakeAws(
  opts: {
    checkFailures?: number;
    deleteFailures?: number;
    createError?: Error;
    listed?: Array<{ accessKeyId: string; createdMs?: number }> | Error;
  } = {},
) {
  const live = new Set([OLD.accessKeyId]);
  const log: string[] = [];
  let checkFailures = opts.checkFailures ?? 0;
  let deleteFailures = opts.deleteFailures ?? 0;
  const calls: RotationCalls = {
    async createAccessKey(using) {
      log.push(`create with ${using.accessKeyId}`);
      if (opts.createError) throw opts.createError;
      live.add(NEW.accessKeyId);
      return NEW;
    },
    async listAccessKeys(using) {
      log.push(`list with ${using.accessKeyId}`);
      if (opts.listed instanceof Error) throw opts.listed;
      return opts.listed ?? [...live].map((accessKeyId) => ({ accessKeyId }));
    },
    async deleteAccessKey(using, id) {
      log.push(`delete ${id} with ${using.accessKeyId}`);
      if (deleteFailures-- > 0)
        throw Object.assign(new Error('The security token included in the request is invalid'), { name: 'InvalidClientTokenId' });
      live.delete(id);
    },
    async checkKeys(keys) {
      log.push(`check ${keys.accessKeyId}`);
      if (checkFailures-- > 0)
        throw Object.assign(new Error('The security token included in the request is invalid'), { name: 'InvalidClientTokenId' });
    },
  };
  return { calls, live, log };
}

type Failure = Error & { hint?: string };

/** The error a rotation rejected with; a rotation that succeeded fails the test. */
async function failure(result: Promise<string[]>): Promise<Failure> {
  return result.then(
    (lines) => {
      throw new Error(`rotate succeeded: ${lines.join('; ')}`);
    },
    (error: unknown) => error as Failure,
  );
}

function run(keyring: ReturnType<typeof memoryKeyring>, aws: ReturnType<typeof fakeAws>, sleeps: number[] = []) {
  let forgotten = 0;
  const result = rotate({
    profile: 'user1',
    keyring,
    // The same items, as a keyring opened afresh would see them.
    reopen: async () => keyring,
    calls: aws.calls,
    forgetSessions: async () => (forgotten += 2),
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
  });
  return { result, forgotten: () => forgotten };
}

describe('keys rotate', () => {
  test('creates with the old key, stores, checks, deletes the old with the new, then forgets the old sessions', async () => {
    const keyring = memoryKeyring();
    const aws = fakeAws();
    const r = run(keyring, aws);
    expect(await r.result).toEqual([
      'created ****0002, stored it in file and checked it with STS',
      'deleted the old key ****0001 from IAM',
      'removed 2 cached sessions made from the old key',
    ]);
    expect(aws.log).toEqual([
      `create with ${OLD.accessKeyId}`,
      `check ${NEW.accessKeyId}`,
      `delete ${OLD.accessKeyId} with ${NEW.accessKeyId}`,
    ]);
    expect(keyring.items.get('user1')).toEqual(NEW);
    expect([...aws.live]).toEqual([NEW.accessKeyId]);
    expect(r.forgotten()).toBe(2);
  });

  test('a new key that STS refuses at first is waited for, doubling, a bounded number of times', async () => {
    const sleeps: number[] = [];
    const aws = fakeAws({ checkFailures: 3 });
    await run(memoryKeyring(), aws, sleeps).result;
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  test('a new key STS never accepts: the old key is stored again, the new one deleted, and the message says so', async () => {
    const keyring = memoryKeyring();
    const sleeps: number[] = [];
    const aws = fakeAws({ checkFailures: 100 });
    await expect(run(keyring, aws, sleeps).result).rejects.toThrow(
      /^STS did not accept the new key \*\*\*\*0002: The security token .*; deleted the new key \*\*\*\*0002 again; the old key \*\*\*\*0001 is stored and still works$/,
    );
    expect(sleeps).toHaveLength(8);
    expect(keyring.items.get('user1')).toEqual(OLD);
    expect([...aws.live]).toEqual([OLD.accessKeyId]);
  });

  test('a keyring that cannot store the new key: the new key is deleted from IAM, the old stays stored', async () => {
    const keyring = memoryKeyring();
    keyring.failWrites = 1;
    const aws = fakeAws();
    await expect(run(keyring, aws).result).rejects.toThrow(
      /^could not store the new key \*\*\*\*0002 in file: keyring is read-only; deleted the new key/,
    );
    expect(keyring.items.get('user1')).toEqual(OLD);
    expect([...aws.live]).toEqual([OLD.accessKeyId]);
  });

  test('when even the undo fails, the message names the orphaned new key and how to delete it', async () => {
    const keyring = memoryKeyring();
    keyring.failWrites = 1;
    const aws = fakeAws({ deleteFailures: 1 });
    const error = await failure(run(keyring, aws).result);
    expect(error.message).toMatch(/the new key AKIANEW0000000000002 still exists in IAM and is stored nowhere/);
    expect(error.hint).toBe('delete it: aws iam delete-access-key --access-key-id AKIANEW0000000000002 --profile user1');
    expect(keyring.items.get('user1')).toEqual(OLD);
  });

  test('IAM refusing to delete the old key: the new key stays stored, and the message names the old key to delete', async () => {
    const keyring = memoryKeyring();
    const aws = fakeAws({ deleteFailures: 100 });
    const r = run(keyring, aws);
    const error = await failure(r.result);
    expect(error.message).toMatch(/^the new key \*\*\*\*0002 is stored and works, but IAM did not delete the old key AKIAOLD0000000000001/);
    expect(error.hint).toMatch(/aws iam delete-access-key --access-key-id AKIAOLD0000000000001 --profile user1/);
    expect(keyring.items.get('user1')).toEqual(NEW);
    expect(r.forgotten()).toBe(0);
  });

  test('IAM refusing a new key (two keys already): nothing changes, and the hint says what to delete', async () => {
    const keyring = memoryKeyring();
    const aws = fakeAws({
      createError: Object.assign(new Error('Cannot exceed quota for AccessKeysPerUser: 2'), { name: 'LimitExceededException' }),
    });
    const error = await failure(run(keyring, aws).result);
    expect(error.message).toMatch(
      /IAM refused a new access key for 'user1': Cannot exceed quota .*; the old key \*\*\*\*0001 is still stored and unchanged$/,
    );
    expect(error.hint).toMatch(/an IAM user may have two access keys/);
    expect(keyring.items.get('user1')).toEqual(OLD);
  });

  test("IAM's own code for two keys already, LimitExceeded, gets the hint too", async () => {
    const aws = fakeAws({
      createError: Object.assign(new Error('Cannot exceed quota for AccessKeysPerUser: 2'), { name: 'LimitExceeded', status: 409 }),
    });
    expect((await failure(run(memoryKeyring(), aws).result)).hint).toMatch(
      /an IAM user may have two access keys: delete the one not in use/,
    );
  });

  describe("CreateAccessKey's answer lost", () => {
    const lost = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', answerLost: true });
    test('IAM lists a key made just now: it is named, with the command that deletes it, and nothing else changes', async () => {
      const keyring = memoryKeyring();
      const aws = fakeAws({
        createError: lost,
        listed: [
          { accessKeyId: OLD.accessKeyId, createdMs: NOW - 400 * 86_400_000 },
          { accessKeyId: 'AKIAORPHAN0000000003', createdMs: NOW + 1_000 },
        ],
      });
      const error = await failure(run(keyring, aws).result);
      expect(error.message).toBe(
        "IAM gave no answer to CreateAccessKey for 'user1' (socket hang up); the old key ****0001 is still stored and unchanged; IAM lists AKIAORPHAN0000000003, made just now, whose secret never arrived: it is of no use and counts toward the two keys a user may have",
      );
      expect(error.hint).toBe(
        'delete it: aws iam delete-access-key --access-key-id AKIAORPHAN0000000003 --profile user1; then rotate again',
      );
      expect(keyring.items.get('user1')).toEqual(OLD);
      expect(aws.log).toEqual([`create with ${OLD.accessKeyId}`, `list with ${OLD.accessKeyId}`]);
    });

    test('IAM lists only keys older than the rotation: none was made', async () => {
      const aws = fakeAws({
        createError: lost,
        listed: [{ accessKeyId: OLD.accessKeyId }, { accessKeyId: 'AKIASECOND0000000004', createdMs: NOW - 86_400_000 }],
      });
      const error = await failure(run(memoryKeyring(), aws).result);
      expect(error.message).toMatch(/; IAM lists no key made since, so none was$/);
      expect(error.hint).toBe('run keys rotate again');
    });

    test('a server error counts as lost too; and when the list fails, the message says what to look at', async () => {
      const aws = fakeAws({
        createError: Object.assign(new Error('internal'), { name: 'ServiceFailure', status: 500 }),
        listed: new Error('network down'),
      });
      const error = await failure(run(memoryKeyring(), aws).result);
      expect(error.message).toMatch(
        /listing the user's keys failed too \(network down\), so a new key may exist whose secret never arrived$/,
      );
      expect(error.hint).toMatch(/^look with aws iam list-access-keys --profile user1, delete any key other than AKIAOLD0000000000001/);
    });
  });

  test('no keys stored: nothing is called', async () => {
    const aws = fakeAws();
    await expect(run(memoryKeyring({}), aws).result).rejects.toThrow(/no keys for 'user1' in file/);
    expect(aws.log).toEqual([]);
  });

  test('no secret in any message', async () => {
    for (const opts of [{ checkFailures: 100 }, { deleteFailures: 100 }]) {
      const error = await failure(run(memoryKeyring(), fakeAws(opts)).result);
      expect(`${error.message} ${error.hint}`).not.toMatch(/secret-0000/);
    }
  });
});
