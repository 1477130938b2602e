import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortSignal: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        require: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Network traffic goes through the SDK in src/aws/ only, as corepack does with its one http module;
      // the one call the SDK has no client for, the console's federation endpoint, through src/console/https-get.ts.
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'STS traffic goes through src/aws/ and the SDK; the console federation call through src/console/https-get.ts.',
        },
      ],
      // Exit codes are chosen once, in cli.ts/bin.ts, never deep inside.
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Throw; bin.ts sets process.exitCode.' }],
    },
  },
  // Plain CommonJS helpers (jest config, a --require preload) load modules with require().
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
