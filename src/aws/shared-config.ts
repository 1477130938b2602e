import { CONFIG_PREFIX_SEPARATOR, getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/**
 * The SDK's own INI loader, handed to the commands that read the AWS files from the SDK layer: it
 * brings most of @smithy/core with it, which the CLI layer would otherwise compile on every miss.
 */
export const sharedConfig = { loadSharedConfigFiles, getHomeDir, nestedSeparator: CONFIG_PREFIX_SEPARATOR };
