/**
 * Nothing leaves with location or device metadata: a phone photo with GPS and device EXIF (stored sideways)
 * is captured and processed on the real engines, and every file the API serves for its case (the master,
 * each standard photo, the preview, print sheets) carries none of it, while the stored original keeps it
 * as evidence.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { readJpegSegments } from '../imaging/image/jfif';
import { carriedMetadata, withPhoneMetadata } from '../imaging/testing/metadata';
import { apiCall, waitForCase, captureForm } from './support/api';
import { startWorkingService } from './support/capture-service';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const facePath = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');

let service: Awaited<ReturnType<typeof startWorkingService>>;
let token: string;

beforeAll(async () => {
  service = await startWorkingService('outbound-metadata');
  token = await tokenFor('op.sh.pudong');
});

afterAll(() => service?.close());

async function served(url: string): Promise<Buffer> {
  const res = await fetch(`${service.api.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  expect({ url, status: res.status }).toEqual({ url, status: 200 });
  return Buffer.from(await res.arrayBuffer());
}

test('a phone photo with GPS and device EXIF: no file served for its case carries any of it', async () => {
  // The test face (1350x1350), stored sideways by the "phone" with its position and model.
  const phonePhoto = await withPhoneMetadata(await fs.readFile(facePath), { sideways: true });
  expect(await carriedMetadata(phonePhoto)).toEqual(['device name', 'EXIF header', 'exif', 'icc']);
  const captured = await apiCall(
    service.api.baseUrl,
    'POST',
    '/api/v1/captures',
    token,
    captureForm(phonePhoto),
  );
  expect(captured.status).toBe(202);
  const caseId = captured.body.caseId as string;
  const detail = await waitForCase(service.api.baseUrl, token, caseId, 'settled');
  expect(detail.photos.length).toBeGreaterThan(0);

  const files: Record<string, Buffer> = {
    master: await served(`/api/v1/cases/${caseId}/master`),
    preview: await served(`/api/v1/cases/${caseId}/preview`),
  };
  for (const { profileId } of detail.photos)
    files[profileId] = await served(`/api/v1/cases/${caseId}/photos/${profileId}`);
  if (detail.photos.some((p) => p.profileId === 'id_card' && p.verdict !== 'retake')) {
    files['sheet.jpg'] = await served(`/api/v1/cases/${caseId}/photos/id_card/sheet?size=6inch&format=jpg`);
    files['sheet.pdf'] = await served(`/api/v1/cases/${caseId}/photos/id_card/sheet?size=6inch`);
  }
  const leaks: Record<string, string[]> = {};
  for (const [name, bytes] of Object.entries(files)) leaks[name] = await carriedMetadata(bytes);
  expect(leaks).toEqual(Object.fromEntries(Object.keys(files).map((name) => [name, []])));
  // Served upright, as the pipeline saw it.
  expect(readJpegSegments(files.master!)).toMatchObject({ width: 1350, height: 1350 });

  // The original stays stored byte for byte, as evidence.
  expect((await service.testBlobs.blobs.get(detail.master.sha256)).equals(phonePhoto)).toBe(true);
});
