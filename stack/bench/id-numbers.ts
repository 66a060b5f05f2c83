/** Distinct, valid resident ID numbers (GB 11643) for benchmark cases: Pudong, a birth date, a sequence. */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

const withCheckCharacter = (first17: string) =>
  first17 + checkCharacters[weights.reduce((sum, w, i) => sum + w * Number(first17[i]), 0) % 11];

/**
 * From a random birth date on, a thousand sequence numbers per day: a run's people are new to the database,
 * so no issuance supersedes an earlier run's case.
 */
export function* residentIdNumbers(): Generator<string> {
  const day = 86_400_000;
  const firstDay = Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 18_000) * day;
  for (let i = 0; ; i++) {
    const birth = new Date(firstDay + Math.floor(i / 1000) * day)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    yield withCheckCharacter(`310115${birth}${String(i % 1000).padStart(3, '0')}`);
  }
}
