/**
 * The console end to end in real browsers, reached only by clicking as people do: Keycloak sign-in
 * (keycloak-js, PKCE), a capture made through the form, the case page following the workflow until it settles
 * with its standard photos and verdict, the case list and a case opened from it; then a foreigner's case
 * through the review queue: a reviewer claims and approves it, a supervisor gives the second approval, and
 * the operator's open page shows it issued with its certificates; a person with an issued photo is offered
 * it at capture, and reuses it once and declines it once; an administrator revokes an issued case from its
 * page and sees every library's recall; an administrator opens the upstream page from the menu, finds a
 * submission a library refused in the manual queue and resubmits it. An operator's webcam (Chromium's fake
 * camera showing a face) is guided and photographed by itself, or by the button with auto-capture off. An administrator
 * opens the 驾驶舱 from the menu, sees its figures refresh on their own, and opens the big screen at 1920x1080.
 * An auditor finds a person's photo by ID number, opens its whole history and exports it, signed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { loadConfig } from '../config';
import { caseAuditTrail } from '../db/audit';
import { waitUntil, type ManagedProcess } from '../stack/process';
import { upstreamTargets } from '../domain/upstream';
import type { PublicKeyInfo } from '../signing/keys';
import { verifySignedHistory } from '../signing/signed-history';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { apiCall, captureForm, testConsoleOrigin, waitForCase } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { demoPassword, tokenFor } from './support/tokens';
import { launchBrowser } from './support/browser';
import { writeFaceInGuideVideo } from './support/fake-camera';
import { newAttempt, residentIdNumber, seedAttempts } from './support/seeded-attempts';
import type { DashboardFigures } from '../domain/dashboard-schemas';
import { recordInterfaceCall } from '../db/interface-calls';
import { testEngineEnv } from '../stack/jest/test-env';
import { startTestConsole } from './support/console';
import { testPersonHash } from './support/keys';
import { insertBulkCases } from './support/cases';
import { exactTotalLimit } from '../db/cases';
import {
  activityDeps,
  closeActivityDeps,
  startWorker,
  testSimulator,
  type RunningWorker,
} from './support/temporal';

jest.setTimeout(240_000);

const consoleUrl = testConsoleOrigin;
const face = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_024_neutral.jpg');
/** Passes every profile's checks: a resident's ID-card case with it is issued without review. */
const issuableFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: CaptureService;
let worker: RunningWorker;
let vite: ManagedProcess;
type Browser = Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
/** Everyone else's browser (one per person, each with its own Keycloak session). */
const others: Browser[] = [];

