import { UsageError } from '../errors';

/** Where a partition's console lives: its federation endpoint and the console's own host. */
export interface ConsolePartition {
  name: string;
  /** AWS's "custom identity broker" endpoint: getSigninToken, then Action=login, on the same host. */
  federationUrl: string;
  consoleHost: string;
}

// The non-regional hosts: the ones AWS's custom identity broker documentation shows (aws-cn from
// docs.amazonaws.cn, aws-us-gov from the GovCloud sign-in page). Regional sign-in hosts exist, but
// nothing documents whether a token from one is taken by another, so one host serves both calls.
const PARTITIONS: Readonly<Record<string, ConsolePartition>> = {
  aws: { name: 'aws', federationUrl: 'https://signin.aws.amazon.com/federation', consoleHost: 'console.aws.amazon.com' },
  'aws-cn': { name: 'aws-cn', federationUrl: 'https://signin.amazonaws.cn/federation', consoleHost: 'console.amazonaws.cn' },
  'aws-us-gov': {
    name: 'aws-us-gov',
    federationUrl: 'https://signin.amazonaws-us-gov.com/federation',
    consoleHost: 'console.amazonaws-us-gov.com',
  },
};

/** The partition of a role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME), if it has a console we know. */
export function consolePartition(roleArn: string): ConsolePartition {
  const name = roleArn.split(':')[1] ?? '';
  const partition = PARTITIONS[name];
  if (partition === undefined) {
    throw new UsageError(
      `no console sign-in is known for partition '${name}' of ${roleArn}`,
      `console supports the ${Object.keys(PARTITIONS).join(', ')} partitions`,
    );
  }
  return partition;
}

/** A region's partition by its name, as the SDKs' partition table matches it. */
function regionPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Whether `region` is a region name of `partition`'s. */
export function inPartition(region: string, partition: ConsolePartition): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) && regionPartition(region) === partition.name;
}

/** --region: a region name the console can open in, and in the role's partition. */
export function checkConsoleRegion(region: string, partition: ConsolePartition): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw new UsageError(`--region must be a region name such as eu-west-1 (got '${region}')`);
  }
  const own = regionPartition(region);
  if (own !== partition.name) {
    throw new UsageError(
      `region ${region} is in partition ${own}, but the role is in ${partition.name}`,
      "name a region of the role's partition",
    );
  }
  return region;
}
