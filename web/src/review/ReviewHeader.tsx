/**
 * The head of a case under review: who it is, its queue state and SLA, four-eyes, and the actions: claim,
 * release, next, and the decisions (pessimistic, never undoable). Keys: A approve, R reject, T retake, N next.
 */
import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ApproveIcon from '@mui/icons-material/CheckCircle';
import RejectIcon from '@mui/icons-material/Block';
import RetakeIcon from '@mui/icons-material/Replay';
import ClaimIcon from '@mui/icons-material/PanTool';
import ReleaseIcon from '@mui/icons-material/LockOpen';
import NextIcon from '@mui/icons-material/SkipNext';
import {
  SelectField,
  useCanAccess,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { Decision } from '../../../workflows/contracts';
import { CaseStatusField } from '../cases/CaseStatusField';
import { categoryChoices } from '../cases/choices';
import { ChecksToFix, useReasonText } from '../cases/DecisionOutcome';
import type { TongpaiIdentity } from '../providers/authProvider';
import type { DecisionForm, TongpaiDataProvider } from '../providers/dataProvider';
import { useClaimNext } from './ClaimNextButtons';
import { DecisionDialog } from './DecisionDialog';
import { FourEyes } from './FourEyes';
import { fourEyesConflict } from './reviewText';
import { SlaCountdown } from './SlaCountdown';
import { useShortcuts } from './useShortcuts';

const ShortcutKey = ({ children }: { children: string }) => (
  <Box
    component="kbd"
    sx={{ ml: 1, px: 0.6, border: 1, borderRadius: 0.5, fontSize: 11, fontFamily: 'monospace', opacity: 0.8 }}
  >
    {children}
  </Box>
);

const useDecisionActions = (record: CaseDetail) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const run = async (action: () => Promise<unknown>, success?: string) => {
    try {
      await action();
      if (success) notify(success, { type: 'success' });
      refresh();
      return true;
    } catch (error) {
      // The problem's message, in the console's language (Chinese first).
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      refresh();
      return false;
    }
  };
  return {
    claim: () => run(() => dataProvider.claimCase(record.id), 'tongpai.review.claimed'),
    release: async () => {
      if (await run(() => dataProvider.releaseCase(record.id), 'tongpai.review.released'))
        redirect('/review');
    },
    decide: async (form: DecisionForm) => {
      const done = await run(
        () => dataProvider.decide(record.id, form),
        `tongpai.review.decided.${form.decision}`,
      );
      if (done) redirect('/review');
    },
  };
};

export const ReviewHeader = () => {
  const record = useRecordContext<CaseDetail>()!;
  const translate = useTranslate();
  const reasonText = useReasonText();
  const { identity } = useGetIdentity();
  const username = (identity as TongpaiIdentity | undefined)?.principal.username ?? '';
  const second = record.status === 'awaiting_second_approval';
  const { canAccess: canDecide } = useCanAccess({
    action: second ? 'approveSecond' : 'decide',
    resource: 'cases',
    record,
  });
  const { claimNext } = useClaimNext();
  const actions = useDecisionActions(record);
  const [decision, setDecision] = useState<Decision>();

  const waiting = record.status === 'in_review' || second;
  const heldByMe = waiting && record.claimedBy === username;
  const heldByOther = waiting && !!record.claimedBy && record.claimedBy !== username;
  const conflict = fourEyesConflict(record, username);
  const mayDecide = heldByMe && !!canDecide && !conflict;
  const nextQueue = second ? 'second' : 'review';

  const shortcuts = useMemo(
    () => ({
      a: mayDecide ? () => setDecision('approve') : undefined,
      r: mayDecide ? () => setDecision('reject') : undefined,
      t: mayDecide ? () => setDecision('retake') : undefined,
      n: () => void claimNext(nextQueue),
    }),
    [mayDecide, claimNext, nextQueue],
  );
  useShortcuts(shortcuts, decision === undefined);

  return (
    <Card variant="outlined" sx={{ p: 2 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ justifyContent: 'space-between' }}>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <Typography variant="h5">{record.personName}</Typography>
            <SelectField source="category" choices={categoryChoices} />
            <CaseStatusField source="status" />
            <Chip
              size="small"
              variant="outlined"
              label={translate('tongpai.case.attempt', { attempt: record.attempt })}
            />
            {record.nationalityConflict && (
              <Chip
                size="small"
                color="warning"
                label={translate('resources.cases.fields.nationalityConflict')}
              />
            )}
            <SlaCountdown source="slaDueAt" />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {translate('tongpai.review.route_reason', { reason: record.routeReason ?? '—' })} ·{' '}
            {record.idNumber}
          </Typography>
          <FourEyes record={record} username={username} />
        </Stack>
        <Stack spacing={1} sx={{ alignItems: { md: 'flex-end' } }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
            {waiting && !heldByMe && (
              <Button
                variant="contained"
                startIcon={<ClaimIcon />}
                onClick={() => void actions.claim()}
                disabled={heldByOther}
              >
                {translate('tongpai.review.claim')}
              </Button>
            )}
            {heldByMe && (
              <Button variant="outlined" startIcon={<ReleaseIcon />} onClick={() => void actions.release()}>
                {translate('tongpai.review.release')}
              </Button>
            )}
            <Button variant="outlined" startIcon={<NextIcon />} onClick={() => void claimNext(nextQueue)}>
              {translate('tongpai.review.next')}
              <ShortcutKey>N</ShortcutKey>
            </Button>
          </Stack>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
            <Button
              variant="contained"
              color="success"
              startIcon={<ApproveIcon />}
              disabled={!mayDecide}
              onClick={() => setDecision('approve')}
            >
              {translate(second ? 'tongpai.review.approve_second' : 'tongpai.review.approve')}
              <ShortcutKey>A</ShortcutKey>
            </Button>
            <Button
              variant="contained"
              color="error"
              startIcon={<RejectIcon />}
              disabled={!mayDecide}
              onClick={() => setDecision('reject')}
            >
              {translate('tongpai.review.reject')}
              <ShortcutKey>R</ShortcutKey>
            </Button>
            <Button
              variant="contained"
              color="warning"
              startIcon={<RetakeIcon />}
              disabled={!mayDecide}
              onClick={() => setDecision('retake')}
            >
              {translate('tongpai.review.retake')}
              <ShortcutKey>T</ShortcutKey>
            </Button>
          </Stack>
        </Stack>
      </Stack>
      {heldByOther && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {translate('tongpai.review.held_by_other', { user: record.claimedBy })}
        </Alert>
      )}
      {!waiting && (
        <Alert severity="success" sx={{ mt: 2 }}>
          {translate('tongpai.review.not_waiting')}
        </Alert>
      )}
      {record.attempt > 1 && record.decisionReasonCode && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          {translate('tongpai.review.earlier_retake', {
            attempt: record.attempt - 1,
            reason: reasonText(record.decisionReasonCode),
          })}
          {record.retakeChecks.length > 0 && <ChecksToFix record={record} />}
        </Alert>
      )}
      <DecisionDialog
        key={decision ?? 'none'}
        record={record}
        decision={decision}
        onClose={() => setDecision(undefined)}
        onDecide={actions.decide}
      />
    </Card>
  );
};
