import { isOwnLine, isServeLine, ownArgs } from '../../src/core/profile/own-line';
import { splitCommandLine } from '../../src/core/shell/shell-words';

describe('isOwnLine: the program the AWS CLI runs is sts-refresh itself', () => {
  test.each<[string, boolean]>([
    ['sts-refresh --role arn', true],
    ['/usr/local/bin/sts-refresh --role arn', true],
    ['/opt/app/dist/sts-refresh.js --role arn', true],
    ["node '/opt/my tools/sts-refresh.js' --role arn", true],
    ['/usr/bin/node /usr/local/bin/sts-refresh --role arn', true],
    ["'C:\\Program Files\\nodejs\\node.exe' 'C:\\tools\\sts-refresh.js' --role arn", true],
    ['sts-refresh.exe --role arn', true],
    ["'C:\\Tools\\STS-REFRESH.EXE' --role arn", true],
    ['/opt/bin/sts-refresh-linux-x64 --role arn', true],
    ['/opt/bin/sts-refresh-darwin-arm64 --role arn', true],
    ["'C:\\bin\\sts-refresh-win-x64.exe' --role arn", true],
    // The AWS CLI runs curl, env or a shell here, whatever the words after it say.
    ['/usr/bin/curl sts-refresh --role arn', false],
    ['env sts-refresh --role arn', false],
    ['sh -c "sts-refresh --role arn"', false],
    ['node --inspect sts-refresh.js --role arn', false],
    ['node other.js sts-refresh --role arn', false],
    ['sts-refresh.sh --role arn', false],
    ['my-sts-refresh --role arn', false],
    ['aws-vault export --format=json prod', false],
    ["sts-refresh --role 'arn", false],
    ['', false],
  ])('%s -> %p', (line, expected) => {
    expect(isOwnLine(line, 'linux')).toBe(expected);
  });

  test('the words after the program are its arguments', () => {
    expect(ownArgs(splitCommandLine('node /x/sts-refresh.js keys serve dev', 'linux') ?? [])).toEqual(['keys', 'serve', 'dev']);
    expect(ownArgs(['sts-refresh'])).toEqual([]);
  });
});

describe('isServeLine', () => {
  test.each<[string, boolean]>([
    ['/bin/sts-refresh keys serve dev --backend file', true],
    ["node '/a b/sts-refresh.js' keys serve dev", true],
    ['/bin/sts-refresh keys list', false],
    ['/bin/sts-refresh --role arn', false],
    ['/usr/bin/curl sts-refresh keys serve dev', false],
    ['/bin/vault-helper keys serve dev', false],
  ])('%s -> %p', (line, expected) => {
    expect(isServeLine(line, 'linux')).toBe(expected);
  });
});
