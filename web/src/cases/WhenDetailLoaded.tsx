import type { ReactNode } from 'react';
import LinearProgress from '@mui/material/LinearProgress';
import { useRecordContext } from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { isCaseDetail } from './caseDetail';

/** Renders its children once the record is the full case, a progress bar while it is the list's summary. */
export const WhenDetailLoaded = ({ children }: { children: ReactNode }) => {
  const record = useRecordContext<CaseSummary>();
  return isCaseDetail(record) ? <>{children}</> : <LinearProgress sx={{ m: 2 }} />;
};
