/** Revokes a grant after a confirmation; pessimistic: the dialog waits until the API says it is revoked. */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { Grant } from '../../../domain/grants';
import { ConfirmActions } from '../layout/ConfirmActions';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useNotifyFailure } from './useNotifyFailure';

export const RevokeGrantButton = ({ grant, onRevoked }: { grant: Grant; onRevoked: () => void }) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyFailure = useNotifyFailure();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const t = (key: string) => translate(`tongpai.citizen.grant.${key}`);
  const revoke = async () => {
    setBusy(true);
    try {
      await dataProvider.revokeGrant(grant.id);
      notify('tongpai.citizen.grant.revoked', { type: 'success' });
      setOpen(false);
      onRevoked();
    } catch (error) {
      notifyFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" color="error" variant="outlined" sx={{ mt: 1 }} onClick={() => setOpen(true)}>
        {t('revoke')}
      </Button>
      <Dialog open={open} onClose={busy ? undefined : () => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{t('revoke_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('revoke_explain')}</DialogContentText>
        </DialogContent>
        <ConfirmActions
          label={t('revoke')}
          color="error"
          ready
          busy={busy}
          onCancel={() => setOpen(false)}
          onConfirm={() => void revoke()}
        />
      </Dialog>
    </>
  );
};
