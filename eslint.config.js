// @ts-check
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Web features never import each other: each feature folder is a zone closed to its siblings.
const featuresDir = 'web/src/features';
const webFeatures = existsSync(featuresDir)
  ? readdirSync(featuresDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];
const featureZones = webFeatures.map((feature) => ({
  target: `./${featuresDir}/${feature}`,
  from: `./${featuresDir}`,
  except: [`./${feature}`],
  message: 'Web features do not import each other; compose them in a route (web/src/app/routes).',
}));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      '**/.turbo/**',
      'server/drizzle/**',
      'server/drizzle-platform/**',
      'web/public/**',
      'coverage/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'bench/.out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.ts',
            'server/*.config.ts',
            'shared/*.config.ts',
            'web/*.config.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    // Resolves `./x.js` to `./x.ts` as TypeScript does, so the path zones below see every import.
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['server/tsconfig.json', 'shared/tsconfig.json', 'web/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in server/src/env.ts only; pass it down.',
        },
      ],
    },
  },
  {
    // The one module allowed to read the environment, and the config files of tools.
    files: [
      'server/src/env.ts',
      '*.config.ts',
      '*/*.config.ts',
      'vite.config.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      'scripts/**',
      '.ci/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@privdesk/server', '@privdesk/web', '**/server/**', '**/web/**'],
              message: 'shared imports neither server nor web.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The web sees the server only as a type (AppRouter); never its code.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@privdesk/server',
              allowTypeImports: true,
              message: 'Import only types from the server.',
            },
          ],
          patterns: [
            {
              group: ['**/server/src/**', '@privdesk/server/*'],
              message: 'The web never imports server code.',
            },
          ],
        },
      ],
      'import-x/no-restricted-paths': ['error', { zones: featureZones }],
    },
  },
  {
    // Infrastructure points one way: the database and library layers know nothing of features, jobs, the
    // demo or the transports built on them (the demo seed lives in server/src/demo, above the features).
    files: ['server/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: ['./server/src/db', './server/src/lib'].map((target) => ({
            target,
            from: [
              './server/src/features',
              './server/src/demo',
              './server/src/jobs',
              './server/src/trpc',
              './server/src/http',
              './server/src/cli',
            ],
            message: 'Infrastructure (db, lib) must not import features, jobs, the demo or transports.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
