import Chip, { type ChipProps } from '@mui/material/Chip';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { CaseStatus, CaseSummary } from '../../../domain/cases';

const chipColor: Record<CaseStatus, ChipProps['color']> = {
  received: 'default',
  processing: 'info',
  processed: 'success',
  failed: 'error',
};

export const CaseStatusField = (_props: FieldProps<CaseSummary>) => {
  const record = useRecordContext<CaseSummary>();
  const translate = useTranslate();
  if (!record) return null;
  // Statuses added by later workflow steps show their raw name until they get a colour and a translation.
  return (
    <Chip
      size="small"
      color={chipColor[record.status] ?? 'default'}
      label={translate(`tongpai.status.${record.status}`, { _: record.status })}
    />
  );
};
