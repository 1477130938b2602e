import { StsRefreshError } from '../core/errors';
import { keptText } from '../core/text/kept-bytes';
import { readRegularFile } from '../files/regular-file';
import { AWS_FILE_VARIABLES, type AwsPaths } from './aws-paths';
import { fileError } from './file-error';

/** The two files' paths, as config/aws-paths.ts answers them. */
export type AwsFileNames = Pick<AwsPaths, 'configFile' | 'credentialsFile'>;

/** Both files' paths and text ('' for a file that does not exist), as every reader of them gets them. */
export interface AwsFiles extends AwsFileNames {
  config: string;
  credentials: string;
}

// The largest config files seen (thousands of SSO profiles, generated) are a few megabytes; a file
// past this is something else, and reading it whole would only fill memory.
export const MAX_AWS_FILE_BYTES = 16 * 1024 * 1024;

/**
 * One file's bytes, or none when it does not exist: the one read of the config and credentials
 * files. It opens them safely (files/regular-file.ts): a FIFO, socket or device there is refused at
 * once rather than waited on, so no command hangs on a planted file, and neither does the AWS CLI
 * running us. Every message names the file and the variable that points at it.
 */
export function readAwsFileBytes(file: string, which: 'config' | 'credentials'): Buffer {
  const variable = AWS_FILE_VARIABLES[which];
  const read = readRegularFile(file, MAX_AWS_FILE_BYTES);
  if (read.ok) return read.bytes;
  switch (read.kind) {
    case 'missing':
      return Buffer.alloc(0);
    case 'not-a-file':
      return refuse(`${file} is ${read.what}, not a regular file, so it is not read`, `point ${variable} at a regular file`);
    case 'too-large':
      return refuse(`${file} is larger than ${read.maxBytes / 1024 / 1024} MiB, which no AWS ${which} file is`, `check ${variable}`);
    case 'unreadable':
      throw fileError('read', file, read.error);
  }
}

/**
 * Both files as text, for the commands that read them (doctor, print and env with --profile, exec,
 * a source profile on a miss), which hand the text to the SDK's own parser (aws/shared-config.ts).
 * Text that is not UTF-8 is refused in one line, as the AWS CLI refuses it, rather than read with
 * its bytes replaced; an edit (edit-aws-files.ts) keeps such bytes instead.
 */
export function readAwsFiles(names: AwsFileNames): AwsFiles {
  return {
    ...names,
    config: utf8(readAwsFileBytes(names.configFile, 'config'), names.configFile),
    credentials: utf8(readAwsFileBytes(names.credentialsFile, 'credentials'), names.credentialsFile),
  };
}

function utf8(bytes: Buffer, file: string): string {
  const { text, firstEscaped } = keptText(bytes);
  if (firstEscaped === undefined) return text;
  const byte = (bytes[firstEscaped] ?? 0).toString(16).padStart(2, '0');
  return refuse(
    `${file} is not UTF-8 text (byte ${firstEscaped + 1} is 0x${byte}), and the AWS CLI refuses it too`,
    `convert it to UTF-8 (iconv -f latin1 -t utf-8 ${file} > ${file}.utf8, then move that into place)`,
  );
}

function refuse(message: string, hint: string): never {
  throw new StsRefreshError(message, hint);
}
