import { residentIdNumber } from './residentIdNumber';

const resident = { category: 'resident' };
const validate = (value: string, values = resident) => residentIdNumber(value, values, {});

describe('capture form: resident ID number (GB 11643)', () => {
  it('accepts valid numbers, whether the check character is X, x or a digit, with stray spaces', () => {
    for (const value of [
      '11010519491231002X',
      '11010519491231002x',
      '310115199003071239',
      ' 11010519491231002X ',
    ]) {
      expect(validate(value)).toBeUndefined();
    }
  });

  it('names each problem with its message key', () => {
    expect(validate('110105194912310021')).toBe('tongpai.validation.id_number.checksum');
    expect(validate('310115199003071238')).toBe('tongpai.validation.id_number.checksum');
    expect(validate('11010519490230002X')).toBe('tongpai.validation.id_number.birth_date');
    expect(validate('11010518991231002X')).toBe('tongpai.validation.id_number.birth_date');
    expect(validate('110105491231002')).toBe('tongpai.validation.id_number.format');
    expect(validate('11010519491231A02X')).toBe('tongpai.validation.id_number.format');
  });

  it('does not apply the resident rules to other categories', () => {
    for (const category of ['hk_macao_taiwan', 'foreigner', 'military']) {
      expect(validate('E12345678', { category })).toBeUndefined();
    }
  });

  it('leaves an empty value to the required validator', () => {
    expect(validate('')).toBeUndefined();
    expect(validate('   ')).toBeUndefined();
  });
});
