import { documentsField } from './schema';

test('the documents of a capture: a list or comma-separated text, each document once, id_card by default', () => {
  expect(documentsField.parse(undefined)).toEqual(['id_card']);
  expect(documentsField.parse('id_card, exit_entry,id_card')).toEqual(['id_card', 'exit_entry']);
  expect(documentsField.parse(['icao', 'icao'])).toEqual(['icao']);
  expect(documentsField.safeParse('passport').success).toBe(false);
  expect(documentsField.safeParse('').success).toBe(false);
});
