// ts-jest compiles each test file on its own (isolatedModules) to CommonJS; `npm run typecheck`
// does the type checking once for the whole tree, which keeps the suite fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true, allowJs: true } }],
  },
  // env-paths (with its is-safe-filename) and @noble/hashes are ESM-only; let ts-jest turn them into CommonJS for the unit tests that reach them.
  transformIgnorePatterns: ['/node_modules/(?!(env-paths|is-safe-filename|@noble/hashes)/)'],
  testTimeout: 60000,
  // The default output, then one line that says which tests were skipped and why (test/support/needs.ts).
  reporters: ['default', '<rootDir>/test/support/skip-summary-reporter.cjs'],
};
