/** Webhook secrets at rest: sealed under the photo master key, bound to what they are for, readable after rotation. */
import { secretSealer } from './secret-seal';
import { rotatedKeyring, testBlobKeyring } from '../test/support/blobs';

const secret = 'whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

test('a sealed secret opens for its own purpose only, and holds no plaintext', () => {
  const sealer = secretSealer(testBlobKeyring('2026-a'));
  const sealed = sealer.seal('webhook-secret:demo-employer', secret);
  expect(sealed.includes(Buffer.from(secret))).toBe(false);
  expect(sealer.open('webhook-secret:demo-employer', sealed)).toBe(secret);
  // Copied to another client's row, it does not open.
  expect(() => sealer.open('webhook-secret:demo-exam-centre', sealed)).toThrow(/integrity/);
  // Sealed twice, never the same bytes.
  expect(sealer.seal('webhook-secret:demo-employer', secret).equals(sealed)).toBe(false);
});

test('a secret sealed before a master-key rotation still opens; without the key it does not', () => {
  const before = testBlobKeyring('2026-a');
  const sealed = secretSealer(before).seal('webhook-secret:demo-employer', secret);
  expect(secretSealer(rotatedKeyring(before, '2026-b')).open('webhook-secret:demo-employer', sealed)).toBe(
    secret,
  );
  expect(() => secretSealer(testBlobKeyring('2026-b')).open('webhook-secret:demo-employer', sealed)).toThrow(
    /not in the keyring/,
  );
});
