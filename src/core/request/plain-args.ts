import { hasControlChars } from '../text/control-chars';

type OptionTypes = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/**
 * The string options of a plain command line (`--role ARN --duration 1h`, `--role=ARN`), parsed
 * exactly as util.parseArgs parses them in strict mode (a property test holds it to that), or
 * undefined for anything else: flags, short options, positionals, a value that looks like an
 * option or holds a control character. Only the cache-hit path uses it, and it hands anything
 * undefined to the full CLI, which parses with util.parseArgs and explains. It exists because loading util.parseArgs costs a hit
 * ~0.5 ms, and a hit's command line is almost always this plain.
 */
export function plainStringOptions(argv: readonly string[], options: OptionTypes): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') return undefined;
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!Object.hasOwn(options, name) || options[name]?.type !== 'string') return undefined;
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    // parseArgs refuses `--role --duration` as ambiguous; the full path says so.
    if (value === undefined || (equals === -1 && value.startsWith('-'))) return undefined;
    // cli.ts refuses these with exit 2; a hit must not answer where the full path would refuse.
    if (hasControlChars(value)) return undefined;
    values[name] = value;
  }
  return values;
}
