// Two projects: `unit` needs no engines; `integration` starts real PostgreSQL, Temporal and Keycloak once per run
// (stack/jest/global-setup.ts) on test ports, so it works beside a running development stack.
/** jose v6 and keycloak-js ship only ES modules; swc turns them into CommonJS like our own TypeScript. */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(jose|keycloak-js)/)'];
const common = { transform, transformIgnorePatterns, testEnvironment: 'node' };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts?(x)'],
      testPathIgnorePatterns: ['/node_modules/', '\\.it\\.test\\.tsx?$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.it.test.ts?(x)'],
      globalSetup: '<rootDir>/stack/jest/global-setup.ts',
      globalTeardown: '<rootDir>/stack/jest/global-teardown.ts',
    },
  ],
};
