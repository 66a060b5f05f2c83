import type { Validator } from 'react-admin';
import { checkResidentIdNumber } from '../../../domain/id-number';

/**
 * The capture form's check of the ID number, with the GB 11643 rules the API applies too (domain/id-number.ts):
 * only mainland residents' numbers follow the standard; other documents are checked by the API.
 * Answers with an i18n key (the messages are the API's, see i18n/).
 */
export const residentIdNumber: Validator = (value: unknown, values: { category?: string }) => {
  if (typeof value !== 'string' || !value.trim() || values.category !== 'resident') return undefined;
  const problem = checkResidentIdNumber(value.trim());
  return problem ? `tongpai.validation.id_number.${problem}` : undefined;
};
