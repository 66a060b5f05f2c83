import type { CaseDetail } from '../../../domain/cases';
import { clock, fourEyesConflict, rangeText } from './reviewText';

describe('review page helpers', () => {
  it('writes an SLA countdown as h:mm:ss, overdue time too', () => {
    expect(clock(4 * 3600)).toBe('4:00:00');
    expect(clock(3599.7)).toBe('0:59:59');
    expect(clock(-75)).toBe('0:01:15');
  });

  it('writes a passing range with open bounds as a reader would', () => {
    expect(rangeText({ min: 62, max: 210 })).toBe('62 – 210');
    expect(rangeText({ min: 0.6 })).toBe('≥ 0.6');
    expect(rangeText({ max: 0.05 })).toBe('≤ 0.05');
  });

  it('names the four-eyes conflict of the signed-in user, if any', () => {
    const inReview = {
      status: 'in_review',
      operatorUsername: 'op.sh.pudong',
      firstApprover: null,
    } as CaseDetail;
    const second = { ...inReview, status: 'awaiting_second_approval', firstApprover: 'rev.sh' } as CaseDetail;
    expect(fourEyesConflict(inReview, 'op.sh.pudong')).toBe('tongpai.review.four_eyes.captured_by_you');
    expect(fourEyesConflict(inReview, 'rev.sh')).toBeUndefined();
    expect(fourEyesConflict(second, 'rev.sh')).toBe('tongpai.review.four_eyes.approved_by_you');
    expect(fourEyesConflict(second, 'sup.sh')).toBeUndefined();
  });
});
