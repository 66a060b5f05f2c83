import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, repoRoot, simulatorToken } from '.';
import { configurationTable } from './table';

describe('configuration', () => {
  test('every setting has a default that validates', () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.temporalAddress).toBe('localhost:7233');
    expect(config.keycloakIssuer).toBe('http://localhost:8080/realms/tongpai');
    expect(config.blobDir).toBe(`${config.TONGPAI_DATA_DIR}/blobs`);
  });

  test('one network by default; a side of a split deployment needs the exchange, reached by its API only', () => {
    expect(loadConfig({}).TONGPAI_NETWORK).toBe('single');
    expect(() => loadConfig({ TONGPAI_NETWORK: 'government' })).toThrow(
      /EXCHANGE_PEER_URL: required[\s\S]*EXCHANGE_KEYS_DIR: required[\s\S]*EXCHANGE_PEER_KEYS_DIR: required/,
    );
    const exchange = { EXCHANGE_KEYS_DIR: '/run/keys/exchange', EXCHANGE_PEER_KEYS_DIR: '/run/keys/police' };
    expect(() =>
      loadConfig({
        TONGPAI_NETWORK: 'government',
        EXCHANGE_PEER_URL: 'postgres://tongpai@police-db:5432/tongpai',
        ...exchange,
      }),
    ).toThrow(/never its database/);
    const government = loadConfig({
      TONGPAI_NETWORK: 'government',
      EXCHANGE_PEER_URL: 'https://police-exchange.example.gov.cn',
      ...exchange,
    });
    expect(government.TONGPAI_NETWORK).toBe('government');
    expect(() => loadConfig({ TONGPAI_NETWORK: 'both' })).toThrow(ConfigError);
  });

  test('environment variables override defaults', () => {
    const config = loadConfig({
      API_PORT: '4000',
      KEYCLOAK_URL: 'https://sso.example.gov.cn/',
      DATABASE_URL: 'postgres://u:p@db:5432/tp',
    });
    expect(config.API_PORT).toBe(4000);
    expect(config.keycloakIssuer).toBe('https://sso.example.gov.cn/realms/tongpai');
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/tp');
  });

  test('every upstream target is the simulator until its URL is set, and then needs its own token', () => {
    const config = loadConfig({
      UPSTREAM_SIM_PORT: '3999',
      UPSTREAM_ID_CARD_URL: 'https://id.example.gov.cn/intake',
      UPSTREAM_ID_CARD_TOKEN: 't0k',
    });
    expect(config.upstream.yrd).toEqual({
      url: 'http://127.0.0.1:3999/targets/yrd',
      token: simulatorToken('yrd'),
      simulated: true,
    });
    expect(config.upstream.id_card).toEqual({
      url: 'https://id.example.gov.cn/intake',
      token: 't0k',
      simulated: false,
    });
    expect(config.upstreamTimeoutMs).toBe(30_000);
    expect(() => loadConfig({ UPSTREAM_YRD_URL: 'https://yrd.example.gov.cn/' })).toThrow(
      'UPSTREAM_YRD_TOKEN: required when UPSTREAM_YRD_URL is set',
    );
  });

  test('bad values stop start-up with a message naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({
        API_PORT: 'eighty',
        DATABASE_URL: 'not a url',
        LOG_LEVEL: 'loud',
        // Above the longest wait between attempts, which Temporal would refuse in every case's workflow.
        PROCESSING_FIRST_RETRY_SECONDS: '61',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('API_PORT="eighty"');
    expect(message).toContain('DATABASE_URL="not a url"');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect(message).toContain('PROCESSING_FIRST_RETRY_SECONDS="61"');
    expect((error as ConfigError).problems).toHaveLength(4);
  });
});

describe('README', () => {
  test('its configuration table lists every setting as defined here', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
    expect(table).toBe(configurationTable());
  });
});
