/**
 * Asks for the reason of an upstream step (pause, resume, resubmit, correct and resubmit, close) before it is
 * sent. Pessimistic: the dialog stays open (busy) until the API has persisted the step; a reason is required.
 */
import { useState } from 'react';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import { ConfirmActions } from '../layout/ConfirmActions';

export interface ReasonDialogProps {
  /** Message keys under <messages>.<step>: title, explain, confirm. */
  step: string;
  /** Where the step's messages and the reason's label are (default tongpai.upstream). */
  messages?: string;
  /** Placeholders of the title. */
  values: Record<string, string>;
  colour: 'primary' | 'error' | 'warning';
  onClose: () => void;
  /** Resolves once persisted; the dialog closes itself only then. */
  onConfirm: (reason: string) => Promise<boolean>;
}

export const ReasonDialog = ({
  step,
  messages = 'tongpai.upstream',
  values,
  colour,
  onClose,
  onConfirm,
}: ReasonDialogProps) => {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      if (await onConfirm(reason.trim())) onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate(`${messages}.${step}.title`, values)}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <DialogContentText>{translate(`${messages}.${step}.explain`)}</DialogContentText>
          <TextField
            required
            autoFocus
            multiline
            minRows={2}
            label={translate(`${messages}.reason`)}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'upstream-reason' } }}
          />
        </Stack>
      </DialogContent>
      <ConfirmActions
        label={translate(`${messages}.${step}.confirm`)}
        color={colour}
        ready={!!reason.trim()}
        busy={busy}
        onCancel={onClose}
        onConfirm={() => void confirm()}
      />
    </Dialog>
  );
};