beforeAll(async () => {
  service = await startCaptureService('console');
  const { database, testBlobs, api, taskQueue } = service;
  worker = await startWorker(taskQueue, await activityDeps(database.db, testBlobs.blobs));
  vite = await startTestConsole(api.baseUrl);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const other of others) await other.close();
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

/** A browser of its own for another person, signed in. */
async function browserFor(username: string): Promise<Browser> {
  const other = await launchBrowser();
  others.push(other);
  await signIn(other.page, username);
  return other;
}

/** While developing, TONGPAI_SCREENSHOT_DIR keeps a picture of each page the test passes through. */
async function snapshot(page: Page, name: string) {
  const dir = process.env.TONGPAI_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test('the console pages carry their Content-Security-Policy: own scripts, Keycloak, never framed', async () => {
  const res = await fetch(`${consoleUrl}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain(`connect-src 'self' ${new URL(testEngineEnv('keycloakUrl')).origin}`);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

/** Settled statuses a resident's case can rest in after processing, as the status chips say them. */
const settledChip = /^(已签发|待审核|待重拍)$/;

test('an operator signs in, captures a photo, follows the case until it settles, and opens it from the list', async () => {
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
  await page.getByText(settledChip).first().waitFor({ timeout: 90_000 });
  const row = await service.database.db('cases').where({ id: caseId }).first();
  expect(row).toMatchObject({
    status: expect.stringMatching(/^(issued|in_review|awaiting_retake)$/),
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
  await page.getByRole('table', { name: '时间线' }).getByText('已采集').waitFor();
  await snapshot(page, 'case-operator');

  await page.getByRole('menuitem', { name: '照片业务' }).click();
  const listed = page.locator('table tbody tr', { hasText: '陈晓' });
  await listed.waitFor();
  expect(await listed.innerText()).toContain('310115********1236');
  expect(await listed.innerText()).toMatch(/已签发|待审核|待重拍/);
  expect(await listed.innerText()).toMatch(/合格|需人工审核|需重拍/);
  await snapshot(page, 'case-list');

  // Opened from the list, the page first has the list's summary of the case, then the whole case.
  await listed.click();
  await page.waitForURL(`${consoleUrl}/cases/${caseId}/show`);
  await page.getByRole('img', { name: '该业务的原图' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('photo-id_card').getByRole('img', { name: '居民身份证' }).waitFor();
  expect(browser.errors).toEqual([]);
});

test('an operator photographs with the webcam: the face guide places the face and takes the photo by itself, or waits for the button when switched off', async () => {
  // The camera shows a photo whose face sits where the guide wants it, found by the server's own detector.
  const { pipeline } = await activityDeps(service.database.db, service.testBlobs.blobs);
  const { report } = await pipeline.process(await fs.readFile(issuableFace), { profiles: ['id_card'] });
  const [width, height] = [640, 480];
  const video = await writeFaceInGuideVideo(issuableFace, report.faces[0]!.box, { width, height });
  // A browser of its own, closed at the end: `others` holds the review tests' people in order.
  const camera = await launchBrowser({ camera: video });
  try {
    const { page } = camera;
    await signIn(page, 'op.sh.pudong');
    await page.getByRole('menuitem', { name: '新建采集' }).click();
    await page.waitForURL(`${consoleUrl}/captures/create`);
    await page.fill('input[name="personName"]', '林晨');
    await page.fill('input[name="idNumber"]', '310115199001011232');

    // Auto-capture is on by default: once the face is in place and still, the photo is taken.
    const preview = page.getByRole('img', { name: '待提交的照片' });
    await preview.waitFor({ timeout: 60_000 });
    await snapshot(page, 'webcam-auto-captured');
    expect(await page.inputValue('input[name="device"]')).not.toBe('');

    // Switched off, the guide still says the face is in place, and only the button takes the photo.
    await page.getByRole('button', { name: '重新拍摄' }).click();
    await page.getByLabel('人脸就位后自动拍照').uncheck();
    await page.getByTestId('face-guide-hint').getByText('位置合适').waitFor({ timeout: 30_000 });
    await snapshot(page, 'webcam-guide-ready');
    await page.getByRole('button', { name: '拍照', exact: true }).waitFor();
    expect(await preview.count()).toBe(0);
    await page.getByRole('button', { name: '拍照', exact: true }).click();
    await preview.waitFor();

    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 30_000 });
    const caseId = /\/cases\/([0-9a-f-]{36})\/show$/.exec(page.url())![1]!;
    await page.getByText(settledChip).first().waitFor({ timeout: 90_000 });
    const row = await service.database.db('cases').where({ id: caseId }).first();
    expect(row).toMatchObject({ person_name: '林晨', master_width: width, master_height: height });
    expect(camera.errors).toEqual([]);
  } finally {
    await camera.close();
  }
});

test('a foreigner goes through the review queue: reviewer approves, supervisor approves again, the photos are issued', async () => {
  const { page } = browser;
  await page.getByRole('menuitem', { name: '新建采集' }).click();
  await page.fill('input[name="personName"]', 'Anna Weber');
  await page.getByRole('combobox', { name: '人员类别' }).click();
  await page.getByRole('option', { name: '外国人' }).click();
  await page.fill('input[name="idNumber"]', 'C01234567');
  await page.getByRole('checkbox', { name: '出入境证件' }).check();
  await page.getByRole('button', { name: '文件', exact: true }).click();
  await page.setInputFiles('input[type="file"]', face);
  await snapshot(page, 'capture-form');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 30_000 });
  const caseId = /\/cases\/([0-9a-f-]{36})\/show$/.exec(page.url())![1]!;
  await page.getByText('待审核').first().waitFor({ timeout: 90_000 });
  expect(await service.database.db('cases').where({ id: caseId }).first()).toMatchObject({
    category: 'foreigner',
    documents: ['id_card', 'exit_entry'],
  });

  // The reviewer finds it in the queue, claims the next case (this one) and approves it with the keyboard.
  const reviewer = await browserFor('rev.sh');
  await reviewer.page.getByRole('menuitem', { name: '审核队列' }).click();
  await reviewer.page.getByRole('columnheader', { name: '入队时间' }).waitFor();
  const queued = reviewer.page.locator('table tbody tr', { hasText: 'Anna Weber' });
  await queued.waitFor();
  expect(await queued.innerText()).toMatch(/剩余 \d+:\d\d:\d\d/);
  // Only foreigners' cases: the next one claimed is this one (an older resident's case may be queued too).
  await reviewer.page.getByRole('combobox', { name: '人员类别' }).click();
  await reviewer.page.getByRole('option', { name: '外国人' }).click();
  await reviewer.page.keyboard.press('Escape');
  await snapshot(reviewer.page, 'review-queue');
  await reviewer.page.getByRole('button', { name: '领取下一件', exact: true }).click();
  await reviewer.page.waitForURL(`${consoleUrl}/review/${caseId}/show`);
  const fourEyes = reviewer.page.getByTestId('four-eyes');
  await fourEyes.getByText('领取人：rev.sh').waitFor();
  expect(await fourEyes.innerText()).toContain('采集人：op.sh.pudong');
  await reviewer.page.getByTestId('checks-table').waitFor();
  await reviewer.page.getByTestId('review-photo-exit_entry').getByRole('img').waitFor();
  await reviewer.page.getByRole('img', { name: '标注了人脸、关键点和各规格裁剪框的原图' }).waitFor();
  await snapshot(reviewer.page, 'review-case');
  await reviewer.page.keyboard.press('a');
  const dialog = reviewer.page.getByRole('dialog');
  await dialog.getByText('决定一经作出即不可撤销。').waitFor();
  await snapshot(reviewer.page, 'review-approve-dialog');
  await dialog.getByRole('button', { name: '批准' }).click();
  await reviewer.page.waitForURL(`${consoleUrl}/review`);
  expect((await service.database.db('cases').where({ id: caseId }).first()).status).toBe(
    'awaiting_second_approval',
  );

  // The operator's page follows the case without a reload.
  await page.getByText('待复核').first().waitFor({ timeout: 20_000 });

  // A supervisor takes the second approval from its own queue.
  const supervisor = await browserFor('sup.sh');
  await supervisor.page.getByRole('menuitem', { name: '审核队列' }).click();
  await supervisor.page.getByRole('columnheader', { name: '入队时间' }).waitFor();
  await supervisor.page.getByRole('button', { name: '领取下一件复核' }).click();
  await supervisor.page.waitForURL(`${consoleUrl}/review/${caseId}/show`);
  await supervisor.page.getByTestId('four-eyes').getByText('首次批准：rev.sh').waitFor();
  await supervisor.page.getByRole('button', { name: /^复核批准/ }).click();
  await supervisor.page.getByRole('dialog').getByRole('button', { name: '批准' }).click();
  await supervisor.page.waitForURL(`${consoleUrl}/review`);

  // Issued: the operator sees the certified photos and downloads a certificate.
  await page.getByText('已签发').first().waitFor({ timeout: 30_000 });
  const issued = page.getByTestId('issued-exit_entry');
  await issued.waitFor({ timeout: 20_000 });
  await snapshot(page, 'case-issued');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    issued.getByRole('button', { name: '证书' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${caseId}-exit_entry.certificate.json`);
  const certificate = JSON.parse(await fs.readFile((await download.path())!, 'utf8'));
  expect(certificate).toMatchObject({
    issuer: 'tongpai',
    algorithm: 'Ed25519',
    signature: expect.any(String),
  });
  for (const person of [browser, ...others]) expect(person.errors).toEqual([]);
});

test('a reviewer asks for a retake: the operator sees what to fix within seconds and captures again', async () => {
  const { page } = browser;
  await page.getByRole('menuitem', { name: '新建采集' }).click();
  await page.fill('input[name="personName"]', 'Ben Keller');
  await page.getByRole('combobox', { name: '人员类别' }).click();
  await page.getByRole('option', { name: '外国人' }).click();
  await page.fill('input[name="idNumber"]', 'C07654321');
  await page.getByRole('button', { name: '文件', exact: true }).click();
  await page.setInputFiles('input[type="file"]', face);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 30_000 });
  const caseId = /\/cases\/([0-9a-f-]{36})\/show$/.exec(page.url())![1]!;
  await page.getByText('待审核').first().waitFor({ timeout: 90_000 });

  const reviewer = others[0]!;
  await reviewer.page.getByRole('menuitem', { name: '审核队列' }).click();
  await reviewer.page.locator('table tbody tr', { hasText: 'Ben Keller' }).waitFor();
  await reviewer.page.getByRole('button', { name: '领取下一件', exact: true }).click();
  await reviewer.page.waitForURL(`${consoleUrl}/review/${caseId}/show`);
  await reviewer.page.getByTestId('four-eyes').getByText('领取人：rev.sh').waitFor();
  await reviewer.page.keyboard.press('t');
  const dialog = reviewer.page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /原因/ }).click();
  await reviewer.page.getByRole('option', { name: '其他（见备注）' }).click();
  await dialog.getByRole('textbox', { name: '备注（可选）' }).fill('请摘下眼镜，正对镜头');
  await snapshot(reviewer.page, 'review-retake-dialog');
  await dialog.getByRole('button', { name: '要求重拍' }).click();
  await reviewer.page.waitForURL(`${consoleUrl}/review`);

  // The operator's page shows the request without a reload, and captures again from it.
  const request = page.getByTestId('retake-request');
  await request.waitFor({ timeout: 20_000 });
  expect(await request.innerText()).toContain('请摘下眼镜，正对镜头');
  expect(await request.innerText()).toContain('其他（见备注）');
  await snapshot(page, 'case-retake-requested');
  await request.getByRole('button', { name: '重新采集' }).click();
  const retake = page.getByRole('dialog');
  await retake.getByRole('button', { name: '文件', exact: true }).click();
  await retake.locator('input[type="file"]').setInputFiles(face);
  await retake.getByRole('button', { name: '提交新照片' }).click();
  await page.getByText('第 2 次采集').waitFor({ timeout: 30_000 });
  await page.getByText('待审核').first().waitFor({ timeout: 90_000 });
  const row = await service.database.db('cases').where({ id: caseId }).first();
  expect(row).toMatchObject({ status: 'in_review', attempt: 2 });
  await page.getByRole('table', { name: '时间线' }).getByText('已重新采集').waitFor();
  for (const person of [browser, ...others]) expect(person.errors).toEqual([]);
});

