import { createRateLimiter } from './rate-limit';

test('a bucket holds a minute of allowance, refills continuously and says when to come back', () => {
  let now = 0;
  const limiter = createRateLimiter(() => now);
  for (let i = 0; i < 3; i++) expect(limiter.take('client:a', 3)).toEqual({ ok: true });
  expect(limiter.take('client:a', 3)).toEqual({ ok: false, retryAfterSeconds: 20 });
  // Another key has its own bucket.
  expect(limiter.take('client:b', 3)).toEqual({ ok: true });
  now += 20_000;
  expect(limiter.take('client:a', 3)).toEqual({ ok: true });
  expect(limiter.take('client:a', 3)).toEqual({ ok: false, retryAfterSeconds: 20 });
  now += 10 * 60_000;
  for (let i = 0; i < 3; i++) expect(limiter.take('client:a', 3)).toEqual({ ok: true });
});
