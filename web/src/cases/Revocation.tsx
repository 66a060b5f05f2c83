/**
 * Revocation on the case page: who revoked the issued photos, when and why; and, for an administrator of the
 * case's region while the photos are issued or superseded, the button to revoke them. Pessimistic: the dialog
 * asks for a reason, says what will happen, and stays open (busy) until the API has revoked the case and
 * started the recalls; a revocation cannot be undone.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import BlockIcon from '@mui/icons-material/Block';
import {
  useCanAccess,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { canTransition } from '../../../domain/lifecycle';
import { revocationReasonLabels, revocationReasons, type RevocationReason } from '../../../domain/revocation';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useBilingual } from './useBilingual';
import { ConfirmActions } from '../layout/ConfirmActions';

/** What the case says about its revocation, once revoked. */
export const RevocationNotice = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  const [locale] = useLocaleState();
  const revocation = record?.revocation;
  if (!revocation) return null;
  const reason = revocationReasonLabels[revocation.reasonCode as RevocationReason];
  return (
    <Alert severity="error" sx={{ mx: 2, mt: 2 }}>
      {translate('tongpai.revocation.revoked', {
        by: revocation.by,
        at: new Date(revocation.at).toLocaleString(locale, { hour12: false }),
        reason: reason ? text(reason) : revocation.reasonCode,
      })}
      {revocation.note && <Box>{translate('tongpai.revocation.note_shown', { note: revocation.note })}</Box>}
    </Alert>
  );
};

export const RevokeButton = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reasonCode, setReasonCode] = useState<RevocationReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const { canAccess } = useCanAccess({ action: 'revoke', resource: 'cases', record });
  if (!record || !canAccess || !canTransition('revoke', record.status)) return null;

  const close = () => {
    setOpen(false);
    setReasonCode('');
    setNote('');
  };
  const confirm = async () => {
    if (!reasonCode) return;
    setBusy(true);
    try {
      await dataProvider.revokeCase(record.id, {
        reasonCode,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      close();
      notify('tongpai.revocation.done', { type: 'success' });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ px: 2, pt: 1 }}>
      <Button variant="outlined" color="error" startIcon={<BlockIcon />} onClick={() => setOpen(true)}>
        {translate('tongpai.revocation.revoke')}
      </Button>
      <Dialog open={open} onClose={busy ? undefined : close} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('tongpai.revocation.title', { name: record.personName })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{translate('tongpai.revocation.explain')}</DialogContentText>
            <TextField
              select
              required
              autoFocus
              label={translate('tongpai.revocation.reason')}
              value={reasonCode}
              onChange={(event) => setReasonCode(event.target.value as RevocationReason)}
              slotProps={{ htmlInput: { 'data-testid': 'revocation-reason' } }}
            >
              {revocationReasons.map((reason) => (
                <MenuItem key={reason} value={reason}>
                  {text(revocationReasonLabels[reason])}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              multiline
              minRows={2}
              label={translate('tongpai.revocation.note')}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
            <DialogContentText variant="caption">{translate('tongpai.revocation.final')}</DialogContentText>
          </Stack>
        </DialogContent>
        <ConfirmActions
          label={translate('tongpai.revocation.confirm')}
          color="error"
          ready={!!reasonCode}
          busy={busy}
          onCancel={close}
          onConfirm={() => void confirm()}
        />
      </Dialog>
    </Box>
  );
};
