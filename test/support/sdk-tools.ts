import { execFileSync } from 'node:child_process';
import { realExecutable, which } from './tool-path';

/** python3 past any version manager's shim, when it has boto3. */
export function boto3Python(): string | undefined {
  if (!which('python3')) return undefined;
  const python = realExecutable('python3');
  try {
    execFileSync(python, ['-c', 'import boto3']);
    return python;
  } catch {
    return undefined;
  }
}

/** The AWS CLI past any version manager's shim, when it is installed. */
export function awsCli(): string | undefined {
  return which('aws') ? realExecutable('aws') : undefined;
}

/** The JS SDK's STS client as a child script requires it (this repository's copy). */
export const JS_SDK_STS = require.resolve('@aws-sdk/client-sts');
