/**
 * Grants and third parties in the console, by clicks only: a province-wide administrator gives a third party a
 * webhook (its secret shown once), reaches the grants from the menu, filters them by third party, revokes one
 * with a reason, and finds the revocation delivered in the third party's webhook log. Uses the console's fixed
 * test port: run under `flock /tmp/console-test.lock`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagedProcess } from '../stack/process';
import { apiCall, testConsoleOrigin } from './support/api';
import { launchBrowser } from './support/browser';
import { signInToConsole, startTestConsole } from './support/console';
import { startWorkingService } from './support/capture-service';
import { citizens, grantBody, issuedCaseOf } from './support/grants';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let vite: ManagedProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
/** The third party's endpoint: answers 200 to every delivery and keeps their bodies. */
const received: string[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    received.push(body);
    res.writeHead(200).end();
  });
});
let grantIds: { employer: string; examCentre: string };

beforeAll(async () => {
  receiver.listen(0, '127.0.0.1');
  service = await startWorkingService('console-grants');
  vite = await startTestConsole(service.api.baseUrl);
  const caseId = await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
  const citizen = await tokenFor(citizens.a.username);
  const grantTo = async (clientId: string, purpose: string) =>
    (
      await apiCall(service.api.baseUrl, 'POST', '/api/v1/grants', citizen, {
        ...grantBody(caseId),
        clientId,
        purpose,
      })
    ).body.grant.id as string;
  grantIds = {
    employer: await grantTo('demo-employer', 'employment'),
    examCentre: await grantTo('demo-exam-centre', 'exam_registration'),
  };
});

afterAll(async () => {
  await browser?.close();
  await vite?.stop();
  await service?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

test('an administrator gives a third party a webhook, filters the grants, revokes one with a reason, and sees it delivered', async () => {
  browser = await launchBrowser();
  const admin = browser.page;
  await signInToConsole(admin, 'adm.province');
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tongpai`;

  await admin.getByRole('menuitem', { name: '第三方客户端' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/third-party-clients`);
  await admin.getByRole('row').filter({ hasText: 'demo-employer' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/third-party-clients/demo-employer`);
  await admin.getByLabel('回调地址（Webhook）').fill(webhookUrl);
  await admin.getByRole('button', { name: '保存' }).click();
  const secret = await admin.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  await admin.getByRole('button', { name: '我已保存' }).click();
  expect(
    await service.database.db('third_party_clients').where({ client_id: 'demo-employer' }).first(),
  ).toMatchObject({ webhook_url: webhookUrl });

  await admin.getByRole('menuitem', { name: '照片授权' }).click();
  await admin.waitForURL(new RegExp(`^${testConsoleOrigin}/grants`));
  const employerRow = admin.getByRole('row').filter({ hasText: '示例用人单位（演示）' });
  const examCentreRow = admin.getByRole('row').filter({ hasText: '示例考试报名中心（演示）' });
  // Both listed first, so that the filter is seen to take one away (not a list still loading).
  await employerRow.waitFor();
  await examCentreRow.waitFor();
  await admin.getByRole('combobox', { name: '第三方' }).click();
  await admin.getByRole('option', { name: '示例用人单位（演示）' }).click();
  await examCentreRow.waitFor({ state: 'detached' });
  await employerRow.waitFor();
  await expect(employerRow.count()).resolves.toBe(1);

  await employerRow.getByRole('button', { name: '撤销' }).click();
  await admin.getByLabel(/撤销原因/).fill('第三方用途与登记不符');
  await admin.getByRole('dialog').getByRole('button', { name: '撤销授权' }).click();
  await admin.getByText('授权已撤销').waitFor();
  await employerRow.getByText('已撤销').waitFor();
  expect(await service.database.db('grants').where({ id: grantIds.employer }).first()).toMatchObject({
    state: 'revoked',
    revoked_by: 'adm.province',
    revocation_reason: '第三方用途与登记不符',
  });
  expect((await service.database.db('grants').where({ id: grantIds.examCentre }).first()).state).toBe(
    'active',
  );

  // The third party heard of it, and its page says so.
  for (const deadline = Date.now() + 60_000; !received.length && Date.now() < deadline;)
    await new Promise((resolve) => setTimeout(resolve, 200));
  await admin.getByRole('menuitem', { name: '第三方客户端' }).click();
  await admin.getByRole('row').filter({ hasText: 'demo-employer' }).click();
  await admin
    .getByRole('row')
    .filter({ hasText: grantIds.employer })
    .getByText('已送达')
    .waitFor({ timeout: 60_000 });
  expect(received.map((body) => JSON.parse(body).grantId)).toEqual([grantIds.employer]);
  expect(browser!.errors).toEqual([]);
});
