import Chip, { type ChipProps } from '@mui/material/Chip';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { CaseStatus, CaseSummary } from '../../../domain/cases';

const chipColor: Record<CaseStatus, ChipProps['color']> = {
  received: 'default',
  processing: 'info',
  processed: 'info',
  awaiting_retake: 'warning',
  in_review: 'warning',
  awaiting_second_approval: 'warning',
  approved: 'info',
  issued: 'success',
  rejected: 'error',
  abandoned: 'default',
  failed: 'error',
  superseded: 'default',
  revoked: 'error',
};

export const CaseStatusField = (_props: FieldProps<CaseSummary>) => {
  const record = useRecordContext<CaseSummary>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={chipColor[record.status]}
      label={translate(`tongpai.status.${record.status}`)}
    />
  );
};
