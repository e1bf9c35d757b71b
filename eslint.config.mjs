// Lint: typescript-eslint's type-aware rules for src/, test/ and the panel pages in media/ (no any, no floating promises).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import floors from './eslint.floors.cjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '*.vsix', '.test-output/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json', './tsconfig.webview.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true, allowTypedFunctionExpressions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      eqeqeq: 'error',
    },
  },
  // Imports run down the floors; the lowest three never import vscode (eslint.floors.cjs).
  ...floors.floorConfigs,
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }] },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  {
    // The panel pages (media/<page>/<page>.ts, media/shared/): browser code, type-checked by tsconfig.webview.json.
    files: ['media/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
