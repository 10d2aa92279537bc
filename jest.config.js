/** @type {import('jest').Config} */
module.exports = {
  // Node's environment, with one CloudFormation validator engine per worker (see the file).
  testEnvironment: '<rootDir>/test/helpers/jest-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true }, diagnostics: false }],
  },
  testTimeout: 60000,
};
