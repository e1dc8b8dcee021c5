// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Lint for the whole workspace: typescript-eslint's recommended rules (not the type-checked
 * set: `tsc --noEmit` already type-checks, and linting stays fast), plus Nx module boundaries
 * from the `type:*` and `scope:*` tags in each project.json.
 */
export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.nx/**',
      'test-results/**',
      'bench/results/**',
      '.market-data/**',
      '**/.scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    rules: {
      // TypeScript resolves identifiers better than a globals list (tsc runs in `npm test`).
      'no-undef': 'off',
      // Input validation here matches control characters on purpose (hostile names, tar headers).
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Services and apps (the launcher) build on libs, never on each other.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:service', 'type:app'] },
            // Contracts are the leaf everything shares: they import nothing of ours.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            // Files outside any tagged project (root configs, bench/) may use any lib.
            { sourceTag: '*', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON answers from real HTTP; asserting on them is what the test does.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // @market/testing (test/support) is for tests only: production code must not import it.
    // Nx tags are per project, not per file, so this half of the rule lives here.
    files: ['libs/**/*.ts', 'services/**/*.ts', 'infra/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', '**/testing/**', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@market/testing', message: '@market/testing is for *.spec.ts files and test/** only.' }] },
      ],
    },
  },
);
