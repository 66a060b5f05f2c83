/** The buttons of a dialog that makes an irreversible step: cancel, and the step, which shows it waits for the server. */
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import DialogActions from '@mui/material/DialogActions';
import { useTranslate } from 'react-admin';

export interface ConfirmActionsProps {
  label: string;
  color: ButtonProps['color'];
  /** The form is complete. */
  ready: boolean;
  /** The step is being saved: both buttons wait. */
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

export const ConfirmActions = ({ label, color, ready, busy, onCancel, onConfirm }: ConfirmActionsProps) => {
  const translate = useTranslate();
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={busy}>
        {translate('ra.action.cancel')}
      </Button>
      <Button
        variant="contained"
        color={color}
        disabled={!ready || busy}
        startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
        onClick={onConfirm}
      >
        {label}
      </Button>
    </DialogActions>
  );
};
