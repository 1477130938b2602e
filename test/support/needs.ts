// What a test needs from the machine (a tool, root, a Debian package). Where it is missing the
// test is skipped, and its title says why, so the summary reporter (skip-summary-reporter.cjs) can
// list every reason in one line at the end of the run. Under STS_REFRESH_E2E=required, which CI
// sets, a missing need is a failing test instead: a broken toolchain cannot pass as a quiet skip.

const required = () => process.env.STS_REFRESH_E2E === 'required';

/** The marker the summary reporter looks for in a skipped test's or block's title. */
export const skippedBecause = (missing: string) => `(skipped: ${missing})`;

type TestFn = (name: string, fn: jest.ProvidesCallback, timeout?: number) => void;
type DescribeFn = (name: string, fn: () => void) => void;

/**
 * `test`, when nothing is missing; else a skipped test whose title gives the reason, or under
 * STS_REFRESH_E2E=required a failing one. `missing` says what is missing, e.g. "fish is not installed".
 */
export function testIf(missing: string | undefined): TestFn {
  if (missing === undefined) return test;
  if (required()) return (name) => test(name, () => failBecause(missing));
  return (name, fn, timeout) => test.skip(`${name} ${skippedBecause(missing)}`, fn, timeout);
}

/** `describe` likewise: a skipped block, or one failing test in its place. */
export function describeIf(missing: string | undefined): DescribeFn {
  if (missing === undefined) return describe;
  if (required()) return (name) => describe(name, () => test(`needs what is missing: ${missing}`, () => failBecause(missing)));
  return (name, fn) => describe.skip(`${name} ${skippedBecause(missing)}`, fn);
}

function failBecause(missing: string): never {
  throw new Error(`${missing}; STS_REFRESH_E2E=required makes this a failure (.ci/run installs what the suite needs)`);
}

/**
 * Why a test that needs root cannot run here, or undefined as root. Making "another user's" file
 * takes chown, which only root may do; CI runs as root, so there these tests must run.
 */
export function notRoot(): string | undefined {
  return process.getuid?.() === 0 ? undefined : 'not root, so no file of another user can be made';
}
