import { ImagingError } from './errors';
import { type PhotoReport, type ProfileReport } from './report';
import { verdictFor } from './verdict';

const profile = (verdict: ProfileReport['verdict']) => ({ verdict }) as ProfileReport;
const report: Pick<PhotoReport, 'profiles'> = {
  profiles: { id_card: profile('pass'), exit_entry: profile('review'), face_compare: profile('retake') },
};

describe('verdictFor', () => {
  it('is the worst verdict over the documents the case needs, and only those', () => {
    expect(verdictFor(report, ['id_card'])).toBe('pass');
    expect(verdictFor(report, ['id_card', 'exit_entry'])).toBe('review');
    expect(verdictFor(report, ['id_card', 'face_compare'])).toBe('retake');
  });

  it('refuses a document the report does not hold, or none at all', () => {
    expect(() => verdictFor(report, ['driving_licence'])).toThrow(ImagingError);
    expect(() => verdictFor(report, ['driving_licence'])).toThrow(/driving_licence/);
    expect(() => verdictFor(report, [])).toThrow(ImagingError);
  });
});
