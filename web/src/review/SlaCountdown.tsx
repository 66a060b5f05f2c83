/** Time left until a queued case's SLA runs out, ticking; overdue and escalated cases stand out. */
import { useEffect, useState } from 'react';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TimerIcon from '@mui/icons-material/Timer';
import WarningIcon from '@mui/icons-material/PriorityHigh';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { clock } from './reviewText';

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export const SlaCountdown = (_props: FieldProps<CaseSummary>) => {
  const record = useRecordContext<CaseSummary>();
  const translate = useTranslate();
  const now = useNow();
  if (!record?.slaDueAt) return <>—</>;
  const left = (new Date(record.slaDueAt).getTime() - now) / 1000;
  const overdue = left < 0;
  return (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }} data-testid="sla">
      <Chip
        size="small"
        variant={overdue ? 'filled' : 'outlined'}
        color={overdue ? 'error' : left < 1800 ? 'warning' : 'default'}
        icon={<TimerIcon />}
        label={translate(overdue ? 'tongpai.review.sla_overdue' : 'tongpai.review.sla_left', {
          time: clock(left),
        })}
        sx={{ fontVariantNumeric: 'tabular-nums' }}
      />
      {record.escalatedAt && (
        <Chip
          size="small"
          color="error"
          icon={<WarningIcon />}
          label={translate('tongpai.review.escalated')}
        />
      )}
    </Stack>
  );
};
