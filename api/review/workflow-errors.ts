/** Maps a refused workflow update (validator or activity) to the answer the caller can act on. */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { failureTypes } from '../../workflows/contracts';
import { HttpProblem, serviceUnavailable } from '../problems';

type Answers = Record<string, [number, string, { zh: string; en: string }]>;

const answers: Answers = {
  [failureTypes.notWaiting]: [
    409,
    'not_waiting',
    {
      zh: '该案件当前不在等待此操作（可能已被处理）',
      en: 'The case is not waiting for this (it may have been decided already)',
    },
  ],
  [failureTypes.invalidTransition]: [
    409,
    'not_waiting',
    {
      zh: '该案件当前不在等待此操作（可能已被处理）',
      en: 'The case is not waiting for this (it may have been decided already)',
    },
  ],
  [failureTypes.fourEyes]: [
    403,
    'four_eyes',
    {
      zh: '四眼原则：采集人不能审核本案件，第二次审批须由另一人完成',
      en: 'Four eyes: whoever captured a case may not decide it, and the second approval needs another person',
    },
  ],
  [failureTypes.roleRequired]: [
    403,
    'supervisor_required',
    { zh: '第二次审批须由主管完成', en: 'The second approval needs a supervisor' },
  ],
  [failureTypes.claimNotHeld]: [
    409,
    'claim_not_held',
    { zh: '请先领取该案件（或您的领取已过期）', en: 'Claim the case first (or your claim has expired)' },
  ],
  [failureTypes.invalidDecision]: [
    400,
    'invalid_decision',
    {
      zh: '驳回或要求重拍时须选择原因；要求重拍须列出需改正的检查项',
      en: 'A rejection or retake needs a reason code; a retake names the checks to fix',
    },
  ],
};

/** The answer `table` gives for the business rejection behind a refused update (validator or activity). */
export function businessRefusal(err: unknown, table: Answers): HttpProblem | undefined {
  for (let cause: unknown = err; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof ApplicationFailure && cause.type && table[cause.type]) {
      const [status, code, messages] = table[cause.type]!;
      return new HttpProblem(status, code, messages);
    }
    if (!(cause instanceof TemporalFailure || cause instanceof WorkflowUpdateFailedError)) break;
  }
  return undefined;
}

/** The answer for a refusal of this type, also when the API refuses first (e.g. four eyes at the claim). */
export function refusalProblem(type: keyof typeof answers): HttpProblem {
  const [status, code, messages] = answers[type]!;
  return new HttpProblem(status, code, messages);
}

export function updateRefusal(err: unknown): HttpProblem {
  if (err instanceof WorkflowNotFoundError) return refusalProblem(failureTypes.notWaiting);
  return (
    businessRefusal(err, answers) ??
    Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err })
  );
}
