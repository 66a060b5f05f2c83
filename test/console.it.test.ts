/**
 * The console end to end in a real browser: Keycloak sign-in (keycloak-js, PKCE), a capture made through the
 * form, the case page following the workflow to "processed" with its standard photos and verdict, and the
 * case list showing the case.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../config';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from '../stack/process';
import { testConsoleOrigin } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { demoPassword } from './support/tokens';
import { launchBrowser } from './support/browser';
import { activityDeps, closeActivityDeps, startWorker, type RunningWorker } from './support/temporal';

jest.setTimeout(240_000);

const consoleUrl = testConsoleOrigin;
const face = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_024_neutral.jpg');

let service: CaptureService;
let worker: RunningWorker;
let vite: ManagedProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const viteLog: string[] = [];

beforeAll(async () => {
  service = await startCaptureService('console');
  const { database, testBlobs, api, taskQueue } = service;
  worker = await startWorker(taskQueue, await activityDeps(database.db, testBlobs.blobs));
  const root = path.resolve(__dirname, '..');
  vite = startProcess(
    'web',
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['--config', 'web/vite.config.ts'],
    {
      cwd: root,
      env: { ...process.env, WEB_PORT: new URL(testConsoleOrigin).port, TONGPAI_API_URL: api.baseUrl },
      sink: (_name, line) => viteLog.push(line),
    },
  );
  await waitUntil('test console', () => httpOk(consoleUrl), { timeoutMs: 60_000, process: vite }).catch(
    (err: Error) => {
      throw new Error(`${err.message}\n${viteLog.join('\n')}`);
    },
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vite?.stop();
  await worker?.stop();
  await closeActivityDeps();
  await service?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${consoleUrl}/`);
  await page.locator('#username').waitFor({ timeout: 90_000 });
  await page.fill('#username', username);
  await page.fill('#password', demoPassword);
  await page.click('#kc-login');
  await page.waitForURL(`${consoleUrl}/cases**`, { timeout: 60_000 });
}

test('an operator signs in, captures a photo, follows the case to processed and finds it in the list', async () => {
  const { page } = browser;
  await signIn(page, 'op.sh.pudong');
  await page.getByText('王芳').waitFor();

  await page.getByRole('menuitem', { name: '新建采集' }).click();
  await page.waitForURL(`${consoleUrl}/captures/create`);
  await page.fill('input[name="personName"]', '陈晓');
  await page.fill('input[name="idNumber"]', '310115200012311236');
  await page.fill('input[name="device"]', 'e2e file upload');
  await page.getByRole('button', { name: '文件', exact: true }).click();
  await page.setInputFiles('input[type="file"]', face);
  await page.getByRole('button', { name: '保存' }).click();

  await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 30_000 });
  const caseId = /\/cases\/([0-9a-f-]{36})\/show$/.exec(page.url())![1]!;
  await page.getByText('已处理').first().waitFor({ timeout: 90_000 });
  const row = await service.database.db('cases').where({ id: caseId }).first();
  expect(row).toMatchObject({
    status: 'processed',
    person_name: '陈晓',
    station_id: 'sh-pudong-ee',
    master_width: 1350,
  });
  // The standard photos, each loaded with the operator's token, and the verdict with its reasons in Chinese.
  await page.getByText('标准证件照').waitFor();
  const idCard = page.getByTestId('photo-id_card');
  await idCard.getByRole('img', { name: '居民身份证' }).waitFor({ timeout: 30_000 });
  expect(await idCard.innerText()).toContain('358×441 像素 · 350 dpi');
  const idCardSize = await idCard
    .getByRole('img')
    .evaluate((img) => [
      (img as { naturalWidth: number }).naturalWidth,
      (img as { naturalHeight: number }).naturalHeight,
    ]);
  expect(idCardSize).toEqual([358, 441]);
  // A print sheet downloads as a PDF (the blob fetched with the token, saved under a telling name).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    idCard.getByRole('button', { name: '6 寸' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${caseId}-id_card-6inch.pdf`);
  const sheet = await fs.readFile((await download.path())!);
  expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await page
    .getByText(/^(合格|需人工审核|需重拍)$/)
    .first()
    .waitFor();
  await page.getByRole('img', { name: '标注了人脸、关键点和各规格裁剪框的原图' }).waitFor();

  await page.getByRole('menuitem', { name: '照片业务' }).click();
  const listed = page.locator('table tbody tr', { hasText: '陈晓' });
  await listed.waitFor();
  expect(await listed.innerText()).toContain('310115********1236');
  expect(await listed.innerText()).toContain('已处理');
  expect(await listed.innerText()).toMatch(/合格|需人工审核|需重拍/);
  expect(browser.errors).toEqual([]);
});
