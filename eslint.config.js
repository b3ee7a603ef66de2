// Where code may run is visible in where it lives; these rules make the folders binding.
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'better-sqlite3', 'kysely', 'fastify', 'pg', '@electric-sql/pglite', 'exceljs'];

export default tseslint.config(
  { ignores: ['node_modules/', 'native/', 'dist-main/', 'dist-renderer/', 'release/', '.data/', 'bench-data/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only src-main/electron/ may import 'electron'." }] }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src-shared is pure.' }],
          patterns: [{ group: nodeModules, message: 'src-shared is pure: no Node, database or server modules.' }, { group: ['**/src-main/**', '**/src-renderer/**', '**/src-server/**'], message: 'src-shared depends on nothing.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to the API client.' }],
          patterns: [{ group: nodeModules, message: 'The renderer runs in a browser sandbox.' }, { group: ['**/src-main/**', '**/src-server/**'], message: 'The renderer uses only src-shared and its API client.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/**', 'src-server/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: "Only src-main/electron/ may import 'electron'." }],
          patterns: [{ group: ['**/src-renderer/**'], message: 'The core does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
