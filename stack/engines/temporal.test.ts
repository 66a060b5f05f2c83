import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { partitionSettings } from './temporal';

const readOne = ['--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1'];
const writeOne = ['--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1'];

describe("the Temporal dev server's task queue partitions", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-temporal-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('a new database writes and reads one partition, and is marked so for its later starts', async () => {
    const dbFile = path.join(dir, 'temporal.db');
    expect(await partitionSettings(dbFile)).toEqual([...writeOne, ...readOne]);
    await fs.writeFile(dbFile, 'the server has run on it');
    expect(await partitionSettings(dbFile)).toEqual([...writeOne, ...readOne]);
  });

  it('a database from before the setting keeps polling every partition, so no task left in one is stranded', async () => {
    const dbFile = path.join(dir, 'temporal.db');
    await fs.writeFile(dbFile, 'written with four partitions per task queue');
    expect(await partitionSettings(dbFile)).toEqual(writeOne);
    expect(await partitionSettings(dbFile)).toEqual(writeOne);
  });
});
