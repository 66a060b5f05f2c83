// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node built-ins that must never reach workflow code: workflows replay, so they may only orchestrate. */
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
  'timers',
  'process',
  'util',
  'stream',
  'dns',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', '.data/**', 'coverage/**', '**/*.js', '!eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type information (each file's nearest tsconfig: web/ has its own) for the rules that need it: a promise
    // nobody awaits loses its rejection, and one handed where nothing awaits it runs unobserved.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    // Tests and the history recorder run outside the workflow sandbox.
    ignores: ['workflows/**/*.test.ts', 'workflows/histories/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Workflows must stay deterministic: do I/O in an activity.' },
            { name: `node:${m}`, message: 'Workflows must stay deterministic: do I/O in an activity.' },
          ]),
          patterns: [
            {
              group: [
                '**/activities',
                '**/activities/**',
                '**/imaging',
                '**/imaging/**',
                '**/db',
                '**/db/**',
                '**/api',
                '**/api/**',
              ],
              allowTypeImports: true,
              message: 'Workflows import only types from activities; runtime code runs in activities.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'process', message: 'Workflows must not read the environment.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message:
            'Use workflow time: Date is replaced by the SDK only inside workflow context; prefer passing time in.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use uuid4() from @temporalio/workflow for randomness.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use workflow time from @temporalio/workflow.',
        },
      ],
    },
  },
);
