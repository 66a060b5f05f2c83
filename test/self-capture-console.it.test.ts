/**
 * The citizen's self-capture in a real browser at a phone's size (360x740), reached by clicking: the citizen
 * signs in, opens 自助拍照 from the menu, the fake camera shows a face where the guide wants it, the photo is
 * taken by auto-capture and sent, and the verdict appears with its reasons; the case is a phone capture under
 * the citizen's own identity. Run under the console lock (fixed port): flock /tmp/console-test.lock.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { testConsoleOrigin } from './support/api';
import { launchBrowser } from './support/browser';
import { testPersonHash } from './support/keys';
import { startWorkingService } from './support/capture-service';
import { startTestConsole } from './support/console';
import { writeFaceInGuideVideo } from './support/fake-camera';
import { demoPassword } from './support/tokens';
import { activityDeps } from './support/temporal';
import type { ManagedProcess } from '../stack/process';

jest.setTimeout(240_000);

const issuableFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: Awaited<ReturnType<typeof startWorkingService>>;
let vite: ManagedProcess;
let camera: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  service = await startWorkingService('self-capture-console');
  vite = await startTestConsole(service.api.baseUrl);
  // The camera shows a photo whose face sits where the guide wants it, found by the server's own detector.
  const { report } = await (
    await activityDeps(service.database.db, service.testBlobs.blobs)
  ).pipeline.process(await fs.readFile(issuableFace), {
    profiles: ['id_card'],
  });
  const video = await writeFaceInGuideVideo(issuableFace, report.faces[0]!.box);
  camera = await launchBrowser({ camera: video, viewport: { width: 360, height: 740 } });
});

afterAll(async () => {
  await camera?.close();
  await vite?.stop();
  await service?.close();
});

test('a citizen opens self-capture on the phone, auto-capture takes the photo, and the verdict appears with its reasons', async () => {
  const { page } = camera;
  await page.goto(`${testConsoleOrigin}/`);
  await page.locator('#username').waitFor({ timeout: 90_000 });
  await page.fill('#username', 'citizen.sh');
  await page.fill('#password', demoPassword);
  await page.click('#kc-login');

  // At a phone's width the menu is behind its button.
  await page.getByRole('button', { name: '打开菜单' }).click({ timeout: 60_000 });
  await page.getByRole('menuitem', { name: '自助拍照' }).click();
  await page.waitForURL(`${testConsoleOrigin}/self-capture`);
  await page.getByLabel('人脸就位后自动拍照').waitFor();
  expect(await page.getByLabel('人脸就位后自动拍照').isChecked()).toBe(true);

  // Nobody presses 拍照: the guide takes the photo once the face is in place, and the page follows the case.
  const outcome = page.getByTestId('self-capture-outcome');
  await outcome.waitFor({ timeout: 90_000 });
  await outcome.getByText('待审核').waitFor();
  await outcome.getByText('照片签发前需由工作人员人工审核，审核结果将显示在本页。').waitFor();
  await outcome.getByText('原因').waitFor();
  const reasons = await outcome.innerText();
  expect(reasons).toMatch(/所有检查均已通过。|需人工审核/);

  const row = await service.database.db('cases').first();
  expect(row).toMatchObject({
    channel: 'phone',
    station_id: null,
    id_number_hmac: testPersonHash()('310115198803120049'), // sealed at rest: found by its hash
    id_number: null,
    status: 'in_review',
    route_reason: expect.stringMatching(/^(channel:phone|verdict:review)$/),
    master_width: 640,
  });
  // The case followed is remembered: after a reload the page shows it again rather than the camera.
  await page.reload();
  await page.getByTestId('self-capture-outcome').getByText('待审核').waitFor({ timeout: 60_000 });
  expect(page.viewportSize()).toEqual({ width: 360, height: 740 });
  expect(camera.errors).toEqual([]);
});
