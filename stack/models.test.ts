/**
 * A first start without the model weights, against local HTTP servers standing where the public sources are
 * (TONGPAI_MODELS_BASE_URL): one serving the real files (from TONGPAI_MODELS_DIR), one serving a corrupted file.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, repoRoot } from '../config';
import { verifyModelFiles } from '../imaging/models/checksums';
import { modelSources } from '../imaging/models/sources';
import { fetchMissingModels } from './models';
import { MissingPrerequisiteError } from './tools';

const modelsDir = loadConfig().TONGPAI_MODELS_DIR;
const corrupted = 'face_mesh_468.onnx';

/** Serves each model file at its source's path; `corrupt` flips one byte of that file. */
async function sourceServer(
  corrupt?: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const byPath = new Map(modelSources.map((s) => [`/${s.repository}/${s.commit}/${s.path}`, s.file]));
  const server = http.createServer((req, res) => {
    requests.push(req.url!);
    const file = byPath.get(req.url!);
    if (!file) return void res.writeHead(404).end('not found');
    void readFile(path.join(modelsDir, file)).then(
      (bytes) => {
        const middle = bytes.length >> 1;
        if (file === corrupt) bytes[middle] = bytes[middle]! ^ 0xff;
        res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
      },
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tongpai-models-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the missing weights are fetched from their sources, verified, and listed in SHA256SUMS', async () => {
  const server = await sourceServer();
  const said: string[] = [];
  try {
    await fetchMissingModels(dir, server.url, (line) => said.push(line));
  } finally {
    await server.close();
  }
  await expect(verifyModelFiles(dir)).resolves.toBeUndefined();
  expect(await readFile(path.join(dir, 'SHA256SUMS'), 'utf8')).toBe(
    await readFile(path.join(modelsDir, 'SHA256SUMS'), 'utf8'),
  );
  expect(said[0]).toBe(`models: 8 of 8 model files missing from ${dir}: fetching them from ${server.url}`);
  expect(said.slice(1)).toHaveLength(8);
  expect(said[8]).toMatch(/^models: \[8\/8\] minifasnet_v1se\.onnx \(7\.6 MB so far\), sha256 verified$/);

  // A later start fetches only what has gone missing.
  await rm(path.join(dir, 'minifasnet_v2.onnx'));
  const again = await sourceServer();
  try {
    await fetchMissingModels(dir, again.url, () => undefined);
  } finally {
    await again.close();
  }
  expect(again.requests).toEqual([expect.stringMatching(/MiniFASNetV2\.onnx$/)]);
  await expect(verifyModelFiles(dir)).resolves.toBeUndefined();
});

test('a corrupted download is refused, nothing unverified is kept, and the manual steps are shown', async () => {
  const server = await sourceServer(corrupted);
  let failure: unknown;
  try {
    await fetchMissingModels(dir, server.url, () => undefined).catch((err: unknown) => (failure = err));
  } finally {
    await server.close();
  }
  expect(failure).toBeInstanceOf(MissingPrerequisiteError);
  const message = (failure as Error).message;
  expect(message).toMatch(
    new RegExp(
      `^${corrupted} from ${server.url}keijiro/FaceMeshBarracuda/\\S+ is not the pinned file \\(sha256 [0-9a-f]{64}, expected ed487104\\w+\\): refused, nothing kept`,
    ),
  );
  expect(message).toContain('Offline or behind a proxy? Fetch the model weights by hand');
  expect(message).toContain(
    `curl -fLo ${corrupted} https://raw.githubusercontent.com/keijiro/FaceMeshBarracuda/f5b43c9da884786d27ad50b0529111139dc8eed1/Packages/jp.keijiro.mediapipe.facemesh/ONNX/face_landmark_barracuda.onnx`,
  );
  // The files fetched before it were verified and stay; the bad one, its partial download and SHA256SUMS do not.
  expect((await readdir(dir)).sort()).toEqual([
    'yunet_n_320_320.onnx',
    'yunet_n_dynamic.onnx',
    'yunet_s_640_640.onnx',
  ]);
});

test('offline: npm start stops before any engine, with the reason and the manual steps', async () => {
  const closed = await sourceServer();
  await closed.close(); // nothing listens on its port any more
  const run = promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['stack/up.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TONGPAI_MODELS_DIR: dir,
      TONGPAI_MODELS_BASE_URL: closed.url,
      TONGPAI_DATA_DIR: path.join(dir, 'data'),
    },
  });
  const failed = (await run.catch((err: unknown) => err)) as { code: number; stdout: string; stderr: string };
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain(
    `could not fetch yunet_n_320_320.onnx from ${closed.url}ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_n_320_320.onnx: connect ECONNREFUSED`,
  );
  expect(failed.stderr).toContain('sha256sum -c SHA256SUMS');
  expect(failed.stdout).not.toContain('[postgres]');
  expect(await readdir(dir)).toEqual(['data']);
});
