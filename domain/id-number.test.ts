import { checkResidentIdNumber } from './id-number';

describe('GB 11643 resident ID numbers', () => {
  test.each(['11010519491231002X', '11010519491231002x', '440524198001010013'])('%s is valid', (id) => {
    expect(checkResidentIdNumber(id)).toBeNull();
  });
  test.each([
    ['110105194912310021', 'checksum'],
    ['11010519491331002X', 'birth_date'],
    ['11010519490230002X', 'birth_date'],
    ['1101051949123100', 'format'],
    ['A1010519491231002X', 'format'],
  ])('%s is refused for %s', (id, problem) => {
    expect(checkResidentIdNumber(id)).toBe(problem);
  });
});
