/** Type checking is `npm run typecheck`'s job; jest only strips types. */
module.exports = {
  testEnvironment: '<rootDir>/test/quiet-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // Failures in full, then the totals: no line per passing file.
  reporters: [['summary', { summaryThreshold: 0 }], '<rootDir>/test/summary-reporter.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