test('a person with an issued photo is offered it at capture: the operator records a reuse, then a new capture', async () => {
  const { page } = browser;
  const idNumber = '310101199003071230';
  const operatorToken = await tokenFor('op.sh.pudong');
  const earlier = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    operatorToken,
    captureForm(await fs.readFile(issuableFace), { personName: '孙八', idNumber, documents: 'id_card' }),
  );
  expect(earlier.status).toBe(202);
  const issuedCaseId = (earlier.body as { caseId: string }).caseId;
  await waitForCase(service.api.baseUrl, operatorToken, issuedCaseId, 'issued');
  const issuedTrail = async () =>
    (await caseAuditTrail(service.database.db, issuedCaseId)).map((e) => [e.action, e.actor]);

  // The offer appears once the ID number is typed (the ID card is the default document), before the photo step.
  // Typed key by key the first time, pausing longer than the console waits before asking: a half-typed
  // number is no valid ID number, so only the whole one is ever looked up.
  const askForOffer = async ({ typeSlowly = false } = {}) => {
    await page.getByRole('menuitem', { name: '新建采集' }).click();
    await page.waitForURL(`${consoleUrl}/captures/create`);
    await page.fill('input[name="personName"]', '孙八');
    if (typeSlowly) await page.locator('input[name="idNumber"]').pressSequentially(idNumber, { delay: 450 });
    else await page.fill('input[name="idNumber"]', idNumber);
    const offer = page.getByTestId('reuse-offer');
    await offer.waitFor({ timeout: 20_000 });
    await offer.getByRole('img', { name: '已签发的居民身份证照片' }).waitFor();
    return offer;
  };
  const lookedUp: string[] = [];
  const recordLookup = (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/v1/reuse-offers') lookedUp.push(url.searchParams.get('idNumber') ?? '');
  };
  page.on('request', recordLookup);
  const offer = await askForOffer({ typeSlowly: true });
  page.off('request', recordLookup);
  expect(lookedUp.length).toBeGreaterThan(0);
  expect(new Set(lookedUp)).toEqual(new Set([idNumber]));
  const shown = await offer.innerText();
  expect(shown).toContain('签发时间：');
  expect(shown).toContain(`可复用至：${new Date().getFullYear() + 3}`);
  expect(shown).toMatch(/该照片已签发的证件：.*居民身份证/);
  await page.getByRole('button', { name: '文件', exact: true }).waitFor({ state: 'hidden' });
  await snapshot(page, 'reuse-offer');

  // Reuse: recorded by the API, then the outcome replaces the form; no capture is made.
  await offer.getByRole('button', { name: '复用此照片' }).click();
  const outcome = page.getByTestId('reuse-outcome');
  await outcome.waitFor({ timeout: 20_000 });
  expect(await outcome.innerText()).toContain('已复用已签发的照片');
  expect(await outcome.innerText()).toContain('用于：居民身份证');
  expect(await issuedTrail()).toEqual(
    expect.arrayContaining([
      ['photo.reuse_offered', 'op.sh.pudong'],
      ['photo.reuse_viewed', 'op.sh.pudong'],
      ['photo.reused', 'op.sh.pudong'],
    ]),
  );
  expect(
    await service.database
      .db('cases')
      .where({ id_number_hmac: testPersonHash()(idNumber) })
      .count(),
  ).toEqual([{ count: '1' }]);
  await snapshot(page, 'reuse-outcome');

  // The next time the citizen wants a new photo: the form will not be saved before the choice is made.
  await outcome.getByRole('button', { name: '下一位申请人' }).click();
  const again = await askForOffer();
  await page.getByRole('button', { name: '保存' }).click();
  await again.getByText('请先选择“复用此照片”或“重新采集”').waitFor();
  await again.getByRole('button', { name: '重新采集' }).click();
  await page.getByTestId('reuse-declined').waitFor();
  await page.getByRole('button', { name: '文件', exact: true }).click();
  await page.setInputFiles('input[type="file"]', issuableFace);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 30_000 });
  const newCaseId = /\/cases\/([0-9a-f-]{36})\/show$/.exec(page.url())![1]!;
  const captured = (await caseAuditTrail(service.database.db, newCaseId)).find(
    (e) => e.action === 'case.captured',
  );
  expect(captured?.data).toMatchObject({ declinedReuseOf: issuedCaseId, documents: ['id_card'] });
  expect(await issuedTrail()).toContainEqual(['photo.reuse_declined', 'op.sh.pudong']);
  await page.getByText(settledChip).first().waitFor({ timeout: 90_000 });
  expect(browser.errors).toEqual([]);
});

