import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { decompressLayers } from '../support/layers';
import { CLI_PATH } from '../support/run-cli';

// The layers of the built file (scripts/build.mjs): a module that two layers use is bundled once,
// in the layer above both, so it runs once per process and its classes are the same everywhere.
const layers = decompressLayers(CLI_PATH);
// esbuild's account of which module went into which layer, written by the build beside the file.
const manifest = JSON.parse(readFileSync(join(CLI_PATH, '..', 'layers.json'), 'utf8')) as Record<string, Record<string, number>>;
const root = join(__dirname, '..', '..');

/** The layers whose code contains `text`. */
const holders = (text: string) => Object.keys(layers).filter((name) => (layers[name] as string).includes(text));

/** A module's longest string literal but for import paths: minifying leaves its text as it was. */
function longestLiteral(path: string): string | undefined {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const { parent } = node;
      const specifier =
        ts.isImportDeclaration(parent) ||
        ts.isExportDeclaration(parent) ||
        ts.isLiteralTypeNode(parent) ||
        (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword);
      // Escaped characters come out of the minifier spelled another way.
      if (!specifier && !/[\\\n'"`]/.test(node.text) && !node.getText().includes('\\')) literals.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return literals.filter((s) => s.length >= 24).sort((a, b) => b.length - a.length)[0];
}

test('the file holds the five layers, each decompressed from where its parent keeps it', () => {
  expect(Object.keys(layers).sort()).toEqual(['cli', 'commands', 'keys', 'main', 'sdk']);
  expect(Object.keys(manifest).sort()).toEqual(Object.keys(layers).sort());
});

test("no module is in two layers, by esbuild's account", () => {
  const seen = new Map<string, string[]>();
  for (const [layer, modules] of Object.entries(manifest)) {
    for (const module of Object.keys(modules)) seen.set(module, [...(seen.get(module) ?? []), layer]);
  }
  expect([...seen].filter(([, in_]) => in_.length > 1)).toEqual([]);
  expect(seen.size).toBeGreaterThan(500);
});

test('no module of ours is in two layers, by its longest string in the decompressed code', () => {
  // A string of ours may also be one of a dependency's (an environment variable's name): there it
  // says nothing about where our module went.
  const dependencies = Object.fromEntries(
    Object.entries(manifest).map(([layer, modules]) => [
      layer,
      Object.keys(modules)
        .filter((m) => m.startsWith('node_modules/'))
        .map((m) => readFileSync(join(root, m), 'utf8'))
        .join('\n'),
    ]),
  );
  let checked = 0;
  for (const [layer, modules] of Object.entries(manifest)) {
    for (const module of Object.keys(modules).filter((m) => m.startsWith('src/'))) {
      const literal = longestLiteral(join(root, module));
      if (literal === undefined) continue;
      checked++;
      const expected = Object.keys(layers).filter((l) => l === layer || (dependencies[l] as string).includes(literal));
      expect({ module, literal, layers: holders(literal) }).toEqual({ module, literal, layers: expected });
    }
  }
  expect(checked).toBeGreaterThan(50);
});

test.each([
  ['zod', '_zod', 'cli'],
  ["the SDK's STS client", 'AssumeRoleWithWebIdentity', 'sdk'],
  ['the D-Bus client', 'org.freedesktop.DBus', 'keys'],
  ['the cache store', 'is reached through', 'main'],
  ['exec', 'holds credentials, COMMAND', 'commands'],
])('%s (%j) is in the %s layer only', (_what, text, layer) => {
  expect(holders(text)).toEqual([layer]);
});
