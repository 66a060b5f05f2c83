/**
 * Resident identity numbers (GB 11643-1999): 17 digits (region code, birth date, sequence) and a check
 * character computed with ISO 7064 MOD 11-2.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

export type ResidentIdProblem = 'format' | 'birth_date' | 'checksum';

export function checkResidentIdNumber(value: string): ResidentIdProblem | null {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > Date.now()
  ) {
    return 'birth_date';
  }
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return checkCharacters[sum % 11] === id[17] ? null : 'checksum';
}

export const residentIdProblemMessages: Record<ResidentIdProblem, { zh: string; en: string }> = {
  format: {
    zh: '身份证号码应为18位（最后一位可为X）',
    en: 'An ID number has 18 characters (the last may be X)',
  },
  birth_date: {
    zh: '身份证号码中的出生日期无效',
    en: 'The birth date inside the ID number is not a valid date',
  },
  checksum: {
    zh: '身份证号码校验位不正确，请核对',
    en: 'The ID number check digit is wrong: please check the number',
  },
};
