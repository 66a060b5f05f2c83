/** Environment variables through which the global setup tells each test file where the test engines are. */
export const testEnv = {
  databaseUrl: 'TONGPAI_TEST_DATABASE_URL',
  temporalAddress: 'TONGPAI_TEST_TEMPORAL_ADDRESS',
  keycloakUrl: 'KEYCLOAK_URL',
  s3Endpoint: 'TONGPAI_TEST_S3_ENDPOINT',
  s3AccessKeyId: 'TONGPAI_TEST_S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'TONGPAI_TEST_S3_SECRET_ACCESS_KEY',
  /** The S3 gateway's POSIX folder, where a test reads the objects' raw bytes. */
  s3Dir: 'TONGPAI_TEST_S3_DIR',
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
