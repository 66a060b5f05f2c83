/**
 * Photo files at rest, after a whole capture through the API on the real engines: in the file store and in a
 * bucket of the S3 gateway (read as the gateway's own files, `<bucket>/ab/cd/<sha256>`), every stored file is
 * sealed, none a JPEG, while the API serves the photos as they were; an altered file is refused.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { blobPath } from '../db/blob-store';
import { apiCall, captureForm, waitForCase } from './support/api';
import { rawBlobFiles, unsealedBlobFiles } from './support/blobs';
import { startWorkingService } from './support/capture-service';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

const facePath = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_034_neutral.jpg');

describe.each(['file', 's3'] as const)('the %s store', (store) => {
  let service: Awaited<ReturnType<typeof startWorkingService>>;
  beforeAll(async () => {
    service = await startWorkingService(`at-rest-${store}`, { store });
  });
  afterAll(() => service?.close());

  test('after a capture is issued, no stored file is a JPEG, and the API serves each photo whole', async () => {
    const token = await tokenFor('op.sh.pudong');
    const face = await fs.readFile(facePath);
    const form = captureForm(face, { personName: '周杰', idNumber: '310115200012311236' });
    const accepted = await apiCall(service.api.baseUrl, 'POST', '/api/v1/captures', token, form);
    expect(accepted.status).toBe(202);
    const caseId = accepted.body.caseId as string;
    const detail = await waitForCase(service.api.baseUrl, token, caseId, 'issued');

    const stored = await rawBlobFiles(service.testBlobs.dir);
    // The master, every standard photo and the preview, each under its sha256.
    expect([...stored.keys()].sort()).toEqual(
      expect.arrayContaining([detail.master.sha256, ...detail.photos.map((p) => p.sha256)].sort()),
    );
    expect(stored.size).toBeGreaterThanOrEqual(1 + detail.photos.length + 1);
    expect(await unsealedBlobFiles(service.testBlobs.dir)).toEqual([]);

    const served = async (url: string) => {
      const res = await fetch(`${service.api.baseUrl}${url}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    expect((await service.testBlobs.blobs.get(detail.master.sha256)).equals(face)).toBe(true);
    const urls = [`/master`, ...detail.photos.map((p) => `/photos/${p.profileId}`)];
    for (const url of urls)
      expect((await served(`/api/v1/cases/${caseId}${url}`)).subarray(0, 3)).toEqual(
        Buffer.from([0xff, 0xd8, 0xff]),
      );

    // One bit changed in the stored file: a logged server fault with its own code, and the photo served again once restored.
    const { sha256 } = detail.photos.find((p) => p.profileId === 'id_card')!;
    const file = blobPath(service.testBlobs.dir, sha256);
    const original = await fs.readFile(file);
    const altered = Buffer.from(original);
    altered[altered.length - 100]! ^= 1;
    await fs.writeFile(file, altered);
    try {
      const refused = await apiCall(
        service.api.baseUrl,
        'GET',
        `/api/v1/cases/${caseId}/photos/id_card`,
        token,
      );
      expect(refused.status).toBe(500);
      expect(refused.body).toMatchObject({
        code: 'stored_file_unreadable',
        messages: { zh: expect.any(String) },
      });
    } finally {
      await fs.writeFile(file, original);
    }
    await served(`/api/v1/cases/${caseId}/photos/id_card`);
  });
});
