/** A webhook's signing secret, shown this once: the administrator hands it to the third party. */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';

export const SecretDialog = ({ secret, onClose }: { secret: string; onClose: () => void }) => {
  const translate = useTranslate();
  return (
    <Dialog open maxWidth="sm" fullWidth>
      <DialogTitle>{translate('tongpai.third_parties.secret.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {translate('tongpai.third_parties.secret.explain')}
        </DialogContentText>
        <TextField
          value={secret}
          fullWidth
          slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'webhook-secret' } }}
          onFocus={(event) => event.target.select()}
        />
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('tongpai.third_parties.secret.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
