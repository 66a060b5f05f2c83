/**
 * Institutional sharing in the console, by clicks only: a department user applies for the photo lookup for
 * their organisation, an administrator opens the application from the menu and approves it, and both see it
 * in force; an administrator edits a catalogue entry and opens an organisation and the form for a new one,
 * each from the menu and the lists; an administrator suspends a client from the monitoring page. Uses the console's fixed test port: run under `flock /tmp/console-test.lock`.
 */
import type { Page } from 'playwright-core';
import type { ManagedProcess } from '../stack/process';
import { testConsoleOrigin } from './support/api';
import { launchBrowser } from './support/browser';
import { signInToConsole, startTestConsole } from './support/console';
import { startWorkingService } from './support/capture-service';
import { ensureRealmEntries } from './support/realm-entries';

jest.setTimeout(240_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let vite: ManagedProcess;
const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];

beforeAll(async () => {
  await ensureRealmEntries({ roles: ['department'], clients: [], users: ['dept.shebao'] });
  service = await startWorkingService('console-sharing');
  vite = await startTestConsole(service.api.baseUrl);
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await vite?.stop();
  await service?.close();
});

/** A browser of its own for one person, signed in on the console's first page they may see. */
async function signedIn(username: string): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const { page } = browser;
  await signInToConsole(page, username);
  return page;
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a department user applies for the photo lookup; an administrator approves it; it is in force', async () => {
  const department = await signedIn('dept.shebao');
  await department.getByRole('menuitem', { name: '共享申请' }).click();
  await department.waitForURL(`${testConsoleOrigin}/applications`);
  await department.getByRole('link', { name: /新建|创建/ }).click();
  await choose(department, '申请机构', '上海市社会保险事业管理中心');
  await choose(department, '目录条目', '居民证件照片查询');
  await department.getByLabel('社保卡办理').check();
  await department.getByLabel('用途').fill('社保卡制卡：核对参保人照片');
  await department.getByRole('button', { name: '保存' }).click();
  await department.getByTestId('application-status').filter({ hasText: '待审批' }).waitFor();
  const applicationId = /applications\/([0-9a-f-]{36})\/show/.exec(department.url())![1]!;

  const admin = await signedIn('adm.province');
  await admin.getByRole('menuitem', { name: '共享申请' }).click();
  await admin.getByRole('cell', { name: '社保卡制卡：核对参保人照片' }).click();
  await admin.getByRole('button', { name: '批准' }).click();
  await admin.getByRole('dialog').getByRole('button', { name: '批准' }).click();
  await admin.getByText('已批准，授权即时生效').waitFor();
  await admin.getByTestId('application-status').filter({ hasText: '生效中' }).waitFor({ timeout: 30_000 });

  await department.reload();
  await department
    .getByTestId('application-status')
    .filter({ hasText: '生效中' })
    .waitFor({ timeout: 30_000 });
  const row = await service.database.db('sharing_applications').where({ id: applicationId }).first();
  expect(row).toMatchObject({
    status: 'active',
    applied_by: 'dept.shebao',
    decided_by: 'adm.province',
    matters: ['social-security-card'],
    daily_quota: 1000,
    profiles: ['id_card', 'face_compare'],
  });
  for (const browser of browsers) expect(browser.errors).toEqual([]);
});

test('an administrator edits a catalogue entry from its list, and opens an organisation and the form for a new one', async () => {
  const admin = await signedIn('adm.province');
  await admin.getByRole('menuitem', { name: '共享目录' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/catalogue-entries`);
  await admin.getByRole('row').filter({ hasText: '居民证件照片查询' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/catalogue-entries/resident-photo`);
  const description = '社保、医保、民政业务核对参保人照片';
  await admin.getByLabel('说明').fill(description);
  await admin.getByRole('button', { name: '保存' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/catalogue-entries`);
  expect(
    await service.database.db('catalogue_entries').where({ id: 'resident-photo' }).first(),
  ).toMatchObject({ description });

  await admin.getByRole('menuitem', { name: '共享机构' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/organisations`);
  await admin.getByRole('row').filter({ hasText: '上海市社会保险事业管理中心' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/organisations/sh-social-security`);
  expect(await admin.getByLabel('机构名称').inputValue()).toBe('上海市社会保险事业管理中心');
  await admin.getByRole('menuitem', { name: '共享机构' }).click();
  await admin.getByRole('link', { name: '新建', exact: true }).click();
  await admin.waitForURL(`${testConsoleOrigin}/organisations/create`);
  await admin.getByLabel('机构名称').waitFor();
  for (const browser of browsers) expect(browser.errors).toEqual([]);
});

test('an administrator opens the monitoring page from the menu and suspends a client at once', async () => {
  const admin = await signedIn('adm.province');
  await admin.getByRole('menuitem', { name: '接口调用监控' }).click();
  await admin.waitForURL(`${testConsoleOrigin}/interface-clients`);
  const row = admin.getByRole('row').filter({ hasText: 'demo-police-unit' });
  await row.getByRole('button', { name: '暂停' }).click();
  await admin.getByLabel(/原因/).fill('异常调用排查');
  await admin.getByRole('dialog').getByRole('button', { name: '暂停' }).click();
  await admin.getByText('客户端已暂停').waitFor();
  await row.getByText('已暂停').first().waitFor();
  const client = await service.database
    .db('organisation_clients')
    .where({ client_id: 'demo-police-unit' })
    .first();
  expect(client).toMatchObject({ suspended_by: 'adm.province', suspension_reason: '异常调用排查' });
  for (const browser of browsers) expect(browser.errors).toEqual([]);
});
