// The direction of imports in src/, checked by `npm run lint` (dependency-cruiser). Dependencies
// point down: the entries and commands, then the providers and the request, then the rooms that
// do IO (aws, cache, config, console, doctor, files, keys, mfa, prompt, server), then the pure core.
// Every import counts, dynamic and type-only ones included (tsPreCompilationDeps).
const ENTRY = '^src/(bin|cache-hit|cli)\\.ts$|^src/cli/';
const COMMANDS = '^src/commands/';
const UPPER = '^src/(providers|request)/';
const ROOMS = '^src/(aws|cache|config|console|doctor|files|keys|mfa|prompt|server)/';
const CORE = '^src/core/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle, even through a dynamic or type-only import, bundles a module into two layers or hides an order of initialisation.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core/ is pure: it takes time, files, environment and STS as arguments, and imports only itself and its libraries.',
      from: { path: CORE },
      to: { path: '^src/', pathNot: CORE },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'src/core/ reads no file, environment or network of its own.',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|https|os|tty|dgram|dns)$' },
    },
    {
      name: 'rooms-below-providers',
      severity: 'error',
      comment:
        'The rooms are used by the providers and commands, never the other way: they receive what they need (an obtain function, a loader) from above.',
      from: { path: ROOMS },
      to: { path: `${ENTRY}|${COMMANDS}|${UPPER}` },
    },
    {
      name: 'upper-below-commands',
      severity: 'error',
      comment: 'The providers and the request are what commands call; they do not know the commands or the entries.',
      from: { path: UPPER },
      to: { path: `${ENTRY}|${COMMANDS}` },
    },
    {
      name: 'commands-are-leaves-of-the-cli',
      severity: 'error',
      comment: 'A command is reached from the command table only; commands do not import one another, but for the layer barrels and print.',
      from: { path: COMMANDS, pathNot: '^src/commands/(cold|print)\\.ts$' },
      to: { path: COMMANDS, pathNot: '^src/commands/print-summary\\.ts$' },
    },
    {
      name: 'entries-not-imported',
      severity: 'error',
      comment: 'Nothing imports the entries: bin.ts is the hit layer, cli.ts the CLI layer.',
      from: { pathNot: '^src/bin\\.ts$' },
      to: { path: '^src/(bin|cli)\\.ts$' },
    },
    {
      name: 'sdk-only-in-aws',
      severity: 'error',
      comment: 'The AWS SDK is loaded in the SDK layer only (src/aws/); elsewhere its types at most.',
      from: { path: '^src/', pathNot: '^src/aws/' },
      to: { path: 'node_modules/@(aws-sdk|smithy)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'aws-takes-leaves-only',
      severity: 'error',
      comment: "The SDK layer's adapters take only the pure core and the leaf modules below them, so the layer stays one job.",
      from: { path: '^src/aws/' },
      to: { path: '^src/', pathNot: `^src/aws/|${CORE}|^src/mfa/code-attempts\\.ts$`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'hit-path-stays-light',
      severity: 'error',
      comment:
        "A cache hit (src/cache-hit.ts) loads Node built-ins, the cache store, the request's machine defaults and the pure core only: no zod, no SDK, no command.",
      from: { path: '^src/(bin|cache-hit)\\.ts$' },
      to: {
        path: `${COMMANDS}|${UPPER}|^src/(aws|server|keys|doctor|config|console|mfa|prompt)/|node_modules/(zod|@aws-sdk|@smithy)/`,
        pathNot: '^src/request/request-defaults\\.ts$',
        dependencyTypesNot: ['type-only', 'dynamic-import'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
