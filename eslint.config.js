import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint/boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'web/dist/**',
      'node_modules/**',
      'web/node_modules/**',
      'data/**',
      'tmp/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { imhost: { rules: { boundaries } } },
    rules: {
      'imhost/boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Each business area sees only its own tables (platform/db/schema-<area>.ts, through scopedDb):
    // the whole database's types are for the platform, migrations, the composition root and tests.
    files: [
      'src/{accounts,tenancy,billing,support,domains,monitoring,help,pricing,security,diagnostics,incidents,workflows}/**/*.ts',
      'src/api/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/index.js', '**/platform/db/index.js'],
              importNames: ['Db', 'Tx', 'DbOrTx', 'Database', 'PlatformDb'],
              message: "Use your area's own database type (ScopedDb of its tables, made once with scopedDb).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bin/**', 'scripts/**', 'bench/**', 'test/**', '**/*.test.ts', 'eslint/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
