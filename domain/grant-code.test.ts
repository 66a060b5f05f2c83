import {
  checkSymbol,
  codeBits,
  generateGrantCode,
  grantCodePattern,
  hashGrantCode,
  parseGrantCode,
} from './grant-code';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

test('codes carry 60 random bits, grouped for typing, and read back as themselves', () => {
  expect(codeBits).toBeGreaterThanOrEqual(50);
  const codes = new Set(Array.from({ length: 2000 }, generateGrantCode));
  expect(codes.size).toBe(2000);
  for (const code of codes) {
    expect(code).toMatch(grantCodePattern);
    expect(parseGrantCode(code)).toEqual({ ok: true, code });
  }
});

test("Crockford's check symbol, as specified (value mod 37)", () => {
  expect(checkSymbol('000000000000')).toBe('0');
  expect(checkSymbol('000000000001')).toBe('1');
  expect(checkSymbol('00000000000Z')).toBe('Z'); // 31
  expect(checkSymbol('000000000010')).toBe('*'); // 32
  expect(checkSymbol('000000000011')).toBe('~'); // 33
  expect(checkSymbol('000000000014')).toBe('U'); // 36
  expect(checkSymbol('000000000015')).toBe('0'); // 37 mod 37 = 0
});

test('reading forgives case, hyphens, spaces, I/L for 1 and O for 0', () => {
  const code = '1O0L-ABCD-EFGH';
  const canonical = '1001-ABCD-EFGH';
  const data = canonical.replace(/-/g, '');
  const full = `${canonical}-${checkSymbol(data)}`;
  expect(parseGrantCode(`${code.toLowerCase()} ${checkSymbol(data)}`)).toEqual({ ok: true, code: full });
  expect(parseGrantCode(full.replace(/-/g, ' '))).toEqual({ ok: true, code: full });
});

test('every single mistyped character is caught by the check symbol', () => {
  for (let n = 0; n < 20; n++) {
    const code = generateGrantCode();
    const compact = code.replace(/-/g, '');
    for (let i = 0; i < compact.length; i++)
      for (const ch of i < 12 ? alphabet : `${alphabet}*~$=U`) {
        if (ch === compact[i]) continue;
        const typo = compact.slice(0, i) + ch + compact.slice(i + 1);
        expect(parseGrantCode(typo)).toEqual({ ok: false, problem: 'check' });
      }
  }
});

test('every swap of two neighbouring characters is caught too', () => {
  for (let n = 0; n < 50; n++) {
    const compact = generateGrantCode().replace(/-/g, '');
    for (let i = 0; i + 1 < 12; i++) {
      if (compact[i] === compact[i + 1]) continue;
      const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2);
      expect(parseGrantCode(swapped)).toEqual({ ok: false, problem: 'check' });
    }
  }
});

test('a wrong length or a character outside the alphabet is a format problem', () => {
  for (const typed of ['', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQ', 'ABCD-EFGH-JKMU-0', '!BCD-EFGH-JKMN-0'])
    expect(parseGrantCode(typed)).toEqual({ ok: false, problem: 'format' });
});

test('the stored hash is keyed: another key, another hash; the code itself is not in it', () => {
  const code = generateGrantCode();
  const a = hashGrantCode('key-a', code);
  expect(a).toMatch(/^[0-9a-f]{64}$/);
  expect(hashGrantCode('key-b', code)).not.toBe(a);
  expect(hashGrantCode('key-a', code)).toBe(a);
});
