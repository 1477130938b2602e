import { cacheDirFor } from '../cache/cache-location';
import { CLEAR_WAIT_MS, clearUnderLocks, listEntries } from '../cache/cache-listing';
import { formatTable, summarize } from '../core/cache-entry/cache-summary';
import { StsRefreshError, UsageError } from '../core/errors';
import type { Command, CommandIo } from '../cli/command';

export const cacheCommand: Command = {
  name: 'cache',
  usage: `Usage: sts-refresh cache list [--json] [--cache-dir DIR]
       sts-refresh cache clear (--role ARN | --all) [--cache-dir DIR]

list shows each role entry's role, source profile, session name, expiry and time left, then
each MFA session's device, source profile, expiry and time left (never keys).
clear removes entries, each under its lock so a refresh in progress finishes first.
Example:
  sts-refresh cache clear --role arn:aws:iam::123456789012:role/Prod

Options:
  --json                   list as JSON
  --role ARN               clear only the entries for this role; MFA sessions stay, since they
                           serve every role of their source profile (--all removes them)
  --all                    clear every entry, MFA sessions and unreadable files included
  --cache-dir DIR          cache directory (absolute; default: STS_REFRESH_CACHE_DIR, ~/.cache/sts-refresh)`,
  options: { json: { type: 'boolean' }, role: { type: 'string' }, all: { type: 'boolean' }, 'cache-dir': { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const [action, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, 'run sts-refresh cache --help for the options');
    const dir = cacheDirFor(values['cache-dir'] as string | undefined, io.env);
    if (action === 'list') {
      if (values.role !== undefined || values.all) throw new UsageError('--role and --all belong to cache clear');
      const rows = listEntries(dir).map((e) => summarize(e, io.now()));
      io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
      return;
    }
    if (action === 'clear') return clear(dir, values.role as string | undefined, values.all === true, io);
    throw new UsageError(
      action === undefined ? 'cache needs list or clear' : `unknown cache action '${action}'`,
      'run sts-refresh cache list or sts-refresh cache clear --all',
    );
  },
};

async function clear(dir: string, role: string | undefined, all: boolean, io: CommandIo): Promise<void> {
  if ((role === undefined) === !all) throw new UsageError('cache clear needs exactly one of --role ARN or --all');
  const paths = listEntries(dir)
    .filter((e) => all || e.entry?.request.roleArn === role)
    .map((e) => e.path);
  const { removed, locked, failed } = await clearUnderLocks(paths, io.now);
  io.stdout(`removed ${removed.length} ${removed.length === 1 ? 'entry' : 'entries'} from ${dir}\n`);
  if (failed.length) {
    throw new StsRefreshError(`could not remove ${failed.join(', ')}`, 'remove them by hand');
  }
  if (locked.length) {
    throw new StsRefreshError(
      `${locked.length} entries stayed locked by another sts-refresh for ${CLEAR_WAIT_MS / 1000} s: ${locked.join(', ')}`,
      'run cache clear again in a moment',
    );
  }
}
