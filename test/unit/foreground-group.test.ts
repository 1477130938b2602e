import { parseProcStat, terminalSignalReachedCommand } from '../../src/server/foreground-group';

describe('parseProcStat', () => {
  test.each([
    ['4242 (node) S 4200 4242 4100 34816 4242 4194304 0 0', { pgrp: 4242, tpgid: 4242 }],
    // A command name with spaces and parentheses of its own.
    ['77 (my (odd) cmd) R 1 70 70 0 -1 4194560', { pgrp: 70, tpgid: -1 }],
  ])('%p', (line, expected) => {
    expect(parseProcStat(line)).toEqual(expected);
  });

  test('a line it cannot read', () => {
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('terminalSignalReachedCommand', () => {
  test.each([
    ['exec and the command in the foreground group', { pgrp: 10, tpgid: 10 }, { pgrp: 10, tpgid: 10 }, true],
    ['exec in the background (a job sent there with &)', { pgrp: 10, tpgid: 20 }, { pgrp: 10, tpgid: 20 }, false],
    ['no terminal (a CI runner, a service)', { pgrp: 10, tpgid: -1 }, { pgrp: 10, tpgid: -1 }, false],
    ['the command moved to a group of its own', { pgrp: 10, tpgid: 10 }, { pgrp: 30, tpgid: 10 }, false],
  ])('%s: %p', (_what, exec, command, expected) => {
    expect(terminalSignalReachedCommand(exec, command)).toBe(expected);
  });
});
