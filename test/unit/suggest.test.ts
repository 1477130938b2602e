import { closest, editDistance } from '../../src/core/text/suggest';

const OPTIONS = [
  '--role',
  '--source-profile',
  '--session-name',
  '--duration',
  '--external-id',
  '--region',
  '--endpoint-url',
  '--cache-dir',
  '--no-cache',
];

describe('closest', () => {
  test.each<[string, string | undefined]>([
    ['--source-profil', '--source-profile'],
    ['--sourceprofile', '--source-profile'],
    ['--profile', '--source-profile'],
    ['--prof', undefined],
    ['--rol', '--role'],
    ['--roel', '--role'],
    ['--durration', '--duration'],
    ['--endpoint', '--endpoint-url'],
    ['--cachedir', '--cache-dir'],
    ['--xyz', undefined],
    ['--frobnicate-everything', undefined],
  ])('%p -> %p', (typed, expected) => {
    expect(closest(typed, OPTIONS)).toBe(expected);
  });

  test('commands', () => {
    expect(closest('prnt', ['credential-process', 'print'])).toBe('print');
    expect(closest('credential_process', ['credential-process', 'print'])).toBe('credential-process');
  });
});

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'acb', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%p vs %p = %p', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });
});
