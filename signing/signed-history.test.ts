import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PhotoHistory } from '../domain/schemas';
import { loadKeyRing } from './keys';
import { signHistory, verifySignedHistory } from './signed-history';

const history: PhotoHistory = {
  caseId: '00000000-0000-4000-8000-000000000000',
  status: 'revoked',
  category: 'resident',
  idNumberMasked: '310115********0003',
  stationId: 'sh-pudong-ee',
  regionId: 'shanghai',
  capturedAt: '2026-12-05T04:00:00.000Z',
  generatedAt: '2026-12-05T05:00:00.000Z',
  generatedBy: 'aud.sh',
  entries: [
    {
      at: '2026-12-05T04:30:00.000Z',
      source: 'audit',
      stream: 'audit',
      kind: 'case.revoked',
      actor: 'adm.sh',
      role: 'admin',
      network: 'police',
      reason: 'wrong_person',
      details: { note: '窗口核实：照片不是本人' },
    },
  ],
};

describe('signed photo history', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongpai-signed-history-'));
  const keys = loadKeyRing(dir, { generateIfEmpty: true });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies against the published key, and fails when one character or the key changes', () => {
    const signed = signHistory(keys, history);
    expect(verifySignedHistory(signed, keys.publicKeys())).toEqual({
      ok: true,
      history,
      keyId: keys.activeKeyId,
    });
    const changed = { ...signed, document: signed.document.replace('本人', '他人') };
    expect(verifySignedHistory(changed, keys.publicKeys())).toMatchObject({ ok: false });
    expect(verifySignedHistory({ ...signed, keyId: 'other' }, keys.publicKeys())).toMatchObject({
      ok: false,
      reason: 'unknown signing key other',
    });
    expect(verifySignedHistory({ history }, keys.publicKeys())).toMatchObject({ ok: false });
  });
});
