/**
 * The citizen's pages and the third-party page on a phone-sized screen (360x740), by clicks only: a citizen
 * opens 我的照片, shares their photo and reads the code; a third party's staff member redeems it on the
 * third-party page and sees the photo verified; the citizen sees the read in the access log and revokes the
 * grant; the third party is then refused with a clear message. Uses the console's fixed test port: run under
 * `flock /tmp/console-test.lock`.
 */
import type { Page } from 'playwright-core';
import type { ManagedProcess } from '../stack/process';
import { testConsoleOrigin } from './support/api';
import { launchBrowser } from './support/browser';
import { startWorkingService } from './support/capture-service';
import { signInToConsole, startTestConsole } from './support/console';
import { citizens, ensureThirdPartyStaff, issuedCaseOf } from './support/grants';
import { tokenFor } from './support/tokens';

jest.setTimeout(300_000);

let service: Awaited<ReturnType<typeof startWorkingService>>;
let vite: ManagedProcess;
const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];

beforeAll(async () => {
  await ensureThirdPartyStaff();
  service = await startWorkingService('console-citizen');
  await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
  vite = await startTestConsole(service.api.baseUrl);
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await vite?.stop();
  await service?.close();
});

/** A phone of its own for one person, signed in on the console's first page they may see. */
async function signedInOnPhone(username: string): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const { page } = browser;
  await page.setViewportSize({ width: 360, height: 740 });
  await signInToConsole(page, username);
  return page;
}

/** On a phone the menu is a drawer behind the app bar's button. */
async function openFromMenu(page: Page, name: string) {
  await page.getByRole('button', { name: '打开菜单' }).click();
  await page.getByRole('menuitem', { name }).click();
}

test('a citizen shares a photo; the third party redeems it verified; the citizen sees the read and revokes; the third party is refused', async () => {
  const citizen = await signedInOnPhone(citizens.a.username);
  await openFromMenu(citizen, '我的照片');
  await citizen.waitForURL(`${testConsoleOrigin}/my-photos`);
  const idCard = citizen.getByRole('region', { name: '居民身份证' });
  await idCard.getByText('在用').waitFor();
  for (const [button, file] of [
    ['照片（JPEG）', /id_card\.jpg$/],
    ['证书', /id_card\.certificate\.json$/],
    ['6 寸', /id_card-6inch\.pdf$/],
  ] as const) {
    const download = citizen.waitForEvent('download');
    await idCard.getByRole('button', { name: button }).click();
    expect((await download).suggestedFilename()).toMatch(file);
  }
  await idCard.getByRole('link', { name: '验证' }).click();
  await citizen.getByText('真实：由通拍签发，证书验证通过').waitFor();
  await citizen.getByText('在用', { exact: true }).waitFor();
  await openFromMenu(citizen, '我的照片');
  await idCard.getByRole('link', { name: '授权' }).click();
  await citizen.waitForURL(new RegExp(`^${testConsoleOrigin}/my-grants/create\\?`));
  await citizen.getByLabel('居民身份证').waitFor();
  expect(await citizen.getByLabel('居民身份证').isChecked()).toBe(true);
  await citizen.getByRole('combobox', { name: '第三方' }).click();
  await citizen.getByRole('option', { name: '示例用人单位（演示）' }).click();
  await citizen.getByRole('button', { name: '生成授权码' }).click();
  const code = (await citizen.getByTestId('grant-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
  await citizen.getByRole('img', { name: '授权码二维码' }).waitFor();
  await citizen.getByRole('link', { name: '完成' }).click();
  await citizen.waitForURL(`${testConsoleOrigin}/my-grants`);
  const grant = citizen.getByTestId('grant').first();
  await grant.getByText('有效', { exact: true }).waitFor();
  await grant.getByText('剩余 5 / 5 次').waitFor();

  const thirdParty = await signedInOnPhone('tp.employer');
  await openFromMenu(thirdParty, '读取授权照片');
  await thirdParty.waitForURL(`${testConsoleOrigin}/redeem`);
  await thirdParty.getByLabel('授权码').fill(code.toLowerCase());
  await thirdParty.getByRole('button', { name: '读取照片' }).click();
  await thirdParty.getByRole('img', { name: '授权读取的照片' }).waitFor();
  await thirdParty.getByText('真实：由通拍签发，证书验证通过').waitFor();
  await thirdParty.getByText('在用', { exact: true }).waitFor();
  await thirdParty.getByText('该授权码剩余读取次数：4').waitFor();

  await openFromMenu(citizen, '访问记录');
  await citizen.waitForURL(`${testConsoleOrigin}/my-access-log`);
  await citizen
    .getByTestId('access-log-entry')
    .first()
    .getByText('示例用人单位（演示）读取了您的居民身份证照片（入职）')
    .waitFor();
  await openFromMenu(citizen, '我的授权');
  await citizen.waitForURL(`${testConsoleOrigin}/my-grants`);
  await grant.getByText('剩余 4 / 5 次').waitFor();
  await grant.getByRole('button', { name: '撤销' }).click();
  await citizen.getByRole('dialog').getByRole('button', { name: '撤销' }).click();
  await citizen.getByText('授权已撤销，此后的读取一律失败').waitFor();
  await grant.getByText('已撤销', { exact: true }).waitFor();

  await thirdParty.getByRole('button', { name: '读取照片' }).click();
  await thirdParty
    .getByTestId('redeem-refused')
    .getByText('授权码或授权无效：可能有误、已过期、次数已用完或已被撤销')
    .waitFor();
  await expect(thirdParty.getByRole('img', { name: '授权读取的照片' }).count()).resolves.toBe(0);
  for (const browser of browsers) expect(browser.errors).toEqual([]);
});
