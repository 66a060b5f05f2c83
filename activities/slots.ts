/** At most `size` holders at once; the others wait, first come first served. */
export interface Slots {
  /** Runs `work` in a slot, waiting for one first if all are taken. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createSlots(size: number): Slots {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running < size) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A waiting holder takes over the slot as it is; otherwise the slot is freed.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(work) {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
