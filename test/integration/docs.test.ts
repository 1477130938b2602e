import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The README is what a user reads in five minutes; the depth is in docs/. These hold the shape.
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const markdown = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation gone, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

test('the README is at most 300 lines', () => {
  expect(read('README.md').split('\n').length).toBeLessThanOrEqual(301);
});

test("the README's quick start is the two commands", () => {
  const quickStart = read('README.md').split('## Quick start')[1]?.split('\n## ')[0] ?? '';
  expect(quickStart).toMatch(/^ {4}npm ci && npm run demo\b/m);
  expect(quickStart).toMatch(/^ {4}npm test\b/m);
});

test.each(markdown)('every link of %s leads to a file and heading that exist', (file) => {
  const text = read(file);
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target as string)) continue;
    const [path, anchor] = (target as string).split('#');
    const linked = path ? resolve(dirname(join(root, file)), path) : join(root, file);
    expect({ file, target, exists: existsSync(linked) }).toEqual({ file, target, exists: true });
    if (anchor) {
      const headings = [...readFileSync(linked, 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1] as string));
      expect({ file, target, headings: headings.includes(anchor) }).toEqual({ file, target, headings: true });
    }
  }
});
