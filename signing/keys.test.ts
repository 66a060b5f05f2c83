import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { certificateHolds, certifyPhoto } from './certificate';
import { generateSigningKey, loadKeyRing, loadVerifyingKeyRing, SigningKeyError } from './keys';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongpai-keys-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const claims = {
  sha256: 'a'.repeat(64),
  caseId: '7f0c4a9e-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
  profileId: 'id_card',
  issuedAt: '2026-12-04T10:00:00.000Z',
};

describe('signing keys and photo certificates', () => {
  test('a development start makes one private key file, readable by its owner only, and reuses it', () => {
    const first = loadKeyRing(dir, { generateIfEmpty: true });
    const again = loadKeyRing(dir, { generateIfEmpty: true });
    expect(again.activeKeyId).toBe(first.activeKeyId);
    const files = fs.readdirSync(dir);
    expect(files).toEqual([`${first.activeKeyId}.key`]);
    expect(fs.statSync(path.join(dir, files[0]!)).mode & 0o077).toBe(0);
  });

  test('a certificate holds for its own file only, and not once any field is changed', () => {
    const keys = loadKeyRing(dir, { generateIfEmpty: true });
    const certificate = certifyPhoto(keys, claims);
    expect(certificateHolds(keys, certificate, claims.sha256)).toBe(true);
    expect(certificateHolds(keys, certificate, 'b'.repeat(64))).toBe(false);
    expect(certificateHolds(keys, { ...certificate, profileId: 'exit_entry' }, claims.sha256)).toBe(false);
    expect(
      certificateHolds(keys, { ...certificate, issuedAt: '2026-12-05T10:00:00.000Z' }, claims.sha256),
    ).toBe(false);
    expect(certificateHolds(keys, { ...certificate, keyId: 'unknown' }, claims.sha256)).toBe(false);
  });

  test('rotation: a new active key signs from then on; certificates of the old key still verify', () => {
    generateSigningKey(dir, 'k2025');
    const before = loadKeyRing(dir);
    const old = certifyPhoto(before, claims);
    generateSigningKey(dir, 'k2026');
    const after = loadKeyRing(dir, { activeKeyId: 'k2026' });
    expect(after.activeKeyId).toBe('k2026');
    expect(certifyPhoto(after, claims).keyId).toBe('k2026');
    expect(certificateHolds(after, old, claims.sha256)).toBe(true);
    expect(after.publicKeys().map((k) => k.keyId)).toEqual(['k2025', 'k2026']);
    expect(after.publicKeys()[0]!.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  test('no keys, an unknown active key or a key of another kind stop start-up with the reason', () => {
    expect(() => loadKeyRing(dir)).toThrow(SigningKeyError);
    generateSigningKey(dir, 'k1');
    expect(() => loadKeyRing(dir, { activeKeyId: 'k9' })).toThrow(/k9 is not in/);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    fs.writeFileSync(path.join(dir, 'rsa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadKeyRing(dir)).toThrow(/rsa.key is not an Ed25519 private key/);
  });

  test('a side holding public keys only checks certificates and signs nothing', () => {
    const signer = loadKeyRing(dir, { generateIfEmpty: true });
    const certificate = certifyPhoto(signer, claims);
    const publicDir = path.join(dir, 'public');
    fs.mkdirSync(publicDir);
    for (const key of signer.publicKeys())
      fs.writeFileSync(path.join(publicDir, `${key.keyId}.pub`), key.publicKeyPem);
    const verifier = loadVerifyingKeyRing(publicDir);
    expect(certificateHolds(verifier, certificate, claims.sha256)).toBe(true);
    expect(certificateHolds(verifier, certificate, 'b'.repeat(64))).toBe(false);
    expect(() => verifier.sign(Buffer.from('x'))).toThrow(SigningKeyError);
    expect(() => loadVerifyingKeyRing(path.join(dir, 'none'))).toThrow(/no public keys/);
  });
});