test('an administrator revokes an issued case from its page: the libraries show it recalled', async () => {
  const operator = await tokenFor('op.sh.pudong');
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    operator,
    captureForm(await fs.readFile(issuableFace), { personName: '郑一', idNumber: '310115198001011238' }),
  );
  const caseId = (captured.body as { caseId: string }).caseId;
  const admin = await browserFor('adm.sh');
  const { page } = admin;
  // The administrator finds the case in the list and opens it, as a person would.
  await page.getByRole('menuitem', { name: '照片业务' }).click();
  await page.locator('table tbody tr', { hasText: '郑一' }).click();
  await page.waitForURL(`${consoleUrl}/cases/${caseId}/show`);
  const upstream = page.getByRole('table', { name: '上报各库' });
  for (const target of upstreamTargets)
    await upstream.getByTestId(`upstream-${target}`).getByText('已上报').waitFor({ timeout: 90_000 });

  await page.getByRole('button', { name: '撤销证件照' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /撤销原因/ }).click();
  await page.getByRole('option', { name: '欺诈' }).click();
  await dialog.getByRole('textbox', { name: '备注' }).fill('证件造假，公安核实');
  await snapshot(page, 'case-revoke-dialog');
  await dialog.getByRole('button', { name: '确认撤销' }).click();
  await page.getByText(/由 adm\.sh 撤销，原因：欺诈/).waitFor({ timeout: 30_000 });
  // The panel reloads while the recalls are under way.
  for (const target of upstreamTargets)
    await upstream.getByTestId(`upstream-${target}`).getByText('已撤回').waitFor({ timeout: 60_000 });
  await snapshot(page, 'case-revoked');
  expect(await service.database.db('cases').where({ id: caseId }).first()).toMatchObject({
    status: 'revoked',
    revocation_reason: 'fraud',
    revoked_by: 'adm.sh',
  });
  expect(admin.errors).toEqual([]);
});

