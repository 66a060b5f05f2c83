/** The webhook signature as a receiver checks it (docs/webhooks.md). */
import { verifyWebhookSignature, webhookSignature } from './webhooks';

const secret = 'whsec_test';
const body = '{"id":"6f1c0c55-5d6b-4a8e-9a43-0d5e6d0f2b6e","type":"grant.revoked"}';
const now = 1_796_457_600;

test('a signature verifies over the very body, secret and time it was made with', () => {
  const header = webhookSignature(secret, now, body);
  expect(header).toMatch(/^t=1796457600,v1=[0-9a-f]{64}$/);
  expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now + 10 })).toBe(true);
  expect(verifyWebhookSignature('whsec_other', header, body, { nowSeconds: now })).toBe(false);
  expect(verifyWebhookSignature(secret, header, `${body} `, { nowSeconds: now })).toBe(false);
  // The time is signed too: a header with another t does not verify.
  expect(
    verifyWebhookSignature(secret, header.replace(`t=${now}`, `t=${now + 1}`), body, { nowSeconds: now }),
  ).toBe(false);
});

test('an old delivery (a replay) and a malformed header are refused', () => {
  const header = webhookSignature(secret, now, body);
  expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now + 301 })).toBe(false);
  for (const malformed of ['', 'v1=abc', `t=${now}`, `t=soon,v1=${'0'.repeat(64)}`])
    expect(verifyWebhookSignature(secret, malformed, body, { nowSeconds: now })).toBe(false);
});
