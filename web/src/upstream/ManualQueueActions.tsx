/** Resubmit, correct and resubmit, or close one rejected submission of the manual queue, each with a reason. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { ManualQueueEntry } from '../../../domain/schemas';
import { useBilingual } from '../cases/useBilingual';
import type { TongpaiDataProvider, UpstreamDecisionForm } from '../providers/dataProvider';
import { ReasonDialog } from './ReasonDialog';
import { useUpstreamStep } from './useUpstreamStep';

const steps = {
  resubmit: { decision: 'resubmit', colour: 'primary' },
  correct: { decision: 'resubmit', colour: 'warning', correct: true },
  close: { decision: 'close', colour: 'error' },
} as const;
type Step = keyof typeof steps;

export const ManualQueueActions = () => {
  const record = useRecordContext<ManualQueueEntry>();
  const translate = useTranslate();
  const text = useBilingual();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const [open, setOpen] = useState<Step>();
  if (!record) return null;
  const decide = (step: Step, reason: string) => {
    const { decision } = steps[step];
    const form: UpstreamDecisionForm = { decision, reason, ...(step === 'correct' ? { correct: true } : {}) };
    return run(
      () => dataProvider.decideUpstream(record.caseId, record.target, form),
      `tongpai.upstream.${step}.done`,
    );
  };
  return (
    <Stack direction="row" spacing={1}>
      {(Object.keys(steps) as Step[]).map((step) => (
        <Button
          key={step}
          size="small"
          variant="outlined"
          color={steps[step].colour}
          onClick={() => setOpen(step)}
        >
          {translate(`tongpai.upstream.${step}.button`)}
        </Button>
      ))}
      {open && (
        <ReasonDialog
          step={open}
          values={{ name: record.personName, library: text(record.name) }}
          colour={steps[open].colour}
          onClose={() => setOpen(undefined)}
          onConfirm={(reason) => decide(open, reason)}
        />
      )}
    </Stack>
  );
};
