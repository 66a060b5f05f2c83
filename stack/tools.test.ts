import os from 'node:os';
import path from 'node:path';
import { findJavaHome } from './engines/keycloak';
import { ensureTemporalTestServer } from './engines/temporal-test-server';
import { MissingPrerequisiteError, requireCommand } from './tools';

describe('missing prerequisites', () => {
  test('a missing command stops with a message naming it and how to install it', async () => {
    const check = requireCommand(
      'tongpai-no-such-tool',
      ['--version'],
      'Install it with `apt-get install tongpai-tool`.',
    );
    await expect(check).rejects.toThrow(MissingPrerequisiteError);
    await expect(check).rejects.toThrow(
      '`tongpai-no-such-tool` is not available. Install it with `apt-get install tongpai-tool`.',
    );
  });

  test('a JAVA_HOME without Java names the setting and how to install Java', async () => {
    const found = findJavaHome('/nonexistent/jdk');
    await expect(found).rejects.toThrow(MissingPrerequisiteError);
    await expect(found).rejects.toThrow(
      /JAVA_HOME=\/nonexistent\/jdk has no bin\/java.*Keycloak needs Java 17, 21 or 25/,
    );
  });
});

test("Temporal's test server with a JAVA_HOME without Java names the test server as what needs Java", async () => {
  const found = ensureTemporalTestServer({
    cacheDir: path.join(os.tmpdir(), 'tongpai-cache-never-written'),
    version: '1.31.0',
    javaHome: '/nonexistent/jdk',
    log: () => undefined,
  });
  await expect(found).rejects.toThrow(MissingPrerequisiteError);
  await expect(found).rejects.toThrow(/has no bin\/java\. Temporal's test server .* needs Java 17, 21 or 25/);
});
