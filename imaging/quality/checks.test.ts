import { checkIds } from '../profiles/schema';
import { evaluate, verdictOf } from './checks';
import { checkNames, failureMessage, passMessage } from './messages';

describe('check messages', () => {
  it.each([...checkIds, 'file_size' as const])('%s has an actionable message in zh-CN and English', (id) => {
    for (const low of [true, false]) {
      const message = failureMessage(id, {
        value: 7,
        low,
        side: 'left',
        profileName: { zh: '规格', en: 'profile' },
        detail: { zh: '细节', en: 'detail' },
      });
      expect(message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(message.en).toMatch(/^[\x20-\x7e\u2019]+$/);
      expect(message.en.length).toBeGreaterThan(20);
    }
    expect(checkNames[id].zh).toMatch(/[\u4e00-\u9fff]/);
    expect(passMessage(id).en).toContain('OK');
  });

  it('direction-specific advice follows the sign of the measure', () => {
    const yawLeft = failureMessage('yaw', { value: 8, low: false });
    const yawRight = failureMessage('yaw', { value: -8, low: true });
    expect(yawLeft.en).toContain('turn it slightly to your right');
    expect(yawRight.en).toContain('turn it slightly to your left');
    expect(failureMessage('pitch', { value: 9, low: false }).en).toContain('lower your chin');
    expect(failureMessage('pitch', { value: -9, low: true }).en).toContain('raise your chin');
    expect(failureMessage('roll', { value: 9, low: false }).zh).toContain('左肩');
    expect(failureMessage('illumination_uniformity', { value: 0.5, low: true, side: 'right' }).en).toContain(
      'right cheek',
    );
  });
});

describe('evaluation and verdict', () => {
  const yaw = {
    pass: { min: -5, max: 5 },
    severity: 'review' as const,
    retakeOutside: { min: -10, max: 10 },
  };

  it('passes inside the range, reviews just outside, retakes beyond the wider range', () => {
    expect(evaluate('yaw', 3, yaw)).toMatchObject({ pass: true, severity: null });
    expect(evaluate('yaw', -7, yaw)).toMatchObject({ pass: false, severity: 'review' });
    expect(evaluate('yaw', 12, yaw)).toMatchObject({
      pass: false,
      severity: 'retake',
      threshold: yaw,
      value: 12,
    });
  });

  it('the verdict is the worst failure', () => {
    const ok = evaluate('yaw', 0, yaw);
    const review = evaluate('yaw', 7, yaw);
    const retake = evaluate('eyes_open', 0.05, { pass: { min: 0.15 }, severity: 'retake' });
    expect(verdictOf([ok])).toBe('pass');
    expect(verdictOf([ok, review])).toBe('review');
    expect(verdictOf([review, retake])).toBe('retake');
  });
});
