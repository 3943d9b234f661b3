import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure cores: plain data in, plain data out. They never reach Discord, SQLite, the file system or the platform. */
export const coreFiles = ['src/core/**/*.ts', 'src/features/*/core/**/*.ts', 'src/platform/*/core/**/*.ts'];

export const coreImportRule = [
  'error',
  {
    patterns: [
      {
        group: ['discord.js', 'discord-api-types', 'discord-api-types/*', '@discordjs/*', 'better-sqlite3', 'node:fs', 'node:fs/*', 'fs', 'fs/*', 'node-cron', 'pino', 'ws'],
        message: 'A core module is pure: no Discord, SQLite, file system, scheduler or logger. Pass plain data in from the service.',
      },
      {
        group: ['**/platform/**', '**/emulator/**', '**/playground/**', '**/commands/**'],
        message: 'A core module must not import the platform (or the emulator, playground, commands): the platform depends on cores, never the reverse.',
      },
      {
        // Leaving the core folder is allowed only into another core folder (e.g. src/core, or another feature's core).
        regex: '^\\.\\./(?!.*\\bcore/)',
        message: 'A core module may only import other core modules (a service, repository, job or presenter is shell code).',
      },
    ],
  },
];

/** The platform serves every feature and knows none: it is given what it needs (a context type, jobs, tasks). */
export const platformImportRule = [
  'error',
  {
    patterns: [
      {
        group: ['**/features/**', '**/context', '**/context.js', '**/commands/**', '**/jobs', '**/jobs.js', '**/migrations', '**/migrations.js', '**/app', '**/app.js'],
        message: 'The platform must not import the features, the context or the composition root: make the type generic, or pass the dependency in.',
      },
    ],
  },
];

const browserGlobals = ['window', 'document', 'location', 'localStorage', 'fetch', 'EventSource', 'URLSearchParams', 'CSS', 'Option', 'customElements', 'requestAnimationFrame', 'setTimeout', 'clearTimeout']
  .concat(['HTMLElement', 'HTMLInputElement', 'HTMLSelectElement', 'HTMLButtonElement', 'HTMLDialogElement', 'HTMLFormElement', 'HTMLImageElement', 'HTMLTextAreaElement', 'Element']);

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'dist/', 'dist-*/', 'test-results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    ignores: coreFiles,
    rules: { 'no-restricted-imports': platformImportRule },
  },
  {
    files: coreFiles,
    rules: { 'no-restricted-imports': coreImportRule },
  },
  {
    // The launcher of the build runs in Node as plain JavaScript.
    files: ['src/run-built.mjs', 'bench/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly' } },
  },
  {
    // The web playground's page script runs in the browser.
    files: ['src/playground/web/static/**/*.js'],
    languageOptions: { globals: Object.fromEntries(browserGlobals.map((name) => [name, 'readonly'])) },
  },
);
