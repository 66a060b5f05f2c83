/**
 * The auditors' and administrators' audit page: whether the audit trail's chains and signed checkpoints hold
 * (or where the first break is), when it was last verified and by whom, and verifying it again now. The
 * answer is shown only once the server has verified (and recorded) the run: there is nothing to undo.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Title, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { AuditVerificationReport } from '../../../domain/schemas';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { AuditSearch } from './AuditSearch';

type Problem = NonNullable<AuditVerificationReport['problem']>;

const where = (problem: Problem): Record<string, string> => ({ ...problem });

const Verdict = ({ run }: { run: AuditVerificationReport }) => {
  const translate = useTranslate();
  if (!run.problem)
    return (
      <Alert severity="success" data-testid="audit-state">
        {translate('tongpai.audit.intact')}
      </Alert>
    );
  return (
    <Alert severity="error" data-testid="audit-state">
      {translate(`tongpai.audit.problem.${run.problem.kind}`, where(run.problem))}
    </Alert>
  );
};

const LastRun = ({ run }: { run: AuditVerificationReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const at = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale) : translate('tongpai.audit.none');
  return (
    <Stack spacing={1}>
      <Verdict run={run} />
      <Typography variant="body2">
        {translate('tongpai.audit.verified_by', { at: at(run.at), actor: run.actor })}
      </Typography>
      <Typography variant="body2">
        {translate('tongpai.audit.checked', {
          events: run.events,
          streams: run.streams,
          checkpoints: run.checkpoints,
          last: at(run.lastCheckpointAt),
        })}
      </Typography>
    </Stack>
  );
};

export const AuditPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [latest, setLatest] = useState<AuditVerificationReport | null | undefined>(undefined);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    let cancelled = false;
    dataProvider.getLatestAuditVerification().then(
      (run) => !cancelled && setLatest(run),
      (error: unknown) => notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
    );
    return () => {
      cancelled = true;
    };
  }, [dataProvider, notify]);

  const verifyNow = async () => {
    setVerifying(true);
    try {
      const run = await dataProvider.verifyAuditTrail();
      setLatest(run);
      notify(run.ok ? 'tongpai.audit.done_intact' : 'tongpai.audit.done_broken', {
        type: run.ok ? 'success' : 'error',
      });
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <Card sx={{ mt: 2 }}>
        <Title title="tongpai.audit.title" />
        <CardContent>
          <Stack spacing={2} alignItems="flex-start">
            <Typography variant="body2" color="text.secondary">
              {translate('tongpai.audit.explain')}
            </Typography>
            {latest === undefined ? (
              <CircularProgress size={24} />
            ) : latest === null ? (
              <Alert severity="info" data-testid="audit-state">
                {translate('tongpai.audit.never')}
              </Alert>
            ) : (
              <LastRun run={latest} />
            )}
            <Button
              variant="contained"
              onClick={() => void verifyNow()}
              disabled={verifying}
              startIcon={verifying ? <CircularProgress size={16} color="inherit" /> : undefined}
            >
              {translate(verifying ? 'tongpai.audit.verifying' : 'tongpai.audit.verify_now')}
            </Button>
          </Stack>
        </CardContent>
      </Card>
      <AuditSearch />
    </>
  );
};
