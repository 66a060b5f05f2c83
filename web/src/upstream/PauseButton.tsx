/** Pauses or resumes one library, with a reason; only for those who manage the libraries. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import { CanAccess, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { UpstreamTargetOverview } from '../../../domain/schemas';
import { useBilingual } from '../cases/useBilingual';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { ReasonDialog } from './ReasonDialog';
import { useUpstreamStep } from './useUpstreamStep';

export const PauseButton = () => {
  const record = useRecordContext<UpstreamTargetOverview>();
  const translate = useTranslate();
  const text = useBilingual();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  const step = record.paused ? 'resume' : 'pause';
  return (
    <CanAccess action="manage" resource="upstream-targets">
      <Button
        size="small"
        variant="outlined"
        color={record.paused ? 'primary' : 'warning'}
        onClick={() => setOpen(true)}
      >
        {translate(`tongpai.upstream.${step}.button`)}
      </Button>
      {open && (
        <ReasonDialog
          step={step}
          values={{ name: text(record.name) }}
          colour={record.paused ? 'primary' : 'warning'}
          onClose={() => setOpen(false)}
          onConfirm={(reason) =>
            run(
              () => dataProvider.setTargetPaused(record.id, !record.paused, reason),
              `tongpai.upstream.${step}.done`,
            )
          }
        />
      )}
    </CanAccess>
  );
};
