/** Maps a refused manual-queue decision (validator or activity) to the answer the administrator can act on. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { failureTypes } from '../../workflows/contracts';
import { HttpProblem, invalidRequest, serviceUnavailable } from '../problems';
import { failureType } from '../workflow-failure';

export const notInManualQueue = new HttpProblem(409, 'not_in_manual_queue', {
  zh: '该提交不在人工处理队列中（可能已被处理）',
  en: 'The submission is not waiting in the manual queue (it may have been decided already)',
});
const uncorrectable = new HttpProblem(409, 'uncorrectable', {
  zh: '无法从母版重新生成该照片，请关闭此提交并说明原因',
  en: 'The photo cannot be rendered again from the master: close the submission with a reason',
});

export const photosWithdrawn = new HttpProblem(409, 'photos_withdrawn', {
  zh: '该案件的照片已被撤销或已被新照片取代，不得再报送；请关闭此提交并说明原因',
  en: "The case's photos were revoked or superseded and must not be sent: close the submission with a reason",
});

export function decisionRefusal(err: unknown): HttpProblem {
  // A submission whose workflow has ended (rejected before the manual queue existed) takes no decision.
  if (err instanceof WorkflowNotFoundError) return notInManualQueue;
  switch (failureType(err)) {
    case failureTypes.notInManualQueue:
      return notInManualQueue;
    case failureTypes.uncorrectable:
      return uncorrectable;
    case failureTypes.photosWithdrawn:
      return photosWithdrawn;
    case failureTypes.invalidDecision:
      return invalidRequest([{ field: 'reason', messages: { zh: '请填写原因', en: 'Give a reason' } }]);
    default:
      return Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err });
  }
}
