/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/setup/global-setup.js',
  setupFiles: ['<rootDir>/__tests__/setup/dispose.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Native objects and provider threads live in the worker processes; keep them few on 2 cores.
  maxWorkers: 2,
  testTimeout: 30000,
  // A skipped test says why: the reporter lists each with the reason in its title (helpers/skip.ts).
  reporters: ['default', '<rootDir>/__tests__/setup/skip-reporter.js'],
};
