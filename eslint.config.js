// Where code may run is visible in where it lives; these rules make the folders binding.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { LAYER_FILES, layersPlugin } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'native/', 'dist-main/', 'dist-renderer/', 'release/', '.data/', 'bench-data/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Outside the layers (tests, bench, scripts): still never the Electron binary.
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only src-main/electron/ may import 'electron'." }] }],
    },
  },
  {
    // An allow-list per layer (eslint/layers.js): src-shared imports only zod; the renderer only
    // react, its own files and src-shared; src-main never the renderer or the server; the server
    // only src-shared and its own packages; only src-main/electron imports electron.
    files: LAYER_FILES,
    plugins: { layers: layersPlugin },
    rules: { 'no-restricted-imports': 'off', 'layers/allowed-imports': 'error' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['scripts/**/*.mjs', '*.js', 'eslint/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
