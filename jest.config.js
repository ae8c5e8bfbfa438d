/** Type checking is `npm run typecheck`'s job; jest only strips types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
