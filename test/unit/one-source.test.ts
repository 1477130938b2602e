// "One fact, one place": the AWS file paths are worked out in config/aws-paths.ts and the STS
// endpoint and region in core/sts/sts-endpoint.ts, and nowhere else. A second copy is how `~` in
// AWS_CONFIG_FILE and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS were each forgotten once.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The code without its comments, so a comment that names a variable does not count as reading it. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * Where `name` is read: a property (`env.NAME`, not an assignment to it), an index (`env['NAME']`),
 * a string literal that is the name alone (`envValue(env, 'NAME')`, a list of names), or the name
 * built in a template (`AWS_ENDPOINT_URL_${service}`). A message that mentions it among other words is not a read.
 */
function reads(text: string, name: string): boolean {
  const patterns = [new RegExp(`\\.\\s*${name}\\b(?!\\s*=[^=])`), new RegExp(`['"\`]${name}['"\`]`), new RegExp(`\`${name}\\$\\{`)];
  return patterns.some((p) => p.test(text));
}

function readersOf(names: readonly string[]): Record<string, string[]> {
  const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: code(path) }));
  return Object.fromEntries(names.map((name) => [name, files.filter((f) => reads(f.text, name)).map((f) => f.path)]));
}

describe('each setting is read in one module', () => {
  test('the AWS file paths: only config/aws-paths.ts reads AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
    expect(readersOf(['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'])).toEqual({
      AWS_CONFIG_FILE: ['config/aws-paths.ts'],
      AWS_SHARED_CREDENTIALS_FILE: ['config/aws-paths.ts'],
    });
  });

  test('the STS endpoint and region: only core/sts/sts-endpoint.ts reads the endpoint and region variables', () => {
    const names = [
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ENDPOINT_URL_IAM',
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
    ];
    const expected = Object.fromEntries(names.map((name) => [name, ['core/sts/sts-endpoint.ts']]));
    const found = readersOf(names);
    expect(found).toEqual(expected);
  });

  test('the detector finds a read in each form it knows, and not a mention in a message', () => {
    expect(reads("const a = env.AWS_REGION ?? 'x';", 'AWS_REGION')).toBe(true);
    expect(reads("const a = process.env['AWS_REGION'];", 'AWS_REGION')).toBe(true);
    expect(reads("for (const n of ['AWS_REGION', 'B']) read(n);", 'AWS_REGION')).toBe(true);
    expect(reads('const n = `AWS_ENDPOINT_URL_${service}`;', 'AWS_ENDPOINT_URL_')).toBe(true);
    expect(reads('env.AWS_CONFIG_FILE = copy;', 'AWS_CONFIG_FILE')).toBe(false);
    expect(reads("hint: 'check --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL'", 'AWS_ENDPOINT_URL_STS')).toBe(false);
  });
});
