import type { CheckResult } from '../check';

export interface AwsCliFacts {
  /** Absolute path of `aws` on PATH, or undefined. */
  path?: string;
  /** What `aws --version` printed (either stream), or undefined when it could not be run. */
  versionOutput?: string;
  error?: string;
}

const INSTALL = 'install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';
// credential_process arrived in AWS CLI 1.16.36; older ones ignore the line and fail to find credentials.
const MIN_V1: [number, number, number] = [1, 16, 36];

export function checkAwsCli(facts: AwsCliFacts): CheckResult {
  const base = { id: 'aws-cli', title: 'AWS CLI' };
  if (!facts.path) return { ...base, status: 'warn', saw: 'no `aws` on PATH', fix: INSTALL };
  const match = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(facts.versionOutput ?? '');
  if (!match) {
    const why = facts.error ?? `unrecognised output '${(facts.versionOutput ?? '').trim().slice(0, 80)}'`;
    return { ...base, status: 'warn', saw: `${facts.path}: \`aws --version\` failed (${why})`, fix: INSTALL };
  }
  const version = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  const text = `aws-cli/${version.join('.')} at ${facts.path}`;
  if (version[0] >= 2) return { ...base, status: 'ok', saw: `${text} (v2)` };
  if (compare(version, MIN_V1) < 0) {
    return { ...base, status: 'warn', saw: `${text} (v1, older than 1.16.36, which cannot run credential_process)`, fix: INSTALL };
  }
  return { ...base, status: 'warn', saw: `${text} (v1, in maintenance mode)`, fix: INSTALL };
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
