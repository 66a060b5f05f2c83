import { decodeCursor, encodeCursor } from './audit-search';
import { personHasher } from './person-hash';

describe('audit search cursor', () => {
  it('comes back as it went out', () => {
    const cursor = { at: new Date('2026-12-05T04:35:40.123Z'), id: '9007199254740993' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything it did not make', () => {
    for (const text of ['', 'not-a-cursor', Buffer.from('2026-12-05|1|2').toString('base64url')])
      expect(decodeCursor(text)).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-12-05T00:00:00Z|1 or 1=1').toString('base64url'))).toBeUndefined();
    // What PostgreSQL could not compare with: an id past bigint, a time before its timestamps begin.
    for (const text of ['2026-12-05T00:00:00.000Z|9223372036854775808', '-271821-04-20T00:00:00.000Z|1'])
      expect(decodeCursor(Buffer.from(text).toString('base64url'))).toBeUndefined();
    const largest = { at: new Date('2026-12-05T00:00:00.000Z'), id: '9223372036854775807' };
    expect(decodeCursor(encodeCursor(largest))).toEqual(largest);
  });
});

describe('person hash', () => {
  it('is keyed: the same ID number hashes alike under one key (any case, spaces), differently under another', () => {
    const hash = personHasher(Buffer.alloc(32, 1));
    expect(hash(' 11010519491231002x ')).toBe(hash('11010519491231002X'));
    expect(hash('11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
    expect(personHasher(Buffer.alloc(32, 2))('11010519491231002X')).not.toBe(hash('11010519491231002X'));
  });
});
