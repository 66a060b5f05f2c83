import { randomBytes } from 'node:crypto';
import { parseBlobKeyring, newBlobKeyEntry } from './blob-keys';
import { idNumberOf, personCipher, SealedFieldError } from './person-cipher';
import { personHasher } from './person-hash';

const hash = personHasher(randomBytes(32));
const keyring = parseBlobKeyring(newBlobKeyEntry('2026-12'), '', 'test');
const cipher = personCipher(keyring, hash);
const idNumber = '11010519491231002X';

test('sealed under the current key, named in the value; opened again; never the same twice', () => {
  const sealed = cipher.seal(idNumber.toLowerCase());
  expect(sealed).toMatch(/^tpf1\.2026-12\.[A-Za-z0-9_-]+$/);
  expect(sealed).not.toContain(idNumber);
  expect(cipher.keyIdOf(sealed)).toBe('2026-12');
  expect(cipher.open(sealed)).toBe(idNumber);
  expect(cipher.seal(idNumber)).not.toBe(cipher.seal(idNumber));
});

test('the columns a case keeps: sealed, the one person hash, masked', () => {
  const columns = cipher.columns(` ${idNumber.toLowerCase()} `);
  expect(columns).toEqual({
    id_number_encrypted: expect.stringMatching(/^tpf1\./),
    id_number_hmac: hash(idNumber),
    id_number_masked: '110105********002X',
  });
  expect(idNumberOf(cipher, columns)).toBe(idNumber);
  expect(idNumberOf(cipher, { id_number: idNumber, id_number_encrypted: null })).toBe(idNumber);
});

test('an altered value, another key of the same id, an unknown key: refused, never a wrong number', () => {
  const sealed = cipher.seal(idNumber);
  const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
  body[14]! ^= 1;
  expect(() => cipher.open(`tpf1.2026-12.${body.toString('base64url')}`)).toThrow(SealedFieldError);
  const impostor = personCipher(parseBlobKeyring(newBlobKeyEntry('2026-12'), '', 'other'), hash);
  expect(() => impostor.open(sealed)).toThrow('fails its integrity check');
  const other = personCipher(parseBlobKeyring(newBlobKeyEntry('2027-01'), '', 'other'), hash);
  expect(() => other.open(sealed)).toThrow('master key "2026-12", which is not configured');
  expect(() => cipher.open(idNumber)).toThrow('not a sealed ID number');
});

test('rotation: a new current key seals from then on; values under the older one still open', () => {
  const rotated = parseBlobKeyring(`${newBlobKeyEntry('2027-01')}`, '', 'new');
  const both = personCipher(
    { currentKeyId: '2027-01', keys: new Map([...keyring.keys, ...rotated.keys]) },
    hash,
  );
  const old = cipher.seal(idNumber);
  expect(both.open(old)).toBe(idNumber);
  expect(both.keyIdOf(both.seal(idNumber))).toBe('2027-01');
});
