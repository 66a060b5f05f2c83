/**
 * "Claim next" for each queue the user may take from: the oldest free case (of the categories the queue list
 * is filtered to) is claimed and opened.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import NextIcon from '@mui/icons-material/SkipNext';
import {
  HttpError,
  useCanAccess,
  useDataProvider,
  useListContext,
  useNotify,
  useTranslate,
} from 'react-admin';
import type { PersonCategory } from '../../../domain/cases';
import { useNavigate } from 'react-router-dom';
import type { ReviewQueue, TongpaiDataProvider } from '../providers/dataProvider';

/** Claims the next case of `queue` and opens it; says so when the queue is empty. */
export function useClaimNext() {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const claimNext = async (queue: ReviewQueue, category?: PersonCategory[]) => {
    setBusy(true);
    try {
      const claimed = await dataProvider.claimNext(queue, category);
      navigate(`/review/${claimed.id}/show`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      notify(message, { type: error instanceof HttpError && error.status === 404 ? 'info' : 'error' });
    } finally {
      setBusy(false);
    }
  };
  return { claimNext, busy };
}

export const ClaimNextButtons = () => {
  const translate = useTranslate();
  const { claimNext, busy } = useClaimNext();
  const { filterValues } = useListContext();
  const category = [filterValues.category ?? []].flat() as PersonCategory[];
  const { canAccess: canClaim } = useCanAccess({ action: 'claim', resource: 'cases' });
  const { canAccess: isSupervisor } = useCanAccess({ action: 'approveSecond', resource: 'cases' });
  const queues: ReviewQueue[] = [
    ...(canClaim ? (['review'] as const) : []),
    ...(isSupervisor ? (['second', 'escalated'] as const) : []),
  ];
  return (
    <Stack direction="row" spacing={1}>
      {queues.map((queue, index) => (
        <Button
          key={queue}
          variant={index === 0 ? 'contained' : 'outlined'}
          size="small"
          startIcon={<NextIcon />}
          disabled={busy}
          onClick={() => void claimNext(queue, category)}
        >
          {translate(`tongpai.review.claim_next.${queue}`)}
        </Button>
      ))}
    </Stack>
  );
};