test('an administrator opens the upstream page from the menu, finds a refused submission in the manual queue and resubmits it', async () => {
  const simulator = await testSimulator();
  const faults = (body: object) =>
    fetch(`${simulator.url}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // A resident who passes every check is issued at once; the first library to be called refuses it.
  await faults({ rejectNext: 1 });
  const passes = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    await tokenFor('op.sh.pudong'),
    captureForm(await fs.readFile(passes), { personName: '林报送', idNumber: '440524198001010013' }),
  );
  expect(captured.status).toBe(202);
  const caseId = (captured.body as { caseId: string }).caseId;
  const rejected = () =>
    service.database.db('upstream_submissions').where({ case_id: caseId, state: 'rejected' }).first();
  await waitUntil('a submission to be refused', async () => Boolean(await rejected()), {
    timeoutMs: 90_000,
    intervalMs: 250,
  });
  await faults({ rejectNext: 0 });
  const { target } = (await rejected()) as { target: string };

  const { page, errors } = await browserFor('adm.sh');
  await page.getByRole('menuitem', { name: '上游库' }).click();
  await page.waitForURL(`${consoleUrl}/upstream-targets`);
  await page.getByText('人工处理队列：被上游库退回的报送').waitFor();
  const entry = page.locator('table tbody tr', { hasText: '林报送' });
  await entry.waitFor({ timeout: 20_000 });
  expect(await entry.innerText()).toContain('simulated rejection');
  await snapshot(page, 'upstream-page');

  await entry.getByRole('button', { name: '重新报送', exact: true }).click();
  const dialog = page.getByRole('dialog');
  // The reason is required: the confirmation stays disabled until one is given.
  expect(await dialog.getByRole('button', { name: '重新报送' }).isDisabled()).toBe(true);
  await dialog.getByTestId('upstream-reason').fill('上游库已修复登记信息');
  await dialog.getByRole('button', { name: '重新报送' }).click();
  await page.getByText('已重新报送').waitFor({ timeout: 30_000 });
  await entry.waitFor({ state: 'detached', timeout: 20_000 });

  await waitUntil(
    'the resubmission to be delivered',
    async () =>
      (await service.database.db('upstream_submissions').where({ case_id: caseId, target }).first())
        ?.state === 'delivered',
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  const audited = await service.database
    .db('audit_events')
    .where({ case_id: caseId, action: 'upstream.resubmitted' });
  expect(audited).toEqual([
    expect.objectContaining({
      actor: 'adm.sh',
      data: expect.objectContaining({ reason: '上游库已修复登记信息' }),
    }),
  ]);
  expect(errors).toEqual([]);
});

test('an auditor opens the audit page from the menu and verifies the trail: intact, and the run is audited', async () => {
  const { page, errors } = await browserFor('aud.sh');
  await page.getByRole('menuitem', { name: '审计' }).click();
  await page.waitForURL(`${consoleUrl}/audit`);
  await page.getByText('尚未校验过').waitFor();

  await page.getByRole('button', { name: '立即校验' }).click();
  await page.getByText('校验完成：审计日志完整').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('audit-state').innerText()).toContain('完整');
  expect(await page.getByText(/上次校验：.*校验人 aud\.sh/).count()).toBe(1);
  await snapshot(page, 'audit-page');

  const audited = await service.database.db('audit_events').where({ action: 'audit.verified' });
  expect(audited).toEqual([
    expect.objectContaining({ actor: 'aud.sh', data: expect.objectContaining({ ok: true }) }),
  ]);
  expect(errors).toEqual([]);
});

test('an administrator opens the dashboard from the menu, sees its figures refresh on their own, and opens the big screen', async () => {
  const { page, errors } = await browserFor('adm.sh');
  const db = service.database.db;
  const seed = (count: number) =>
    seedAttempts(
      db,
      Array.from({ length: count }, (_, k) =>
        newAttempt({
          stationId: 'sh-xuhui-gov',
          regionId: 'shanghai',
          capturedAt: new Date(Date.now() - (k + 1) * 60_000),
          verdict: k % 4 ? 'pass' : 'retake',
          checks: k % 4 ? [] : ['exposure'],
          idNumber: residentIdNumber({ year: 1980 + k, month: 6, day: 1 }, k % 2 ? 'male' : 'female'),
        }),
      ),
    );
  await seed(12);
  await recordInterfaceCall(db, {
    clientId: 'demo-shebao',
    clientKind: 'organisation',
    endpoint: 'lookup',
    result: 'ok',
    at: new Date(),
    latencyMs: 25,
  });
  const figures = async () =>
    (await apiCall(service.api.baseUrl, 'GET', '/api/v1/dashboard', await tokenFor('adm.sh')))
      .body as DashboardFigures;

  await page.getByRole('menuitem', { name: '驾驶舱' }).click();
  await page.waitForURL(`${consoleUrl}/dashboard`);
  const capturesToday = page.getByTestId('kpi-captures_today');
  await capturesToday.waitFor();
  const before = await figures();
  expect(await capturesToday.innerText()).toBe(String(before.captures.today));
  expect(await page.getByTestId('kpi-stations_online').innerText()).toBe(
    `${before.stations.online} / ${before.stations.deployed}`,
  );
  expect(await page.getByTestId('dashboard-stations').innerText()).toContain('徐汇区行政服务中心');
  // Four charts: the trend, verdicts by station, checks, fairness.
  expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
  expect(await page.getByTestId('dashboard-sharing').innerText()).toContain(
    `有效授权 ${before.sharing.activeGrants} 项`,
  );
  const calls = before.interfaceCalls.find((c) => c.clientId === 'demo-shebao')!;
  expect(await page.getByTestId('dashboard-interface-calls').innerText()).toMatch(
    new RegExp(`demo-shebao\\s+${calls.calls}\\s+${calls.errors}`),
  );
  await snapshot(page, 'dashboard');

  // New captures appear without a reload (the page polls).
  await seed(3);
  const after = await figures();
  expect(after.captures.today).toBe(before.captures.today + 3);
  await page
    .getByTestId('kpi-captures_today')
    .filter({ hasText: new RegExp(`^${after.captures.today}$`) })
    .waitFor({ timeout: 40_000 });

  await page.getByRole('link', { name: '大屏' }).click();
  await page.waitForURL(`${consoleUrl}/big-screen`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const screen = page.getByTestId('big-screen');
  await screen.getByTestId('kpi-captures_today').waitFor();
  expect(await screen.boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  expect(await screen.getByTestId('kpi-captures_today').innerText()).toBe(String(after.captures.today));
  // No console chrome: neither the menu nor the app bar.
  expect(await page.getByRole('menuitem').count()).toBe(0);
  expect(await page.locator('header').count()).toBe(0);
  expect(await screen.locator('canvas').count()).toBeGreaterThanOrEqual(4);
  // Everything fits on the screen: no panel runs past its bottom or right edge.
  for (const panel of await screen.getByTestId('big-screen-panel').all()) {
    const box = (await panel.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
  }
  await snapshot(page, 'big-screen');
  expect(errors).toEqual([]);
});

test("an auditor finds a person's photo by ID number, opens its whole history and exports it, signed", async () => {
  const idNumber = residentIdNumbers().next().value!;
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    await tokenFor('op.sh.pudong'),
    captureForm(await fs.readFile(issuableFace), { personName: '审计甲', idNumber }),
  );
  const caseId = (captured.body as { caseId: string }).caseId;
  await waitForCase(service.api.baseUrl, await tokenFor('op.sh.pudong'), caseId, 'issued');

  const { page, errors } = await browserFor('aud.sh');
  await page.getByRole('menuitem', { name: '审计' }).click();
  await page.waitForURL(`${consoleUrl}/audit`);
  await page.getByRole('textbox', { name: '证件号码' }).fill(idNumber);
  await page.getByRole('button', { name: '检索', exact: true }).click();
  const results = page.getByTestId('audit-search-results');
  await results.getByText('已签发').first().waitFor({ timeout: 20_000 });
  await snapshot(page, 'audit-search');
  await results.getByRole('button', { name: '全程记录' }).first().click();

  await page.waitForURL(`${consoleUrl}/audit/${caseId}/show`);
  const history = page.getByTestId('photo-history');
  for (const step of ['采集', '已签发', '查阅全程记录']) await history.getByText(step).first().waitFor();
  expect(await page.getByTestId('history-case').innerText()).toContain(caseId);
  await snapshot(page, 'photo-history');

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出签名 JSON' }).click(),
  ]);
  expect(json.suggestedFilename()).toBe(`photo-history-${caseId}.signed.json`);
  const signed: unknown = JSON.parse(await fs.readFile((await json.path())!, 'utf8'));
  const keys = (await apiCall(service.api.baseUrl, 'GET', '/api/v1/certification/keys')).body as {
    keys: PublicKeyInfo[];
  };
  expect(verifySignedHistory(signed, keys.keys)).toMatchObject({ ok: true, history: { caseId } });
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 PDF' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe(`photo-history-${caseId}.pdf`);
  expect((await fs.readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

  const reads = await service.database
    .db('audit_events')
    .where({ actor: 'aud.sh' })
    .whereIn('action', ['audit.searched', 'audit.history_read', 'audit.history_exported'])
    .orderBy('id')
    .select('action', 'case_id');
  expect(reads).toEqual([
    { action: 'audit.searched', case_id: null },
    { action: 'audit.history_read', case_id: caseId },
    { action: 'audit.history_exported', case_id: caseId },
    { action: 'audit.history_exported', case_id: caseId },
  ]);
  expect(errors).toEqual([]);
});

test('an administrator opens the case list from the menu with more cases than are counted exactly: the total reads as approximate', async () => {
  await insertBulkCases(service.database.db, exactTotalLimit + 50);
  const { page, errors } = await browserFor('adm.province');
  await page.getByRole('menuitem', { name: '照片业务' }).click();
  await page.getByText(/^第 1-25 条，共约 \d+ 条$/).waitFor();
  await snapshot(page, 'case-list-estimated');
  expect(errors).toEqual([]);
});
