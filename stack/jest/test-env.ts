/** Environment variables through which the global setup tells each test file where the test engines are. */
export const testEnv = {
  databaseUrl: 'TONGPAI_TEST_DATABASE_URL',
  temporalAddress: 'TONGPAI_TEST_TEMPORAL_ADDRESS',
  keycloakUrl: 'KEYCLOAK_URL',
  root: 'TONGPAI_TEST_ROOT',
} as const;

export function testEngineEnv(name: keyof typeof testEnv): string {
  const value = process.env[testEnv[name]];
  if (!value)
    throw new Error(
      `${testEnv[name]} is not set: run integration tests through jest (its global setup starts the engines)`,
    );
  return value;
}
