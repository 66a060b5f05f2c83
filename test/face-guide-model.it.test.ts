/**
 * The console's live face guide loads its detector from the API: the listed file, byte for byte, to anyone
 * signed in; refused without a token; and a model missing on the server is answered as the server's fault
 * (503, the reason logged, not told), not the caller's.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { faceGuideModelFile } from '../imaging/models/checksums';
import { startApi } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { tokenFor } from './support/tokens';

let service: CaptureService;

beforeAll(async () => {
  service = await startCaptureService('face-guide-model');
});

afterAll(() => service?.close());

const modelPath = '/api/v1/face-guide/model';

test('the detector comes to a signed-in operator or citizen as listed in SHA256SUMS, and to nobody else', async () => {
  const modelsDir = loadConfig().TONGPAI_MODELS_DIR;
  const listed = (await fs.readFile(path.join(modelsDir, 'SHA256SUMS'), 'utf8'))
    .split('\n')
    .find((line) => line.endsWith(faceGuideModelFile))!
    .split(/\s+/)[0];
  for (const user of ['op.sh.pudong', 'citizen.sh']) {
    const res = await fetch(`${service.api.baseUrl}${modelPath}`, {
      headers: { authorization: `Bearer ${await tokenFor(user)}` },
    });
    expect([user, res.status, res.headers.get('content-type')]).toEqual([
      user,
      200,
      'application/octet-stream',
    ]);
    const sha256 = createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
    expect(sha256).toBe(listed);
  }
  const anonymous = await fetch(`${service.api.baseUrl}${modelPath}`);
  expect(anonymous.status).toBe(401);
});

test('a server without the model answers 503 face_guide_unavailable in both languages, without its file paths', async () => {
  const emptyModels = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-no-models-'));
  await fs.writeFile(path.join(emptyModels, 'SHA256SUMS'), '');
  const api = await startApi({
    db: service.database.db,
    blobs: service.testBlobs.blobs,
    temporal: service.temporal.client,
    taskQueue: service.taskQueue,
    modelsDir: emptyModels,
  });
  try {
    const res = await fetch(`${api.baseUrl}${modelPath}`, {
      headers: { authorization: `Bearer ${await tokenFor('op.sh.pudong')}` },
    });
    const body = (await res.json()) as { code: string; messages: { zh: string; en: string } };
    expect([res.status, body.code]).toEqual([503, 'face_guide_unavailable']);
    expect(body.messages.zh).toContain('请手动拍照');
    expect(JSON.stringify(body)).not.toContain(emptyModels);
  } finally {
    await api.close();
    await fs.rm(emptyModels, { recursive: true, force: true });
  }
});
