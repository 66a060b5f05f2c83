import type { Receipt, RecallReceipt } from './contract';
import type { UpstreamAdapter } from './http-adapter';
import { limitInFlight } from './in-flight';

/** An adapter whose calls stay open until released, counting how many are open at once. */
function heldAdapter() {
  let open = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const hold = <T>(answer: T) =>
    new Promise<T>((resolve) => {
      open++;
      most = Math.max(most, open);
      releases.push(() => {
        open--;
        resolve(answer);
      });
    });
  const adapter: UpstreamAdapter = {
    target: 'yrd',
    submit: () => hold({ receiptId: 'r' } as Receipt),
    recall: () => hold({ recallId: 'c' } as RecallReceipt),
  };
  return {
    adapter,
    open: () => open,
    most: () => most,
    releaseAll: async () => {
      while (releases.length) {
        releases.shift()!();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

test('at most the limit of calls reach a library at once, submissions and recalls together; every call is answered', async () => {
  const held = heldAdapter();
  const limited = limitInFlight(held.adapter, 2);
  const calls = [
    ...Array.from({ length: 5 }, () => limited.submit({} as never)),
    ...Array.from({ length: 2 }, () => limited.recall({} as never)),
  ];
  await new Promise((r) => setImmediate(r));
  expect(held.open()).toBe(2);
  await held.releaseAll();
  const answers = await Promise.all(calls);
  expect(answers).toHaveLength(7);
  expect(held.most()).toBe(2);
  expect(limited.target).toBe('yrd');
});
