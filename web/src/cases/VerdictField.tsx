import Chip, { type ChipProps } from '@mui/material/Chip';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { CaseSummary, PhotoVerdict } from '../../../domain/cases';

const chipColor: Record<PhotoVerdict, ChipProps['color']> = {
  pass: 'success',
  review: 'warning',
  retake: 'error',
};

/** The pipeline's verdict on the master; empty until the case is processed. */
export const VerdictField = (_props: FieldProps<CaseSummary>) => {
  const record = useRecordContext<CaseSummary>();
  const translate = useTranslate();
  if (!record?.verdict) return <>—</>;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={chipColor[record.verdict]}
      label={translate(`tongpai.verdict.${record.verdict}`)}
    />
  );
};
