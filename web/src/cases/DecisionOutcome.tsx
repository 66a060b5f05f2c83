/**
 * What people decided about the case and what the operator must do next: a retake request with the checks
 * to fix and its deadline, or a rejection with its reason.
 */
import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { useMessageLanguage } from '../i18n/useMessageLanguage';
import { useBilingual } from './useBilingual';
import { useReasonCodes } from './useReasonCodes';

/** The reason code as the region words it, in the console's language. */
export function useReasonText(): (code: string | null) => string {
  const codes = useReasonCodes();
  const language = useMessageLanguage();
  return (code) => {
    if (!code) return '';
    const reason = codes.find((c) => c.code === code);
    return reason ? reason[language] : code;
  };
}

/** Each check a retake must fix, with what the pipeline said about it when it failed. */
export const ChecksToFix = ({ record }: { record: CaseDetail }) => {
  const text = useBilingual();
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }} data-testid="checks-to-fix">
      {record.retakeChecks.map((id) => {
        const failing = record.failingChecks.find((check) => check.id === id);
        return (
          <li key={id}>
            <Typography variant="body2" component="span">
              {failing ? text(failing.message) : id}
            </Typography>
            <Chip size="small" variant="outlined" label={id} sx={{ ml: 1, fontFamily: 'monospace' }} />
          </li>
        );
      })}
    </Box>
  );
};

export const DecisionOutcome = ({ action }: { action?: ReactNode }) => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const reasonText = useReasonText();
  const [locale] = useLocaleState();
  if (!record) return null;
  const reason = reasonText(record.decisionReasonCode);
  if (record.status === 'awaiting_retake') {
    const deadline = record.retakeDeadlineAt
      ? new Date(record.retakeDeadlineAt).toLocaleString(locale, { hour12: false })
      : undefined;
    return (
      <Alert severity="warning" sx={{ mx: 2, mt: 2 }} action={action} data-testid="retake-request">
        <AlertTitle>{translate('tongpai.retake.requested_title')}</AlertTitle>
        {reason && <Typography variant="body2">{translate('tongpai.retake.reason', { reason })}</Typography>}
        {record.decisionNote && (
          <Typography variant="body2">
            {translate('tongpai.retake.note', { note: record.decisionNote })}
          </Typography>
        )}
        {record.retakeChecks.length > 0 && (
          <>
            <Typography variant="body2" sx={{ mt: 1 }}>
              {translate('tongpai.retake.checks_to_fix')}
            </Typography>
            <ChecksToFix record={record} />
          </>
        )}
        {deadline && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate('tongpai.retake.deadline', { deadline })}
          </Typography>
        )}
      </Alert>
    );
  }
  if (record.status === 'rejected')
    return (
      <Alert severity="error" sx={{ mx: 2, mt: 2 }}>
        <AlertTitle>{translate('tongpai.decision.rejected_title')}</AlertTitle>
        {reason}
        {record.decisionNote ? ` · ${record.decisionNote}` : ''}
      </Alert>
    );
  return null;
};
