/** The options shared by every command that obtains credentials, in util.parseArgs form. */
export const REQUEST_OPTIONS = {
  role: { type: 'string' },
  'source-profile': { type: 'string' },
  'session-name': { type: 'string' },
  duration: { type: 'string' },
  'external-id': { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'refresh-window': { type: 'string' },
  timeout: { type: 'string' },
  'mfa-serial': { type: 'string' },
  'mfa-command': { type: 'string' },
  'mfa-duration': { type: 'string' },
} as const;
