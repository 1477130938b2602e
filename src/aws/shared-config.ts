import { CONFIG_PREFIX_SEPARATOR, externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData } from '@smithy/types';
import type { AwsFiles } from '../config/read-aws-files';

/** Both files as the SDK parses them: config sections by profile name, credentials sections as written. */
export interface ParsedAwsFiles {
  configFile: ParsedIniData;
  credentialsFile: ParsedIniData;
}

/**
 * Hands the text that config/read-aws-files.ts read to the SDK's loader, so that the SDK's reads of
 * either file (fromIni, and the fromProcess it reaches) parse that text instead of opening the file
 * themselves: the SDK reads with fs.readFile, which a FIFO would hold for ever, and decodes bytes it
 * cannot read into U+FFFD. Called before each SDK read, as exec renews for hours and each renewal
 * must see the files as they are then. (fromSSO is not handed the paths and asks for the SDK's
 * default ones, which are these whenever AWS_CONFIG_FILE is absolute or starts with ~/ on POSIX.)
 */
export function handToSdk(files: AwsFiles): void {
  externalDataInterceptor.interceptFile(files.configFile, files.config);
  externalDataInterceptor.interceptFile(files.credentialsFile, files.credentials);
}

/** The SDK's own parse of the texts read (section names, `profile ` prefixes, nested keys as `s3.key`). */
export async function parseAwsFiles(files: AwsFiles): Promise<ParsedAwsFiles> {
  handToSdk(files);
  return loadSharedConfigFiles({ configFilepath: files.configFile, filepath: files.credentialsFile, ignoreCache: true });
}

/** The separator of nested keys in the parse (`s3.max_concurrent_requests`). */
export const nestedSeparator = CONFIG_PREFIX_SEPARATOR;
