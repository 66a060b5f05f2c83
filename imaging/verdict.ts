/**
 * The verdict for the documents a case needs: the worst of those profiles' own verdicts. A profile the case
 * does not need (say `face_compare`, which keeps the original background) cannot send the citizen back to
 * sit again for an ID card whose photo is fine. Every profile's own verdict stays in the report.
 */
import { ImagingError } from './errors';
import { worstVerdict, type Verdict } from './quality/checks';
import { type PhotoReport } from './report';

export function verdictFor(report: Pick<PhotoReport, 'profiles'>, documents: readonly string[]): Verdict {
  if (documents.length === 0)
    throw new ImagingError('profile_unknown', { id: '(none)', known: known(report) });
  return worstVerdict(
    documents.map((id) => {
      const profile = report.profiles[id];
      if (!profile) throw new ImagingError('profile_unknown', { id, known: known(report) }, { id });
      return profile.verdict;
    }),
  );
}

const known = (report: Pick<PhotoReport, 'profiles'>) => Object.keys(report.profiles).join(', ');
