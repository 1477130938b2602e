import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import fc from 'fast-check';
import { commandLineForIni, readsAlike } from '../../src/config/ini-value';
import { splitCommandLine } from '../../src/core/shell/shell-words';

/** credential_process of [profile p] as the JS SDK's own loader reads it from `text`. */
async function sdkReads(text: string): Promise<string | undefined> {
  const path = `/virtual/${Math.random()}`;
  externalDataInterceptor.interceptFile(`${path}/config`, text);
  externalDataInterceptor.interceptFile(`${path}/credentials`, '');
  const { configFile } = await loadSharedConfigFiles({ configFilepath: `${path}/config`, filepath: `${path}/credentials` });
  return configFile.p?.credential_process;
}

describe('readsAlike', () => {
  test.each([
    ['credential_process = a b', true],
    ["credential_process = 'a '';b'", true],
    ['credential_process = a;b#c', true],
    ['credential_process = a ;b', false],
    ['credential_process = a\t#b', false],
    ['credential_process = a\u00a0#b', false],
    ['[profile #x]', false],
    ['# a comment', false],
    ['credential_process = a\rb', false],
  ])('%j: %p', (line, alike) => expect(readsAlike(line)).toBe(alike));
});

describe('commandLineForIni', () => {
  test.each([
    [['/bin/sts-refresh', '--mfa-command', 'printf 123456 ;# code']],
    [['/opt/my tools/sts-refresh', '--cache-dir', '/tmp/a #b']],
    [['/bin/x', '#start', ';start', "it's ;here", 'tab\u00a0#nbsp']],
  ])('%j: the SDK reads the whole line and shlex splits it back into the words', async (words) => {
    const line = commandLineForIni(words);
    expect(readsAlike(`credential_process = ${line}`)).toBe(true);
    expect(await sdkReads(`[profile p]\ncredential_process = ${line}\n`)).toBe(line);
    expect(splitCommandLine(line, 'linux')).toEqual(words);
  });

  test('any words: one line both readers take whole, split back into the same words', async () => {
    const word = fc
      .array(fc.constantFrom('a', ' ', ';', '#', "'", '"', '\\', '$', '\u00a0', '\u3000', '=', '/'), { maxLength: 8 })
      .map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 4 }), async (words) => {
        const line = commandLineForIni(['/bin/sts-refresh', ...words]);
        expect(readsAlike(`credential_process = ${line}`)).toBe(true);
        expect(await sdkReads(`[profile p]\ncredential_process = ${line}\n`)).toBe(line);
        expect(splitCommandLine(line, 'linux')).toEqual(['/bin/sts-refresh', ...words]);
      }),
      { numRuns: 500 },
    );
  });
});
