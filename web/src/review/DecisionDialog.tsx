/**
 * Confirms a decision before it is sent: approve as it is, reject with a reason, or ask for a retake with a
 * reason and the checks to fix. Pessimistic: the dialog stays open (busy) until the workflow has persisted
 * the decision, and a decision is never undoable.
 */
import { useState } from 'react';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { Decision } from '../../../workflows/contracts';
import { useMessageLanguage } from '../i18n/useMessageLanguage';
import type { DecisionForm } from '../providers/dataProvider';
import { useBilingual } from '../cases/useBilingual';
import { useReasonCodes } from '../cases/useReasonCodes';
import { ConfirmActions } from '../layout/ConfirmActions';

const decisionColour = { approve: 'success', reject: 'error', retake: 'warning' } as const;

/** The failing checks a retake can name, once each (a check may fail in several profiles). */
function retakeableChecks(record: CaseDetail) {
  const seen = new Map<string, CaseDetail['failingChecks'][number]>();
  for (const check of record.failingChecks) if (!seen.has(check.id)) seen.set(check.id, check);
  return [...seen.values()];
}

export interface DecisionDialogProps {
  record: CaseDetail;
  decision: Decision | undefined;
  onClose: () => void;
  onDecide: (form: DecisionForm) => Promise<void>;
}

export const DecisionDialog = ({ record, decision, onClose, onDecide }: DecisionDialogProps) => {
  const translate = useTranslate();
  const language = useMessageLanguage();
  const text = useBilingual();
  const reasonCodes = useReasonCodes();
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [checks, setChecks] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  if (!decision) return null;

  const reasons = decision === 'approve' ? [] : reasonCodes.filter((r) => r.for.includes(decision));
  const failing = retakeableChecks(record);
  const complete =
    decision === 'approve' ||
    (reasonCode !== '' && (decision === 'reject' || checks.length > 0 || reasonCode === 'other'));
  const toggle = (id: string) =>
    setChecks((chosen) => (chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]));

  const confirm = async () => {
    setBusy(true);
    try {
      await onDecide({
        decision,
        ...(reasonCode ? { reasonCode } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(decision === 'retake' ? { checks } : {}),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {translate(`tongpai.review.decide.${decision}_title`, { name: record.personName })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <DialogContentText>{translate(`tongpai.review.decide.${decision}_explain`)}</DialogContentText>
          {decision !== 'approve' && (
            <TextField
              select
              required
              autoFocus
              label={translate('tongpai.review.decide.reason')}
              value={reasonCode}
              onChange={(event) => setReasonCode(event.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'reason-code' } }}
            >
              {reasons.map((reason) => (
                <MenuItem key={reason.code} value={reason.code}>
                  {reason[language]}
                </MenuItem>
              ))}
            </TextField>
          )}
          {decision === 'retake' && (
            <FormGroup>
              <FormLabel>{translate('tongpai.review.decide.checks')}</FormLabel>
              {failing.length === 0 && (
                <DialogContentText>{translate('tongpai.review.decide.no_failing_checks')}</DialogContentText>
              )}
              {failing.map((check) => (
                <FormControlLabel
                  key={check.id}
                  control={<Checkbox checked={checks.includes(check.id)} onChange={() => toggle(check.id)} />}
                  label={`${text(check.message)} (${check.id})`}
                />
              ))}
            </FormGroup>
          )}
          <TextField
            multiline
            minRows={2}
            label={translate('tongpai.review.decide.note')}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            slotProps={{ htmlInput: { maxLength: 1000 } }}
          />
          <DialogContentText variant="caption">{translate('tongpai.review.decide.final')}</DialogContentText>
        </Stack>
      </DialogContent>
      <ConfirmActions
        label={translate(`tongpai.review.decide.${decision}_confirm`)}
        color={decisionColour[decision]}
        ready={complete}
        busy={busy}
        onCancel={onClose}
        onConfirm={() => void confirm()}
      />
    </Dialog>
  );
};
