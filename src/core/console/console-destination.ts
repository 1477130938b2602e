import { UsageError } from '../errors';
import type { ConsolePartition } from './console-partition';

/**
 * The console page to land on: the console's home, a service path (`s3`, `ec2/v2/home`,
 * `cloudwatch/home#alarms`) on the partition's console, or a full console URL of that partition,
 * taken as written. A service path gets the region as `?region=`; a bare service name gets
 * `/home`, which every service console answers.
 */
export function consoleDestination(partition: ConsolePartition, destination: string | undefined, region: string | undefined): string {
  const host = partition.consoleHost;
  if (destination !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(destination)) return fullConsoleUrl(partition, destination);
  // Leading slashes dropped: the path can then only be a path on the console's host.
  const path = (destination ?? 'console').replace(/^\/+/, '');
  if (path === '' || /\s/.test(path)) {
    throw new UsageError(`--destination must be a service such as s3, a console path, or a console URL (got '${destination ?? ''}')`);
  }
  const url = new URL(`https://${host}/${/^[\w-]+$/.test(path) ? `${path}/home` : path}`);
  if (region !== undefined && !url.searchParams.has('region')) url.searchParams.set('region', region);
  return url.href;
}

function fullConsoleUrl(partition: ConsolePartition, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--destination is not a URL: '${text}'`);
  }
  const host = partition.consoleHost;
  if (
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    !(url.hostname === host || url.hostname.endsWith(`.${host}`))
  ) {
    throw new UsageError(
      `--destination must be a console URL of the ${partition.name} partition, https://${host}/... or https://REGION.${host}/... (got '${text}')`,
      'or give a service such as s3',
    );
  }
  return url.href;
}
